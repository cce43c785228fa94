from django.apps import AppConfig


class CommonsConfig(AppConfig):
    name = "commons"
    verbose_name = "Commons"
    default_auto_field = "django.db.models.BigAutoField"
