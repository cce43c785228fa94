"""The one rate limiter: rates, windows, overrides, hashed keys, IPv6 networks, the decorator, parallel hits."""

import threading

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from commons import checks, ratelimit
from commons.ratelimit import Limit, parse_rate, ratelimited

ADDRESS_LIMIT = Limit("test:address", "3/m")
KEY_LIMIT = Limit("test:key", "2/h", per=Limit.KEY)
USER_LIMIT = Limit("test:user", "2/m", per=Limit.USER)
PARALLEL_LIMIT = Limit("test:parallel", "5/h")


def request(remote_addr="203.0.113.5", method="post", user=None, **extra):
    req = getattr(RequestFactory(), method)("/", REMOTE_ADDR=remote_addr, **extra)
    req.user = user or AnonymousUser()
    return req


class Recorder:
    """The cache, with every key the limiter writes written down."""

    def __init__(self, real):
        self.real, self.keys = real, []

    def add(self, key, *args, **kwargs):
        self.keys.append(key)
        return self.real.add(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Every attempt of a test falls into one window, however slow the machine."""
    monkeypatch.setattr(ratelimit, "now", lambda: 1_000_040.0)


@pytest.mark.parametrize(
    "text, expected",
    [("10/10m", (10, 600)), ("5/h", (5, 3600)), (" 1 / 3m ", (1, 180)), ("100/30s", (100, 30)), ("2/d", (2, 86400))],
)
def test_parse_rate(text, expected):
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text", ["", "10", "10/", "0/m", "-1/m", "10/0m", "10/10x", "ten/m", "10/m/ip", (10, 60)])
def test_parse_rate_refuses_anything_else(text):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(text)


def test_counts_per_client_address(settings):
    assert [ADDRESS_LIMIT.hit(request()) for _ in range(5)] == [True, True, True, False, False]
    assert ADDRESS_LIMIT.hit(request("198.51.100.7"))  # another client has its own count


def test_scopes_are_separate():
    for _ in range(3):
        ADDRESS_LIMIT.hit(request())
    assert not ADDRESS_LIMIT.hit(request())
    assert PARALLEL_LIMIT.hit(request())


def test_keys_ignore_case_and_spaces():
    assert KEY_LIMIT.hit(request(), key="Erika@Example.org")
    assert KEY_LIMIT.hit(request("198.51.100.7"), key=" erika@example.org")
    assert not KEY_LIMIT.hit(request("192.0.2.1"), key="ERIKA@EXAMPLE.ORG")  # any address: the key counts
    with pytest.raises(ValueError):
        KEY_LIMIT.hit(request())


def test_user_limits_count_signed_in_users_only(django_user_model):
    user = django_user_model.objects.create_user("u", "u@example.org", "pw")
    assert [USER_LIMIT.hit(request(user=user)) for _ in range(3)] == [True, True, False]
    # Another address does not help the same account; anonymous requests are not counted (the view refuses them).
    assert not USER_LIMIT.hit(request("198.51.100.7", user=user))
    assert all(USER_LIMIT.hit(request()) for _ in range(5))


def test_a_new_window_starts_afresh(monkeypatch):
    now = [1_000_040.0]  # 20 s into a minute window (16667 × 60 = 1,000,020)
    monkeypatch.setattr(ratelimit, "now", lambda: now[0])
    assert [ADDRESS_LIMIT.hit(request()) for _ in range(4)] == [True, True, True, False]
    now[0] += 39  # still the same minute
    assert not ADDRESS_LIMIT.hit(request())
    now[0] += 1  # the next minute
    assert ADDRESS_LIMIT.hit(request())


def test_undo_and_reset():
    for _ in range(3):
        ADDRESS_LIMIT.hit(request())
    ADDRESS_LIMIT.undo(request())
    assert ADDRESS_LIMIT.hit(request())
    assert not ADDRESS_LIMIT.hit(request())
    ADDRESS_LIMIT.reset(request())
    assert ADDRESS_LIMIT.hit(request())
    KEY_LIMIT.undo(request(), key="never-counted@example.org")  # nothing to take back: no error


def test_settings_override_switch_off_and_wildcard(settings):
    settings.RATE_LIMITS = {"test:address": "1/m"}
    assert [ADDRESS_LIMIT.hit(request()) for _ in range(2)] == [True, False]
    settings.RATE_LIMITS = {"test:address": None}
    assert all(ADDRESS_LIMIT.hit(request()) for _ in range(50))
    settings.RATE_LIMITS = {"*": None, "test:key": "1/h"}
    assert all(PARALLEL_LIMIT.hit(request()) for _ in range(50))
    assert [KEY_LIMIT.hit(request(), key="a@example.org") for _ in range(2)] == [True, False]


def test_settings_are_checked(settings):
    settings.RATE_LIMITS = {"test:address": "lots", "no-such-scope": "1/m", "*": None}
    assert sorted(problem.id for problem in checks.check_rate_limits(None)) == ["commons.E002", "commons.W002"]


def test_keys_hold_no_address_and_depend_on_the_secret_key(settings, monkeypatch):
    recorder = Recorder(cache)
    monkeypatch.setattr(ratelimit, "cache", recorder)
    KEY_LIMIT.hit(request("203.0.113.5"), key="erika@example.org")
    ADDRESS_LIMIT.hit(request("203.0.113.5"))
    settings.SECRET_KEY = "another-secret-key"
    ADDRESS_LIMIT.hit(request("203.0.113.5"))
    first, second, third = recorder.keys
    for key in recorder.keys:
        assert "203.0.113" not in key and "erika" not in key and "example" not in key
    assert first.startswith("rl:test:key:") and second.startswith("rl:test:address:")
    assert second != third  # without the secret key nobody can compute a client's key
    # and the same address under another scope is another key
    assert second.split(":")[3] != first.split(":")[3]


def test_ipv6_clients_count_per_64_network():
    assert [ADDRESS_LIMIT.hit(request(f"2001:db8:1:2::{n:x}")) for n in range(1, 5)] == [True, True, True, False]
    assert ADDRESS_LIMIT.hit(request("2001:db8:1:3::1"))  # the neighbouring /64


def test_behind_a_trusted_proxy_each_client_counts_alone(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    via_proxy = [request("127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(1, 11)]
    assert all(ADDRESS_LIMIT.hit(req) for req in via_proxy)  # ten people behind one proxy: no one is limited
    # One client rotating a spoofed left part still counts as itself.
    spoofed = [request("127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.5") for n in range(4)]
    assert [ADDRESS_LIMIT.hit(req) for req in spoofed] == [True, True, True, False]


def test_parallel_hits_allow_exactly_the_rate():
    results = []
    barrier = threading.Barrier(20)

    def attempt():
        barrier.wait()
        results.append(PARALLEL_LIMIT.hit(request("192.0.2.99")))

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 5


def test_decorator_answers_429_for_counted_methods_only(db):
    calls = []

    @ratelimited(ADDRESS_LIMIT, USER_LIMIT)
    def view(req):
        calls.append(req.method)
        return HttpResponse("ok")

    assert view.rate_limits == (ADDRESS_LIMIT, USER_LIMIT)
    assert [view(request()).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert view(request(method="get")).status_code == 200  # GET is not counted
    response = view(request())
    response.render()
    assert response.status_code == 429 and b"Zu viele" in response.content
    assert len(calls) == 4


def test_decorator_cannot_count_per_key():
    with pytest.raises(ImproperlyConfigured):
        ratelimited(KEY_LIMIT)


def test_a_scope_is_declared_once():
    with pytest.raises(ImproperlyConfigured):
        Limit("test:address", "1/m")
    with pytest.raises(ImproperlyConfigured):
        Limit("test:bad-rate", "1 per minute")
    with pytest.raises(ValueError):
        Limit("test:bad-per", "1/m", per="ip")
