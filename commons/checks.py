"""System checks for the kernel's settings: the trusted proxies and the rate limits."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.urls import get_resolver

from commons import client_address, ratelimit


@checks.register(checks.Tags.security)
def check_trusted_proxies(app_configs, **kwargs):
    try:
        client_address.trusted_networks()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="commons.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_proxy_configured(app_configs, **kwargs):
    """Production runs behind a TLS-terminating proxy (SECURE_PROXY_SSL_HEADER): without TRUSTED_PROXIES every
    visitor would share the proxy's address, and one busy visitor would rate-limit everybody."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not getattr(settings, "TRUSTED_PROXIES", None):
        return [
            checks.Warning(
                "TRUSTED_PROXIES is empty although the site runs behind a proxy (SECURE_PROXY_SSL_HEADER): "
                "rate limits would see every visitor as the proxy.",
                hint="Set TRUSTED_PROXIES to the proxy's addresses, e.g. 127.0.0.1,::1 for nginx on the same host.",
                id="commons.W001",
            )
        ]
    return []


@checks.register()
def check_rate_limits(app_configs, **kwargs):
    get_resolver().url_patterns  # noqa: B018 (imports every view module: limits are declared where they are used)
    errors = []
    for scope, rate in (getattr(settings, "RATE_LIMITS", None) or {}).items():
        if scope != "*" and scope not in ratelimit.REGISTRY:
            errors.append(checks.Warning(f"RATE_LIMITS names the unknown scope {scope!r}.", id="commons.W002"))
        try:
            ratelimit.parse_rate(rate)
        except ImproperlyConfigured as error:
            errors.append(checks.Error(str(error), id="commons.E002"))
    return errors
