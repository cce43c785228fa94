"""Pledges made before rewards had a class: those with a voucher bought a multi-purpose voucher (the default) for
its reward's minimum pledge; rewards that are not vouchers are support."""

from django.db import migrations


def classify(apps, schema_editor):
    Reward = apps.get_model("fundraising", "Reward")
    Pledge = apps.get_model("fundraising", "Pledge")
    Reward.objects.exclude(kind="voucher").update(payment_class="support")
    for pledge in Pledge.objects.filter(reward_kind="voucher", voucher_value_cents__isnull=False).iterator():
        price = pledge.voucher_value_cents
        if pledge.reward_id:
            reward = Reward.objects.filter(pk=pledge.reward_id).first()
            if reward is not None:
                price = reward.min_pledge_cents
        Pledge.objects.filter(pk=pledge.pk).update(
            payment_class="multi_purpose", voucher_price_cents=min(price, pledge.amount_cents)
        )


class Migration(migrations.Migration):
    dependencies = [("fundraising", "0012_reward_payment_class")]

    operations = [migrations.RunPython(classify, migrations.RunPython.noop)]
