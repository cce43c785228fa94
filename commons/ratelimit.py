"""The one rate limiter: fixed windows counted in the Django cache (Redis in production, shared by all app servers).

Declare each limit once, at module level, with a scope name, a default rate and what it counts per:

    PLEDGES_PER_ADDRESS = Limit("pledge:address", "10/10m")                  # per client address
    PLEDGES_PER_EMAIL = Limit("pledge:email", "5/h", per=Limit.KEY)          # per key the caller passes
    LOOKUPS_PER_USER = Limit("voucher-lookup:user", "30/10m", per=Limit.USER)  # per signed-in user

and count an attempt where it happens: `if not PLEDGES_PER_ADDRESS.hit(request): …answer 429…`. Views that only
need a plain 429 use the decorator `@ratelimited(LIMIT, …)`.

Rates are "<count>/<period>", the period in s, m, h or d with an optional number ("10/10m", "5/h", "100/30s").
The setting `RATE_LIMITS` overrides them per scope, e.g. `{"pledge:address": "20/10m", "voucher-lookup:user":
None}`; `None` switches a scope off, and the key `"*"` sets every scope not named (test set-ups use `{"*": None}`).

The client address comes from `commons.client_address` (trusted proxies). IPv6 clients count per /64 network: one
customer usually holds a whole /64. Cache keys are `rl:<scope>:<HMAC-SHA256(SECRET_KEY, scope, identity)>:<window>`:
no address, email or user id is ever stored, and the keys cannot be recomputed without the secret key.
"""

import functools
import hashlib
import hmac
import ipaddress
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.template.response import TemplateResponse

from commons.client_address import client_address

REGISTRY = {}  # scope -> Limit, for the system check and the documentation
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
IPV6_PREFIX = 64


def now():
    """The limiter's clock (tests hold it still: a slow run must not split one burst over two windows)."""
    return time.time()


def parse_rate(rate):
    """'10/10m' -> (10, 600); None -> None (off). Raises ImproperlyConfigured for anything else."""
    if rate is None:
        return None
    match = _RATE.match(str(rate))
    if not match or int(match.group(1)) < 1 or match.group(2) == "0":
        raise ImproperlyConfigured(f"Rate limit {rate!r}: write it as '<count>/<period>', e.g. '10/10m' or '5/h'.")
    return int(match.group(1)), int(match.group(2) or 1) * _UNITS[match.group(3)]


def _address_identity(request):
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return address


class Limit:
    ADDRESS = "address"  # the client's address (commons.client_address; IPv6 per /64)
    USER = "user"  # the signed-in user (anonymous requests are not counted: the view turns them away)
    KEY = "key"  # whatever the caller passes as key= (an email address, an account id, …)

    def __init__(self, scope, rate, per=ADDRESS):
        if per not in (self.ADDRESS, self.USER, self.KEY):
            raise ValueError(f"per must be Limit.ADDRESS, Limit.USER or Limit.KEY, not {per!r}")
        if scope in REGISTRY:
            raise ImproperlyConfigured(f"The rate-limit scope {scope!r} is declared twice.")
        parse_rate(rate)  # fail at import time, not on the first request
        self.scope, self.default_rate, self.per = scope, rate, per
        REGISTRY[scope] = self

    def __repr__(self):
        return f"<Limit {self.scope} {self.rate} per {self.per}>"

    @property
    def rate(self):
        overrides = getattr(settings, "RATE_LIMITS", None) or {}
        if self.scope in overrides:
            return overrides[self.scope]
        return overrides.get("*", self.default_rate)

    def _key(self, request, key):
        """The cache key of the current window, or None when this request is not counted."""
        parsed = parse_rate(self.rate)
        if parsed is None:
            return None
        if self.per == self.ADDRESS:
            identity = _address_identity(request)
        elif self.per == self.USER:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                return None
            identity = str(user.pk)
        else:
            if key is None:
                raise ValueError(f"The limit {self.scope} counts per key: pass key=.")
            identity = str(key).strip().lower()
        digest = hmac.new(
            settings.SECRET_KEY.encode(), f"{self.scope}\x00{identity}".encode(), hashlib.sha256
        ).hexdigest()[:32]
        count, period = parsed
        return f"rl:{self.scope}:{digest}:{int(now() // period)}", count, period

    def hit(self, request, key=None):
        """Count one attempt. False once more attempts than the rate allows fell into the current window."""
        found = self._key(request, key)
        if found is None:
            return True
        cache_key, count, period = found
        if cache.add(cache_key, 1, period + 5):
            return True
        try:
            current = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.set(cache_key, 1, period + 5)
            current = 1
        return current <= count

    def undo(self, request, key=None):
        """Take back one attempt of the current window (e.g. a log-in that turned out to be right)."""
        found = self._key(request, key)
        if found is not None:
            try:
                cache.decr(found[0])
            except ValueError:  # nothing counted (any more)
                pass

    def reset(self, request, key=None):
        """Forget the attempts of the current window (e.g. after a successful password reset)."""
        found = self._key(request, key)
        if found is not None:
            cache.delete(found[0])


def too_many_requests(request):
    return TemplateResponse(request, "commons/rate_limited.html", {}, status=429)


def ratelimited(*limits, methods=("POST",)):
    """A view decorator: count each request with one of `methods` against every limit (per address or per user);
    answer 429 (template commons/rate_limited.html) when one of them is exhausted."""
    for limit in limits:
        if limit.per == Limit.KEY:
            raise ImproperlyConfigured(f"{limit.scope}: a view decorator cannot count per key; call hit() instead.")

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                allowed = [limit.hit(request) for limit in limits]  # count every limit, even after one refused
                if not all(allowed):
                    return too_many_requests(request)
            return view(request, *args, **kwargs)

        wrapped.rate_limits = limits
        return wrapped

    return decorator
