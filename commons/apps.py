from django.apps import AppConfig


class CommonsConfig(AppConfig):
    name = "commons"
    verbose_name = "Commons"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # reason: ready(), both need the app registry: the checks register themselves on import, csv_admin imports
        # Wagtail's admin views.
        from commons import checks, csv_admin  # noqa: F401  reason: see above

        csv_admin.install()
