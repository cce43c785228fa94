"""The editor groups (setting EDITOR_GROUPS, default "Redaktion") may import businesses."""

from django.db import migrations

from commons.migration_helpers import grant_operation


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0004_listing_source_and_import_run"),
    ]

    operations = [grant_operation(["directory.add_importrun"])]
