"""The editor groups (setting EDITOR_GROUPS, default "Redaktion") see the closure offers of businesses closed for good
and record paid refunds or extend a deadline."""

from django.db import migrations

from commons.migration_helpers import grant_operation


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("fundraising", "0015_closure_offers"),
    ]

    operations = [grant_operation(["fundraising.view_closureoffer", "fundraising.change_closureoffer"])]
