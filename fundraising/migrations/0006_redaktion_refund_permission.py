"""The editor groups (setting EDITOR_GROUPS, default the demo city's "Redaktion") handle refunds for the city: they
see the pledges and may refund them (`refund_pledge`); changing pledges stays with administrators."""

from django.db import migrations

from commons.migration_helpers import grant_operation


class Migration(migrations.Migration):
    dependencies = [("fundraising", "0005_pledge_refund_permission_reason")]

    operations = [grant_operation(["fundraising.view_pledge", "fundraising.refund_pledge"])]
