"""A URL configuration for the public-cache tests: small views that exercise every caching rule."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.utils import translation

from cms import caching
from cms import urls as project_urls
from commons.embedding import allow_embedding

RENDERS = {"count": 0}


def _body(request, extra=""):
    RENDERS["count"] += 1
    return f"render {RENDERS['count']} lang={translation.get_language()} q={request.GET.get('q', '')}{extra}"


@caching.cache_public
def plain(request):
    return HttpResponse(_body(request))


@caching.cache_public
def sets_cookie(request):
    response = HttpResponse(_body(request))
    response.set_cookie("tracking", "1")
    return response


@caching.cache_public
def with_csrf(request):
    return HttpResponse(_body(request, get_token(request)))


@caching.cache_public
def varies_on_origin(request):
    response = HttpResponse(_body(request))
    response["Vary"] = "Origin"
    return response


@caching.cache_public
def private(request):
    response = HttpResponse(_body(request))
    response["Cache-Control"] = "private, max-age=60"
    return response


@caching.cache_public
def not_found(request):
    return HttpResponse(_body(request), status=404)


@caching.cache_public
def reads_user(request):
    return HttpResponse(_body(request, f" user={request.user.is_authenticated}"))


@caching.cache_public
def invalidates_while_rendering(request):
    body = _body(request)
    caching._bump()  # another server published something while this response was being rendered
    return HttpResponse(body)


def not_opted_in(request):
    return HttpResponse(_body(request))


def api(request):
    return HttpResponse(_body(request), content_type="application/json")


@allow_embedding
def embed(request):
    return HttpResponse("embed")


class Routes:
    @allow_embedding
    def widget(self, request):
        return HttpResponse("widget")


def widget(request):
    return Routes().widget(request)


urlpatterns = [
    path("api/v1/thing", api),
    path("embed/", embed),
    path("widget/", widget),
]
urlpatterns += i18n_patterns(
    path("plain/", plain),
    path("cookie/", sets_cookie),
    path("csrf/", with_csrf),
    path("vary/", varies_on_origin),
    path("private/", private),
    path("missing/", not_found),
    path("user/", reads_user),
    path("race/", invalidates_while_rendering),
    path("other/", not_opted_in),
    prefix_default_language=False,
)
urlpatterns += project_urls.urlpatterns  # the real site behind the test views (Wagtail pages, admin, accounts)
