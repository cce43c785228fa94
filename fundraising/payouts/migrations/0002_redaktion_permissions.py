"""The editor groups (setting EDITOR_GROUPS, default "Redaktion") manage match funds and manual payouts and see the
payout reports; Stripe's account state and the allocations are read-only for everyone."""

from django.db import migrations

from commons.migration_helpers import grant_operation


class Migration(migrations.Migration):
    dependencies = [("payouts", "0001_initial")]

    operations = [grant_operation([
            "payouts.view_matchfund",
            "payouts.add_matchfund",
            "payouts.change_matchfund",
            "payouts.view_matchallocation",
            "payouts.view_connectedaccount",
            "payouts.view_pledgerouting",
            "payouts.view_manualpayout",
            "payouts.add_manualpayout",
            "payouts.change_manualpayout",
        ])]
