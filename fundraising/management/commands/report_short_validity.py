"""Lists rewards and vouchers whose validity is shorter than the law allows (fundraising.legal); `--extend` moves the
active vouchers among them to the statutory end date."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from fundraising.legal import last_purchase_date, statutory_valid_until, too_short
from fundraising.models import Voucher, VoucherState
from fundraising.targets import target_types


def short_rewards():
    """(kind, reward, required date) for every reward with a fixed date before the statutory end."""
    models = [(t.reward_model._meta.model_name, t.reward_model) for t in target_types() if t.reward_model]
    for label, model in models:
        for reward in model.objects.filter(valid_until__isnull=False).select_related("page").order_by("pk"):
            last = last_purchase_date(reward.page)
            if too_short(reward.valid_until, last):
                yield label, reward, statutory_valid_until(last)


def short_vouchers():
    """(voucher, required date) for every voucher valid for less than the statutory period after it was issued."""
    for voucher in Voucher.objects.exclude(state=VoucherState.VOID).order_by("pk").iterator():
        issued = timezone.localdate(voucher.issued_at)
        if too_short(voucher.valid_until, issued):
            yield voucher, statutory_valid_until(issued)


class Command(BaseCommand):
    help = "Report rewards and vouchers valid for less than the statutory period (end of 3rd year after purchase)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extend", action="store_true", help="Extend the reported vouchers to the statutory end date."
        )

    def handle(self, *args, extend=False, **options):
        rewards = list(short_rewards())
        vouchers = list(short_vouchers())
        for label, reward, required in rewards:
            self.stdout.write(
                f"{label} {reward.pk} “{reward.title}” on page {reward.page_id}: valid until "
                f"{reward.valid_until:%d.%m.%Y}, needs {required:%d.%m.%Y} or later"
            )
        for voucher, required in vouchers:
            self.stdout.write(
                f"voucher {voucher.pk} …{voucher.code[-4:]}: valid until {voucher.valid_until:%d.%m.%Y}, "
                f"needs {required:%d.%m.%Y} or later"
            )
            if extend:
                Voucher.objects.filter(pk=voucher.pk, valid_until__lt=required).update(valid_until=required)
        if extend and vouchers:
            self.stdout.write(f"{len(vouchers)} voucher(s) extended.")
        self.stdout.write(f"{len(rewards)} reward(s) and {len(vouchers)} voucher(s) with a shorter validity.")
