"""The editorial team ("Redaktion", created by owners 0002) handles refunds for the city: it sees the pledges and
may refund them (`refund_pledge`); changing pledges stays with administrators."""

from django.db import migrations

from owners.migration_helpers import grant_to_redaktion


class Migration(migrations.Migration):
    dependencies = [
        ("fundraising", "0005_pledge_refund_permission_reason"),
        ("owners", "0002_redaktion_group_and_workflow"),
    ]

    operations = [grant_to_redaktion("fundraising", ["view_pledge", "refund_pledge"])]
