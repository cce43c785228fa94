"""The editor groups (setting EDITOR_GROUPS, default "Redaktion") may pause, resume and extend all running campaigns."""

from django.db import migrations

from commons.migration_helpers import grant_operation


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("fundraising", "0007_campaign_pause"),
    ]

    operations = [grant_operation(["fundraising.add_campaignpause"])]
