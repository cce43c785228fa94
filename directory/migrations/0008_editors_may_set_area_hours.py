"""The editors' group may set hours for areas (crisis closures) and keep listing status ("closed for good")."""

from django.conf import settings
from django.db import migrations

PERMISSIONS = [
    ("areahours", "add_areahours", "Can add hours for an area"),
    ("areahours", "change_areahours", "Can change hours for an area"),
    ("areahours", "delete_areahours", "Can delete hours for an area"),
    ("freshness", "add_freshness", "Can add listing freshness"),
    ("freshness", "change_freshness", "Can change listing freshness"),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=getattr(settings, "DIRECTORY_EDITOR_GROUP", "Redaktion"))
    for model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="directory", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_area_hours")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
