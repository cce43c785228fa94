"""Keep BusinessPage.hours_data in step when hour rows are saved or deleted outside a page save."""

from django.db.models.signals import post_delete, post_save

from directory.area_rules import refresh_hours_data

HOUR_MODELS = ("directory.RegularHours", "directory.TemporaryHours", "directory.ClosingDay")


def _on_hours_change(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    parent = instance._state.fields_cache.get("page")
    if parent is not None and getattr(parent, "_hours_data_fresh", False):
        return  # the page is being saved and computed its hours_data itself
    if instance.page_id:
        refresh_hours_data([instance.page_id])


def connect_signals():
    """Called from DirectoryConfig.ready(); senders named lazily ("app_label.Model"), as model signals allow."""
    for model in HOUR_MODELS:
        name = model.split(".")[1]
        post_save.connect(_on_hours_change, sender=model, dispatch_uid=f"directory-hours-save-{name}")
        post_delete.connect(_on_hours_change, sender=model, dispatch_uid=f"directory-hours-delete-{name}")
