"""For data migrations of other apps: give the editorial team ("Redaktion", created by owners 0002) permissions on
an app's models. Kept stable on purpose: migrations import it.

    from owners.migration_helpers import grant_to_redaktion

    operations = [grant_to_redaktion("payouts", ["view_matchfund", "add_matchfund"])]

with a dependency on ("owners", "0002_redaktion_group_and_workflow") and the app's migration creating the models.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Redaktion"


def grant_to_redaktion(app_label, codenames):
    """A RunPython operation that adds (and on reversal removes) the permissions to the group, if it exists."""
    codenames = list(codenames)

    def _permissions(apps):
        Permission = apps.get_model("auth", "Permission")
        return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)

    def _group(apps):
        return apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()

    def forwards(apps, schema_editor):
        # Permissions are normally created after all migrations ran; create this app's now so they can be granted.
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        group = _group(apps)
        if group is not None:
            group.permissions.add(*_permissions(apps))

    def backwards(apps, schema_editor):
        group = _group(apps)
        if group is not None:
            group.permissions.remove(*_permissions(apps))

    return migrations.RunPython(forwards, backwards)
