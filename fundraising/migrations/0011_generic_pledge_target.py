"""Step 3 of 3 of the generic pledge target: `target` is required; the sub-app's own columns and index give way to
generic checks (a pledge's `campaign`, when set, is its target; a voucher is valid in one
business or in a scope page)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("fundraising", "0010_pledge_target_data")]

    operations = [
        migrations.RemoveIndex(model_name="pledge", name="pledge_collective_state"),
        migrations.RemoveField(model_name="pledge", name="collective"),
        migrations.RemoveField(model_name="voucher", name="collective"),
        migrations.AlterField(
            model_name="pledge",
            name="target",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.page",
                verbose_name="campaign",
            ),
        ),
        migrations.AddIndex(
            model_name="pledge",
            index=models.Index(fields=["target", "state"], name="pledge_target_state"),
        ),
        migrations.AddConstraint(
            model_name="pledge",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("campaign__isnull", True),
                    models.Q(("business__isnull", False), ("campaign", models.F("target"))),
                    _connector="OR",
                ),
                name="pledge_campaign_is_target",
            ),
        ),
        migrations.AddConstraint(
            model_name="voucher",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("business__isnull", False), ("scope__isnull", True)),
                    models.Q(("business__isnull", True), ("scope__isnull", False)),
                    _connector="OR",
                ),
                name="voucher_one_scope",
            ),
        ),
    ]
