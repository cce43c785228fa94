"""The editor groups (setting EDITOR_GROUPS, default "Redaktion") see the accounts of collective campaigns and pay the
beneficiaries out."""

from django.db import migrations

from commons.migration_helpers import grant_operation


class Migration(migrations.Migration):
    dependencies = [("collective", "0003_rewards_and_payouts")]

    operations = [grant_operation(["collective.view_collectivepayout", "collective.add_collectivepayout"])]
