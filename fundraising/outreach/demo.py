"""Demo data for outreach: the poster headline, editors' featured campaigns, a few campaign updates and supporters
who asked for them. Idempotent: it only adds what is missing. Runs after fundraising.demo (DEMO_GENERATORS)."""

import datetime

from django.utils import timezone

from wagtail.models import Site

from fundraising.models import Pledge, PledgeState
from fundraising.progress import active_campaigns

from .models import CampaignUpdate, FeaturedCampaign, OutreachSettings, UpdateSubscription

UPDATES = [
    "Danke! Dank Ihnen konnten wir die Miete für diesen Monat zahlen.",
    "Wir öffnen am Montag wieder – mit Abstand und viel Vorfreude. Ihre Gutscheine gelten ab dem ersten Tag.",
    "Halbzeit! Wir haben schon mehr als die Hälfte geschafft. Erzählen Sie es gern weiter.",
]


def seed(ctx):
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        settings_obj = OutreachSettings.for_site(site)  # created with the default headlines if missing
        if not settings_obj.poster_headline:
            settings_obj.poster_headline = "Wir stehen hinter dir"
            settings_obj.save()

    campaigns = list(active_campaigns().select_related("business_page").order_by("start_date", "pk"))
    if not campaigns:
        ctx.log("outreach: no active campaigns, nothing to feature")
        return
    featured = 0
    if not FeaturedCampaign.objects.exists():
        for order, campaign in enumerate(campaigns[:2]):
            FeaturedCampaign.objects.create(campaign=campaign, sort_order=order)
            featured += 1

    posted = subscribed = 0
    now = timezone.now()
    for index, campaign in enumerate(campaigns[:2]):
        if not CampaignUpdate.objects.filter(campaign=campaign).exists():
            texts = UPDATES[index : index + 2]
            for age, text in enumerate(reversed(texts)):
                update = CampaignUpdate.objects.create(campaign=campaign, text=text, author=campaign.owner)
                created = now - datetime.timedelta(days=2 * (age + 1), hours=ctx.rng.randint(0, 8))
                CampaignUpdate.objects.filter(pk=update.pk).update(created_at=created)
                posted += 1
        for pledge in Pledge.objects.filter(campaign=campaign, state=PledgeState.PAID).order_by("pk")[::2]:
            _sub, created = UpdateSubscription.objects.get_or_create(pledge=pledge)
            subscribed += int(created)
    ctx.log(f"outreach: {featured} featured campaigns, {posted} updates, {subscribed} update subscriptions")
