"""The editors' group sees the closure offers of businesses closed for good and records paid refunds (setting
FUNDRAISING_EDITOR_GROUP, default "Redaktion")."""

from django.conf import settings
from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="fundraising", model="closureoffer")
    group, _ = Group.objects.get_or_create(name=getattr(settings, "FUNDRAISING_EDITOR_GROUP", "Redaktion"))
    for action, verb in (("view", "view"), ("change", "change")):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_closureoffer", defaults={"name": f"Can {verb} closure offer"}
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("fundraising", "0012_closure_offers"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
