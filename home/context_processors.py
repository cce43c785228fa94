from django.conf import settings


def platform(request):
    """Platform-wide values every template may use (the city and name come from settings, never literals)."""
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "CITY_NAME": settings.CITY_NAME,
        "PAYMENTS_DEMO_MODE": settings.PAYMENTS_DEMO_MODE,
    }
