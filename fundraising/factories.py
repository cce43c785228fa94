import datetime

import factory
import wagtail_factories

from django.utils import timezone

from directory.factories import BusinessPageFactory
from fundraising.legal import payment_class_snapshot

from .models import CampaignPage, Pledge, PledgeState, Reward, RewardKind


class CampaignPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CampaignPage

    title = factory.Sequence(lambda n: f"Aktion {n}")
    slug = factory.Sequence(lambda n: f"aktion-{n}")
    parent = factory.SubFactory(BusinessPageFactory)
    story = "<p>Wir brauchen eure Hilfe.</p>"
    goal_cents = 100_000
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=29))


class RewardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reward

    page = factory.SubFactory(CampaignPageFactory)
    title = "Gutschein 12 €"
    min_pledge_cents = 1000
    kind = RewardKind.VOUCHER
    voucher_value_cents = 1200


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignPageFactory)
    business_id = factory.LazyAttribute(lambda o: o.campaign.business_page_id if o.campaign else None)
    target = factory.LazyAttribute(lambda o: o.campaign)
    amount_cents = 2500
    name = "Erika Mustermann"
    email = factory.Sequence(lambda n: f"supporter{n}@example.org")
    display_name = "Erika"
    state = PledgeState.PENDING
    stripe_session_id = factory.Sequence(lambda n: f"cs_test_factory_{n}")

    @factory.post_generation
    def reward_snapshot(self, create, extracted, **kwargs):
        if self.reward_id and not self.reward_title:
            self.reward_title = self.reward.title
            self.reward_kind = self.reward.kind
            self.voucher_value_cents = self.reward.voucher_value_cents
            for field, value in payment_class_snapshot(self.reward).items():
                setattr(self, field, value)
            if create:
                self.save()
