"""Step 1 of 3 of the generic pledge target: the page a pledge supports (`Pledge.target`) and where a voucher is valid
when it is not one business's (`Voucher.scope`), both plain page references, nullable until 0010 fills them. The old checks that named the sub-app's column go
first, so that migrating back re-adds them only after 0010 has filled that column again."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fundraising", "0008_editors_may_pause_campaigns"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="pledge", name="pledge_one_target"),
        migrations.RemoveConstraint(model_name="voucher", name="voucher_one_scope"),
        migrations.AddField(
            model_name="pledge",
            name="target",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.page",
                verbose_name="campaign",
            ),
        ),
        migrations.AddField(
            model_name="voucher",
            name="scope",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.page",
                verbose_name="valid in",
            ),
        ),
    ]
