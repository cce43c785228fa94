"""The editor groups may set hours for areas (crisis closures) and keep listing status ("closed for good")."""

from django.db import migrations

from commons.migration_helpers import grant_operation


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_area_hours")]

    operations = [grant_operation([
            "directory.add_areahours",
            "directory.change_areahours",
            "directory.delete_areahours",
            "directory.add_freshness",
            "directory.change_freshness",
        ])]
