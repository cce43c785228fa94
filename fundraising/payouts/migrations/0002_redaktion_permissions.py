"""The editorial team ("Redaktion", created by owners 0002) manages match funds and manual payouts and sees the
payout reports; Stripe's account state and the allocations are read-only for everyone."""

from django.db import migrations

from owners.migration_helpers import grant_to_redaktion


class Migration(migrations.Migration):
    dependencies = [
        ("payouts", "0001_initial"),
        ("owners", "0002_redaktion_group_and_workflow"),
    ]

    operations = [
        grant_to_redaktion(
            "payouts",
            [
                "view_matchfund",
                "add_matchfund",
                "change_matchfund",
                "view_matchallocation",
                "view_connectedaccount",
                "view_pledgerouting",
                "view_manualpayout",
                "add_manualpayout",
                "change_manualpayout",
            ],
        )
    ]
