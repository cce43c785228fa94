from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from directory.cache import invalidate_directory_cache
from fundraising import signals


class FundraisingConfig(AppConfig):
    name = "fundraising"
    verbose_name = _("Fundraising")

    def ready(self):
        # The directory shows campaign data (status, totals) in its cached API: drop it when a campaign changes.
        # Fundraising connects it, so that the directory never imports fundraising.
        for signal in (signals.pledge_paid, signals.pledge_refunded, signals.campaign_changed):
            signal.connect(invalidate_directory_cache, dispatch_uid=f"directory-cache-{id(signal)}")
        # reason: gifts imports the models, which are not loaded before ready()
        from fundraising import gifts

        # A gift whose delivery date has come goes out right after the payment (the daily task sends the rest).
        signals.pledge_paid.connect(gifts.deliver_if_due, dispatch_uid="fundraising-gift-delivery")
