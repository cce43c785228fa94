"""The data migration of the generic pledge target (fundraising 0009–0011) moves every row, both ways: migrate back
to before it, write rows the old way (business campaigns and, with that sub-app installed, collective campaigns),
migrate forward and compare."""

import pytest

from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from fundraising.factories import CampaignPageFactory
from fundraising.models import Pledge, Voucher

BEFORE = ("fundraising", "0008_editors_may_pause_campaigns")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_pledge(model, **fields):
    return model.objects.create(amount_cents=2500, name="Erika", email="erika@example.org", state="paid", **fields)


def old_voucher(model, pledge, code, **fields):
    return model.objects.create(
        pledge=pledge,
        code=code,
        title="Gutschein",
        face_value_cents=2000,
        balance_cents=1500,
        valid_until=timezone.localdate(),
        **fields,
    )


# In a pytest process of its own (marker `migrations`, make test): migrating back and forth leaves later tests that
# restore the serialized database (serialized_rollback) with conflicting content types.
@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_data_migration_moves_every_row_and_back():
    campaign = CampaignPageFactory()
    business_id = campaign.business_page_id
    collective = None
    if apps.is_installed("fundraising.collective"):
        from fundraising.collective.factories import CollectiveCampaignPageFactory

        collective = CollectiveCampaignPageFactory()
    try:
        old = migrate([BEFORE])
        OldPledge, OldVoucher = old.get_model("fundraising", "Pledge"), old.get_model("fundraising", "Voucher")
        assert "target" not in {f.name for f in OldPledge._meta.fields}
        business_pledges = [old_pledge(OldPledge, campaign_id=campaign.pk, business_id=business_id) for _ in range(3)]
        business_voucher = old_voucher(OldVoucher, business_pledges[0], "AAAAAAAAAAAA", business_id=business_id)
        group_pledges, group_voucher = [], None
        if collective is not None:
            group_pledges = [old_pledge(OldPledge, collective_id=collective.pk) for _ in range(2)]
            group_voucher = old_voucher(OldVoucher, group_pledges[0], "BBBBBBBBBBBB", collective_id=collective.pk)

        migrate(latest())

        assert Pledge.objects.count() == len(business_pledges) + len(group_pledges)
        for pledge in Pledge.objects.filter(pk__in=[p.pk for p in business_pledges]):
            assert (pledge.target_id, pledge.campaign_id, pledge.business_id) == (campaign.pk, campaign.pk, business_id)
        voucher = Voucher.objects.get(pk=business_voucher.pk)
        assert (voucher.business_id, voucher.scope_id, voucher.balance_cents) == (business_id, None, 1500)
        if collective is not None:
            for pledge in Pledge.objects.filter(pk__in=[p.pk for p in group_pledges]):
                assert (pledge.target_id, pledge.campaign_id, pledge.business_id) == (collective.pk, None, None)
            voucher = Voucher.objects.get(pk=group_voucher.pk)
            assert (voucher.business_id, voucher.scope_id, voucher.balance_cents) == (None, collective.pk, 1500)
            assert voucher.is_city_wide

        # And back: the old columns are filled again from the new ones.
        old = migrate([BEFORE])
        OldPledge, OldVoucher = old.get_model("fundraising", "Pledge"), old.get_model("fundraising", "Voucher")
        rows = {p.pk: (p.campaign_id, p.collective_id) for p in OldPledge.objects.all()}
        assert all(rows[p.pk] == (campaign.pk, None) for p in business_pledges)
        assert OldVoucher.objects.get(pk=business_voucher.pk).collective_id is None
        if collective is not None:
            assert all(rows[p.pk] == (None, collective.pk) for p in group_pledges)
            assert OldVoucher.objects.get(pk=group_voucher.pk).collective_id == collective.pk
    finally:
        migrate(latest())
