"""Permanent redirects from the campaign URLs used before the glossary (issue 18): "spendenaktion" → "aktion".

Support for a business is not a donation, so no URL says "Spende". Links printed on posters, sent in emails or
bookmarked still work: any path with a segment "spendenaktion" or "spendenaktion-<n>" (the owner area's
`/mein-unternehmen/<id>/spendenaktion/...` and public campaign pages `/unternehmen/<business>/spendenaktion/...`,
with their sub-routes and any language prefix) answers with 301 (308 for other methods than GET and HEAD, which
keeps the method and body) to the same path with "aktion", query string included.
"""

import re

from django.http import HttpResponsePermanentRedirect
from django.urls import re_path

OLD_SEGMENT = re.compile(r"(?<=/)spendenaktion(?=(-\d+)?(/|$))")


class HttpResponsePermanentRedirectKeepMethod(HttpResponsePermanentRedirect):
    status_code = 308


def redirect_old_campaign_path(request, **_kwargs):
    target = OLD_SEGMENT.sub("aktion", request.path)
    query = request.META.get("QUERY_STRING", "")
    if query:
        target = f"{target}?{query}"
    if request.method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(target)
    return HttpResponsePermanentRedirectKeepMethod(target)


urlpatterns = [
    re_path(r"^(?:.*/)?spendenaktion(?:-\d+)?(?:/.*)?$", redirect_old_campaign_path, name="legacy_campaign_redirect"),
]
