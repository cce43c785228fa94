"""Project middleware: the shared public-page cache and the Content-Security-Policy (the Permissions-Policy header
comes from django-permissions-policy, configured by the PERMISSIONS_POLICY setting).

For views that other sites may frame (map embed, campaign widget) use :func:`commons.embedding.allow_embedding`.
"""

from csp.middleware import CSPMiddleware

from django.conf import settings

from cms import caching


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the shared cache; store cacheable responses.

    Sits right after WhiteNoise, so it sees the final response (cookies, CSP and all) and a hit skips everything
    else. The rules are in cms/caching.py. Adds ``X-Public-Cache: hit|miss`` so tests and operators can see it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = caching.request_key(request)
        if key is not None:
            cached = caching.lookup(key)
            if cached is not None:
                cached["X-Public-Cache"] = "hit"
                return cached
        response = self.get_response(request)
        if key is not None and caching.response_is_cacheable(request, response):
            response["X-Public-Cache"] = "miss"
            caching.store(key, response)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with two project rules.

    * Under the Wagtail admin (``WAGTAIL_ADMIN_PREFIX``) the admin's own needs are added: inline scripts and style
      attributes, blob: images for upload previews, and same-origin framing for the live preview panel.
    * Views decorated with :func:`commons.embedding.allow_embedding` replace ``frame-ancestors`` with
      ``EMBED_FRAME_ANCESTORS``.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(getattr(settings, "WAGTAIL_ADMIN_PREFIX", "/admin/")):
            parts.update = {**ADMIN_CSP_UPDATE, **(parts.update or {})}
            parts.replace = {**ADMIN_CSP_REPLACE, **(parts.replace or {})}
        return parts


# Checked in Chromium against Wagtail 8.0.1: the page editor and the users listing execute inline <script>s and
# the admin sets style attributes. The admin is for trusted editors only (Wagtail's own advice), so this is
# confined to WAGTAIL_ADMIN_PREFIX; the public site keeps 'self' only.
ADMIN_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    "media-src": ["blob:"],
    "worker-src": ["'self'", "blob:"],
}
ADMIN_CSP_REPLACE = {"frame-ancestors": ["'self'"], "frame-src": ["'self'"]}
