"""The client's address, also behind a reverse proxy: the one answer every rate limit, log line and allauth uses.

`REMOTE_ADDR` is the machine that opened the connection. Behind nginx or a load balancer that is the proxy, so every
visitor would look the same. The setting `TRUSTED_PROXIES` (env `TRUSTED_PROXIES`, a list of addresses or networks,
e.g. `127.0.0.1,::1` for nginx on the same host) names the proxies we run. Only when the connection comes from one
of them is `X-Forwarded-For` read, from the right: each trusted proxy appends the address it saw, so the first
entry from the right that is *not* a trusted proxy is the client. Anything a client writes into the header itself
stands further left and is never reached; a client that connects directly (not through a trusted proxy) is never
asked at all. With an empty setting (the default) the header is ignored completely.
"""

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

UNKNOWN = "unknown"


@functools.lru_cache(maxsize=8)
def parse_networks(entries):
    """('127.0.0.1', '10.0.0.0/8', …) -> ip_network objects; a malformed entry is a configuration error."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an IP address or network.") from error
    return tuple(networks)


def trusted_networks():
    return parse_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def parse_address(text):
    """An address as a proxy or server writes it ('1.2.3.4', '1.2.3.4:5678', '[2001:db8::1]:443', '::ffff:1.2.3.4')
    -> an ip_address, or None when it is not one (garbage, 'unknown', an obfuscated RFC 7239 name)."""
    text = (text or "").strip().strip('"')
    if text.startswith("["):  # [v6]:port
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_address(request):
    """The client's IP address as a string ('unknown' when the server gives none)."""
    peer = parse_address(request.META.get("REMOTE_ADDR"))
    networks = trusted_networks()
    if not _is_trusted(peer, networks):
        return str(peer) if peer else UNKNOWN
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hop = peer  # the nearest address known to be true
    for entry in reversed(forwarded.split(",")):
        address = parse_address(entry)
        if address is None:
            # A trusted proxy handed over something that is not an address: stop at the last address we can vouch
            # for rather than trust anything further left.
            break
        hop = address
        if not _is_trusted(address, networks):
            break
    return str(hop)
