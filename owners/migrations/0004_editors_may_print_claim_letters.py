"""The editors ("Redaktion") may print claim letters."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="owners", model="claimletter")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="add_claimletter", defaults={"name": "Can add claim letter"}
    )
    group, _ = Group.objects.get_or_create(name="Redaktion")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("owners", "0003_claim_letters")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
