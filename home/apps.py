from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and pages")

    def ready(self):
        from home.site_chrome import connect_signals  # reason: ready(), site_chrome imports the models

        connect_signals()
