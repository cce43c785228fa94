"""The data migration of the campaign totals (fundraising 0020) fills them from the pledges that exist: paid ones
only, per target (a business's campaign and a collective campaign alike)."""

import pytest

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Locale, Page, Site

from fundraising.factories import CampaignPageFactory
from fundraising.models import CampaignTotals
from fundraising.totals import differences

BEFORE = ("fundraising", "0019_monthly_support")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def ensure_default_site():
    """A transactional test that ran before (the other migration test) flushed every table, the site included."""
    if Site.objects.filter(is_default_site=True).exists():
        return
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


# In a pytest process of its own (marker `migrations`, make test), like the other migration tests.
@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_data_migration_fills_the_totals_from_paid_pledges():
    ensure_default_site()
    campaign, other, empty = CampaignPageFactory(), CampaignPageFactory(), CampaignPageFactory()
    collective = None
    if apps.is_installed("fundraising.collective"):
        from fundraising.collective.factories import CollectiveCampaignPageFactory

        collective = CollectiveCampaignPageFactory()
    try:
        OldPledge = migrate([BEFORE]).get_model("fundraising", "Pledge")

        def pledge(page, cents, state, business=True):
            fields = {"campaign_id": page.pk, "business_id": page.business_page_id} if business else {}
            OldPledge.objects.create(
                target_id=page.pk, amount_cents=cents, name="E", email="e@example.org", state=state, **fields
            )

        for cents, state in ((2500, "paid"), (1000, "paid"), (9900, "refunded"), (700, "pending")):
            pledge(campaign, cents, state)
        pledge(other, 500, "dispute_lost")
        if collective is not None:
            pledge(collective, 4000, "paid", business=False)

        migrate(latest())

        stored = {row.target_id: (row.raised_cents, row.supporters) for row in CampaignTotals.objects.all()}
        expected = {campaign.pk: (3500, 2)} | ({collective.pk: (4000, 1)} if collective is not None else {})
        assert stored == expected
        assert empty.pk not in stored and other.pk not in stored
        assert differences() == []
    finally:
        migrate(latest())
