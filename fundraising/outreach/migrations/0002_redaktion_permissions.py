"""The editorial team ("Redaktion", created by owners 0002) chooses featured campaigns, can hide owners' campaign
updates and edits the poster headline. Updates are never created in the admin (they come from owners)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Redaktion"
CODENAMES = [
    "view_featuredcampaign",
    "add_featuredcampaign",
    "change_featuredcampaign",
    "delete_featuredcampaign",
    "view_campaignupdate",
    "change_campaignupdate",
    "view_outreachsettings",
    "change_outreachsettings",
]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("outreach")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    group.permissions.add(*Permission.objects.filter(content_type__app_label="outreach", codename__in=CODENAMES))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="outreach", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_initial"),
        ("owners", "0002_redaktion_group_and_workflow"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
