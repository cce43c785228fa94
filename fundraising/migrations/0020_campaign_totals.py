"""Per-target totals of paid pledges (fundraising.totals keeps them with every pledge change), filled from the
pledges that exist. Self-contained: it uses only the historical models."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Sum


def fill_totals(apps, schema_editor):
    Pledge = apps.get_model("fundraising", "Pledge")
    CampaignTotals = apps.get_model("fundraising", "CampaignTotals")
    rows = (
        Pledge.objects.filter(state="paid")
        .order_by()
        .values("target_id")
        .annotate(raised=Sum("amount_cents"), supporters=Count("pk"))
    )
    CampaignTotals.objects.bulk_create(
        [
            CampaignTotals(target_id=row["target_id"], raised_cents=row["raised"] or 0, supporters=row["supporters"])
            for row in rows
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('fundraising', '0019_monthly_support'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='CampaignTotals',
            fields=[
                ('target', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='pledge_totals', serialize=False, to=settings.WAGTAIL_PAGE_MODEL, verbose_name='campaign')),
                ('raised_cents', models.BigIntegerField(default=0, verbose_name='raised (cents)')),
                ('supporters', models.PositiveIntegerField(default=0, verbose_name='supporters')),
            ],
            options={
                'verbose_name': 'campaign totals',
                'verbose_name_plural': 'campaign totals',
            },
        ),
        migrations.RunPython(fill_totals, migrations.RunPython.noop, elidable=True),
    ]
