"""The editor groups (setting EDITOR_GROUPS, default "Redaktion") choose featured campaigns, can hide owners' campaign
updates and edit the poster headline. Updates are never created in the admin (they come from owners)."""

from django.db import migrations

from commons.migration_helpers import grant_operation


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]

    operations = [grant_operation([
            "outreach.view_featuredcampaign",
            "outreach.add_featuredcampaign",
            "outreach.change_featuredcampaign",
            "outreach.delete_featuredcampaign",
            "outreach.view_campaignupdate",
            "outreach.change_campaignupdate",
            "outreach.view_outreachsettings",
            "outreach.change_outreachsettings",
        ])]
