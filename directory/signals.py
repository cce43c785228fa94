"""Keep BusinessPage.hours_data in step when hour rows are saved or deleted outside a page save."""

from django.db.models.signals import post_delete, post_save


def refresh_hours_data(page_ids):
    from directory.models import BusinessPage  # reason: models -> area_rules -> this module (cycle)
    from directory.opening_hours_logic import load_rules_from_tables, rules_to_data  # reason: same cycle as above

    for page_id, rules in load_rules_from_tables(list(page_ids)).items():
        BusinessPage.objects.filter(pk=page_id).update(hours_data=rules_to_data(rules))


def _on_hours_change(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    parent = instance._state.fields_cache.get("page")
    if parent is not None and getattr(parent, "_hours_data_fresh", False):
        return  # the page is being saved and computed its hours_data itself
    if instance.page_id:
        refresh_hours_data([instance.page_id])


def connect_signals():
    from directory.models import ClosingDay, RegularHours, TemporaryHours  # reason: called from ready()

    for model in (RegularHours, TemporaryHours, ClosingDay):
        post_save.connect(_on_hours_change, sender=model, dispatch_uid=f"directory-hours-save-{model.__name__}")
        post_delete.connect(_on_hours_change, sender=model, dispatch_uid=f"directory-hours-delete-{model.__name__}")
