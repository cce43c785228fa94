"""The client's address behind trusted proxies: X-Forwarded-For is read only from them, from the right."""

import pytest

from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from commons import checks
from commons.client_address import client_address, parse_address

NGINX = ["127.0.0.1", "::1"]


def request(remote_addr="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("127.0.0.1", "203.0.113.5")) == "127.0.0.1"
    assert client_address(request("198.51.100.7", "203.0.113.5")) == "198.51.100.7"


def test_behind_nginx_the_forwarded_address_is_the_client(settings):
    settings.TRUSTED_PROXIES = NGINX
    assert client_address(request("127.0.0.1", "203.0.113.5")) == "203.0.113.5"
    assert client_address(request("::1", "2001:db8::7")) == "2001:db8::7"


def test_a_spoofed_header_passed_through_nginx_is_ignored(settings):
    """nginx appends the address it saw ($proxy_add_x_forwarded_for): whatever the client wrote stays on the left."""
    settings.TRUSTED_PROXIES = NGINX
    assert client_address(request("127.0.0.1", "1.1.1.1, 8.8.8.8, 203.0.113.5")) == "203.0.113.5"
    assert client_address(request("127.0.0.1", "127.0.0.1, 203.0.113.5")) == "203.0.113.5"


def test_a_client_that_is_not_a_trusted_proxy_cannot_set_its_address(settings):
    settings.TRUSTED_PROXIES = NGINX
    assert client_address(request("198.51.100.7", "203.0.113.5")) == "198.51.100.7"
    assert client_address(request("198.51.100.7", "127.0.0.1")) == "198.51.100.7"


def test_several_proxies_are_skipped_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # client -> load balancer 10.0.0.5 -> nginx on 127.0.0.1 -> app
    assert client_address(request("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.5")) == "203.0.113.5"
    # A client inside a trusted network that sends everything through trusted hops: the leftmost address.
    assert client_address(request("127.0.0.1", "10.1.2.3, 10.0.0.5")) == "10.1.2.3"


def test_garbage_from_a_trusted_proxy_stops_at_the_last_known_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_address(request("127.0.0.1", "203.0.113.5, unknown")) == "127.0.0.1"
    assert client_address(request("127.0.0.1", "203.0.113.5, garbage, 10.0.0.5")) == "10.0.0.5"
    assert client_address(request("127.0.0.1", "")) == "127.0.0.1"
    assert client_address(request("127.0.0.1", " , ")) == "127.0.0.1"
    assert client_address(request("127.0.0.1", "x" * 10_000)) == "127.0.0.1"


def test_no_remote_address(settings):
    settings.TRUSTED_PROXIES = NGINX
    assert client_address(request("", "203.0.113.5")) == "unknown"
    assert client_address(request("not-an-ip", "203.0.113.5")) == "unknown"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("203.0.113.5", "203.0.113.5"),
        (" 203.0.113.5 ", "203.0.113.5"),
        ("203.0.113.5:51234", "203.0.113.5"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:DB8::1", "2001:db8::1"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
        ('"203.0.113.5"', "203.0.113.5"),
        ("unknown", None),
        ("_hidden", None),
        ("[2001:db8::1", None),
        ("999.1.1.1", None),
        ("", None),
    ],
)
def test_parse_address(text, expected):
    parsed = parse_address(text)
    assert (str(parsed) if parsed else None) == expected


def test_malformed_setting_is_a_configuration_error(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "not a network"]
    with pytest.raises(ImproperlyConfigured):
        client_address(request())
    assert [error.id for error in checks.check_trusted_proxies(None)] == ["commons.E001"]


def test_deploy_check_warns_behind_a_proxy_without_trusted_proxies(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = []
    assert [w.id for w in checks.check_proxy_configured(None)] == ["commons.W001"]
    settings.TRUSTED_PROXIES = NGINX
    assert checks.check_proxy_configured(None) == []


def test_allauth_gets_the_same_answer(settings):
    from allauth.account.adapter import get_adapter

    settings.TRUSTED_PROXIES = NGINX
    spoofed = request("127.0.0.1", "1.1.1.1, 203.0.113.5")
    assert get_adapter(spoofed).get_client_ip(spoofed) == client_address(spoofed) == "203.0.113.5"
    direct = request("198.51.100.7", "1.1.1.1")
    assert get_adapter(direct).get_client_ip(direct) == "198.51.100.7"
