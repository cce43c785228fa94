"""The editors' group may pause, resume and extend all running campaigns (setting FUNDRAISING_EDITOR_GROUP,
default "Redaktion")."""

from django.conf import settings
from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="fundraising", model="campaignpause")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="add_campaignpause", defaults={"name": "Can add campaign pause"}
    )
    group, _ = Group.objects.get_or_create(name=getattr(settings, "FUNDRAISING_EDITOR_GROUP", "Redaktion"))
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("fundraising", "0007_campaign_pause"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
