from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectiveConfig(AppConfig):
    """Collective campaigns: one campaign for a whole group of businesses, split by a published rule."""

    name = "fundraising.collective"
    label = "collective"
    verbose_name = _("Collective campaigns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals, start  # reason: ready(), these import the models

        signals.connect()

        start.connect()  # emails to initiators of campaigns started on the site
