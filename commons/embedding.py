"""Views that other sites may frame (map embed, campaign widget).

`@allow_embedding` drops X-Frame-Options for this response only (Django's `xframe_options_exempt`) and replaces
the CSP `frame-ancestors` with the `EMBED_FRAME_ANCESTORS` setting (default: `["'self'", "https:"]`) — read by
django-csp's middleware through `response._csp_replace`. Works on plain views and on RoutablePageMixin routes.
"""

from functools import wraps

from django.conf import settings


def embed_frame_ancestors():
    return list(getattr(settings, "EMBED_FRAME_ANCESTORS", ["'self'", "https:"]))


def allow_embedding(view_func):
    """Let other sites frame this view: no X-Frame-Options, ``frame-ancestors`` from ``EMBED_FRAME_ANCESTORS``."""

    @wraps(view_func)
    def wrapper(*args, **kwargs):
        response = view_func(*args, **kwargs)
        response.xframe_options_exempt = True
        replace = dict(getattr(response, "_csp_replace", None) or {})
        replace["frame-ancestors"] = embed_frame_ancestors()
        response._csp_replace = replace
        return response

    return wrapper
