"""For the plugins' data migrations: give the site's editor groups permissions on their models.

    from commons.migration_helpers import grant_operation

    operations = [grant_operation(["payouts.view_matchfund", "payouts.add_matchfund"])]

or, inside a RunPython function of your own, `grant_to_editors(apps, perms)`. The groups are the setting
`EDITOR_GROUPS` (default `["Redaktion"]`, the demo city's editorial team); a missing group is created, so the
migration needs no dependency on the app that otherwise creates it. The apps' permissions are created on the spot
(Django normally creates them only after all migrations ran). Kept stable on purpose: migrations import it.
"""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

DEFAULT_EDITOR_GROUPS = ["Redaktion"]


def editor_groups():
    return list(getattr(settings, "EDITOR_GROUPS", DEFAULT_EDITOR_GROUPS))


def _split(perms):
    pairs = []
    for perm in perms:
        app_label, _, codename = perm.partition(".")
        if not codename:
            raise ValueError(f"{perm!r}: write permissions as 'app_label.codename'")
        pairs.append((app_label, codename))
    return pairs


def _permissions(apps, perms, create):
    pairs = _split(perms)
    if create:
        for app_label in dict.fromkeys(label for label, _ in pairs):
            app_config = apps.get_app_config(app_label)
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
    query = Q(pk__in=[])
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(apps.get_model("auth", "Permission").objects.filter(query))


def grant_to_editors(apps, perms):
    """Add the permissions ("app_label.codename") to every group in EDITOR_GROUPS (created when missing)."""
    permissions = _permissions(apps, perms, create=True)
    Group = apps.get_model("auth", "Group")
    for name in editor_groups():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke_from_editors(apps, perms):
    """Take the permissions back from the editor groups that exist (the reverse of grant_to_editors)."""
    permissions = _permissions(apps, perms, create=False)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=editor_groups()):
        group.permissions.remove(*permissions)


def grant_operation(perms):
    """A RunPython operation: grant on the way forwards, revoke on the way back."""
    perms = list(perms)

    def forwards(apps, schema_editor):
        grant_to_editors(apps, perms)

    def backwards(apps, schema_editor):
        revoke_from_editors(apps, perms)

    return migrations.RunPython(forwards, backwards)
