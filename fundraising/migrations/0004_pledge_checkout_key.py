"""A random key per pledge for Stripe's idempotency keys and the Checkout metadata (ids repeat after a restore).

AddField computes a callable default once for all existing rows; they get a key each afterwards."""

import secrets

from django.db import migrations, models

import fundraising.models.pledge


def distinct_keys(apps, schema_editor):
    Pledge = apps.get_model("fundraising", "Pledge")
    for pk in Pledge.objects.values_list("pk", flat=True).iterator():
        Pledge.objects.filter(pk=pk).update(checkout_key=secrets.token_urlsafe(18))


class Migration(migrations.Migration):
    dependencies = [
        ("fundraising", "0003_pledge_dispute_status"),
    ]

    operations = [
        migrations.AddField(
            model_name="pledge",
            name="checkout_key",
            field=models.CharField(
                db_index=True, default=fundraising.models.pledge.new_checkout_key, editable=False, max_length=32
            ),
        ),
        migrations.RunPython(distinct_keys, migrations.RunPython.noop, elidable=True),
    ]
