from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """Posters, the embeddable widget, the city's dashboard, home key figures and campaign updates."""

    name = "fundraising.outreach"
    label = "outreach"
    verbose_name = _("Outreach")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # reason: ready(), after models

        signals.connect()
