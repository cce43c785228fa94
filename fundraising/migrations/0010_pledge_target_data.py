"""Step 2 of 3 of the generic pledge target: copy every row's page into the new columns, nothing lost.

Pledges: `target` = the business's campaign, or else the page of the old `collective` column. Vouchers without a
business: `scope` = the page of the old `collective` column. Reversible: the old column is filled back from `target`
(pledges without a campaign) and `scope`. Reads the old column by name only, so it runs whether or not the sub-app
that owned those pages is installed (see 0002)."""

from django.db import migrations
from django.db.models import F


def forward(apps, schema_editor):
    Pledge = apps.get_model("fundraising", "Pledge")
    Voucher = apps.get_model("fundraising", "Voucher")
    Pledge.objects.filter(campaign__isnull=False).update(target_id=F("campaign_id"))
    Pledge.objects.filter(campaign__isnull=True).update(target_id=F("collective"))
    Voucher.objects.filter(business__isnull=True).update(scope_id=F("collective"))
    missing = Pledge.objects.filter(target__isnull=True).count()
    if missing:
        raise RuntimeError(f"{missing} pledges have neither a campaign nor a collective campaign; fix them first.")


def backward(apps, schema_editor):
    Pledge = apps.get_model("fundraising", "Pledge")
    Voucher = apps.get_model("fundraising", "Voucher")
    Pledge.objects.filter(campaign__isnull=True).update(collective=F("target_id"))
    Voucher.objects.filter(business__isnull=True).update(collective=F("scope_id"))


class Migration(migrations.Migration):
    dependencies = [("fundraising", "0009_pledge_target_voucher_scope")]

    operations = [migrations.RunPython(forward, backward)]
