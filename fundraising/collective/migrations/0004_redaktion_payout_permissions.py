"""The editorial team ("Redaktion") sees the accounts of collective campaigns and pays the beneficiaries out."""

from django.db import migrations

from owners.migration_helpers import grant_to_redaktion


class Migration(migrations.Migration):
    dependencies = [
        ("collective", "0003_rewards_and_payouts"),
        ("owners", "0002_redaktion_group_and_workflow"),
    ]

    operations = [grant_to_redaktion("collective", ["view_collectivepayout", "add_collectivepayout"])]
