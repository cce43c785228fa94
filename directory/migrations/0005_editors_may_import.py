"""The editors' group (setting DIRECTORY_EDITOR_GROUP, default "Redaktion") may import businesses."""

from django.conf import settings
from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="directory", model="importrun")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="add_importrun", defaults={"name": "Can add import"}
    )
    group, _ = Group.objects.get_or_create(name=getattr(settings, "DIRECTORY_EDITOR_GROUP", "Redaktion"))
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0004_listing_source_and_import_run"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
