from django.apps import AppConfig


class CommonsConfig(AppConfig):
    name = "commons"
    verbose_name = "Commons"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commons import checks  # noqa: F401  (registers the system checks; needs the app registry)
        from commons import csv_admin  # imports Wagtail's admin views: only once the app registry is ready

        csv_admin.install()
