from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayoutsConfig(AppConfig):
    """Stripe Connect payouts to the businesses and the city's match funds (nested in fundraising/)."""

    name = "fundraising.payouts"
    label = "payouts"
    verbose_name = _("Payouts and match funding")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fundraising.payouts import receivers  # reason: ready(), after models

        receivers.connect()
