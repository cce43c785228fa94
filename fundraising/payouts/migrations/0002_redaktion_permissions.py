"""The editorial team ("Redaktion", created by owners 0002) manages match funds and manual payouts and sees the
payout reports; Stripe's account state and the allocations are read-only for everyone."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Redaktion"
CODENAMES = [
    "view_matchfund",
    "add_matchfund",
    "change_matchfund",
    "view_matchallocation",
    "view_connectedaccount",
    "view_pledgerouting",
    "view_manualpayout",
    "add_manualpayout",
    "change_manualpayout",
]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("payouts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    group.permissions.add(*Permission.objects.filter(content_type__app_label="payouts", codename__in=CODENAMES))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="payouts", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("payouts", "0001_initial"),
        ("owners", "0002_redaktion_group_and_workflow"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
