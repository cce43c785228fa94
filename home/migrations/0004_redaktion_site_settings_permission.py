"""The editorial team ("Redaktion") may change the site settings (contact, social links, footer).

get_or_create on both sides: the owners app's migration creates the same group with get_or_create too, so the
order of the two migrations does not matter and home does not depend on owners.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Redaktion"


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("home")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="home", codename__in=["change_sitesettings", "view_sitesettings"])
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="home", codename__in=["change_sitesettings", "view_sitesettings"])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_standard_news_settings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
