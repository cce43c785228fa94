"""The editorial team ("Redaktion", created by owners 0002) chooses featured campaigns, can hide owners' campaign
updates and edits the poster headline. Updates are never created in the admin (they come from owners)."""

from django.db import migrations

from owners.migration_helpers import grant_to_redaktion


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_initial"),
        ("owners", "0002_redaktion_group_and_workflow"),
    ]

    operations = [
        grant_to_redaktion(
            "outreach",
            [
                "view_featuredcampaign",
                "add_featuredcampaign",
                "change_featuredcampaign",
                "delete_featuredcampaign",
                "view_campaignupdate",
                "change_campaignupdate",
                "view_outreachsettings",
                "change_outreachsettings",
            ],
        )
    ]
