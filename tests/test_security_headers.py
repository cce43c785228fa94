"""CSP, Permissions-Policy, framing rules (cms/middleware.py, the CSP settings in cms/settings/base.py)."""

import pytest

from django.test import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.cache_urls")]


def directives(response):
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def test_public_pages_get_a_strict_policy(client):
    response = client.get("/other/")
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert set(csp["form-action"]) == {"'self'", "https://checkout.stripe.com"}
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_map_tiles_origin_is_derived_from_the_tile_url():
    from cms.settings.base import _origin

    assert _origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert _origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert _origin("https://tiles.example.org:8443/x/{z}/{x}/{y}.png?key=1") == "https://tiles.example.org:8443"
    assert _origin("/static/tiles/{z}/{x}/{y}.png") is None


def test_tile_origin_is_in_img_src(client, settings):
    csp = directives(client.get("/other/"))
    assert "https://tile.openstreetmap.org" in csp["img-src"]
    assert "data:" in csp["img-src"]


def test_embeddable_views_may_be_framed(client, settings):
    settings.EMBED_FRAME_ANCESTORS = ["'self'", "https:"]
    for url in ["/embed/", "/widget/"]:  # a plain view and a decorated method (RoutablePageMixin routes)
        response = client.get(url)
        assert "X-Frame-Options" not in response
        assert directives(response)["frame-ancestors"] == ["'self'", "https:"]
        assert directives(response)["script-src"] == ["'self'"]


def test_admin_gets_only_the_relaxations_it_needs(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin@example.org", "admin@example.org", "pw-very-long-1")
    client.force_login(admin)
    response = client.get("/admin/images/")
    assert response.status_code == 200
    csp = directives(response)
    assert "'unsafe-inline'" in csp["style-src"]
    assert "'unsafe-inline'" in csp["script-src"]  # Wagtail 8's page editor runs inline scripts
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]


def test_permissions_policy_allows_only_location_and_camera_for_ourselves(client):
    header = client.get("/other/")["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in header.split(","))
    assert features["geolocation"] == "(self)"
    assert features["camera"] == "(self)"
    assert features["microphone"] == "()"
    assert features["payment"] == "()"
    assert features["usb"] == "()"


def test_permissions_policy_quotes_origins(client, settings):
    settings.PERMISSIONS_POLICY = {"camera": ["self", "https://scan.example.org"], "usb": []}
    assert client.get("/other/")["Permissions-Policy"] == 'camera=(self "https://scan.example.org"), usb=()'


def test_security_headers_on_every_response(client):
    response = client.get("/other/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@override_settings(PUBLIC_PAGE_CACHE=True)
def test_cached_responses_keep_their_security_headers(client):
    first = client.get("/plain/")
    second = client.get("/plain/")
    assert second["X-Public-Cache"] == "hit"
    for header in ["Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "X-Content-Type-Options"]:
        assert second[header] == first[header]


def test_address_lookup_origin_is_the_only_extra_connect_source(client, settings):
    """Owners' "find address" runs in the browser against the geocoder; nothing else may be contacted by scripts."""
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    connect = next(part for part in policy.split(";") if part.strip().startswith("connect-src")).split()[1:]
    assert connect == ["'self'", "https://nominatim.openstreetmap.org"]
