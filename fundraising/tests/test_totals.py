"""Per-target totals of paid pledges (fundraising.totals): kept in the transaction of every change of a pledge's
state, amount or target, whatever writes it (save, queryset update, bulk, delete, the webhook), right in any order
of events and under concurrent writers; read by progress and the campaign summaries; verified and repaired by
`verify_campaign_totals`."""

import threading

import pytest

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from fundraising import totals
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import CampaignTotals, Pledge, PledgeState
from fundraising.progress import campaign_progress, campaign_summaries, with_progress

from .fakes import charge, event
from .test_webhook import post

pytestmark = pytest.mark.django_db


def stored(page):
    row = CampaignTotals.objects.filter(target_id=page.pk).values_list("raised_cents", "supporters").first()
    return row or (0, 0)


def test_a_pending_pledge_counts_nothing_and_writes_no_totals(campaign):
    PledgeFactory(campaign=campaign, amount_cents=2500)
    assert not CampaignTotals.objects.exists()
    assert campaign_progress(campaign)["raised_cents"] == 0


def test_move_adds_exact_changes_and_refuses_what_it_cannot_count(campaign):
    """Pledge.objects.move (the webhook's state changes): a missing totals row is created by a recount, later changes
    are added; a state the row is not in changes nothing; counted fields other than the state are refused."""
    first = PledgeFactory(campaign=campaign, amount_cents=2500)
    second = PledgeFactory(campaign=campaign, amount_cents=1000)
    assert Pledge.objects.move(first, (PledgeState.PENDING,), state=PledgeState.PAID)
    assert Pledge.objects.move(second, (PledgeState.PENDING,), state=PledgeState.PAID)
    assert stored(campaign) == (3500, 2)
    assert not Pledge.objects.move(first, (PledgeState.PENDING,), state=PledgeState.PAID)  # already paid
    assert Pledge.objects.move(first, (PledgeState.PAID,), state=PledgeState.REFUNDED)
    assert stored(campaign) == (1000, 1)
    assert Pledge.objects.move(second, (PledgeState.PAID,), state=PledgeState.DISPUTED)
    assert stored(campaign) == (0, 0)
    assert totals.differences() == []
    with pytest.raises(ValueError):
        Pledge.objects.move(second, (PledgeState.DISPUTED,), amount_cents=1)


def test_save_counts_paid_pledges_only(campaign):
    first = PledgeFactory(campaign=campaign, amount_cents=2500)
    first.state = PledgeState.PAID
    first.save()
    assert stored(campaign) == (2500, 1)
    PledgeFactory(campaign=campaign, amount_cents=1000, state=PledgeState.PAID)
    PledgeFactory(campaign=campaign, amount_cents=9900, state=PledgeState.FAILED)
    assert stored(campaign) == (3500, 2)
    first.amount_cents = 3000
    first.save(update_fields=["amount_cents"])
    assert stored(campaign) == (4000, 2)


def test_saving_other_fields_does_not_touch_the_totals(campaign):
    pledge = PledgeFactory(campaign=campaign, amount_cents=2500, state=PledgeState.PAID)
    pledge.message = "Alles Gute"
    with CaptureQueriesContext(connection) as queries:
        pledge.save()
        pledge.save(update_fields=["message"])
    assert not [q for q in queries if "campaigntotals" in q["sql"].lower()]


def test_queryset_update_refund_and_expression(campaign):
    pledge = PledgeFactory(campaign=campaign, amount_cents=2500, state=PledgeState.PAID)
    PledgeFactory(campaign=campaign, amount_cents=500, state=PledgeState.PAID)
    Pledge.objects.filter(pk=pledge.pk).update(amount_cents=F("amount_cents") + 100)
    assert stored(campaign) == (3100, 2)
    Pledge.objects.filter(pk=pledge.pk, state=PledgeState.PAID).update(state=PledgeState.REFUNDED)
    assert stored(campaign) == (500, 1)
    # Repeated (the conditional update matches nothing): no change.
    assert Pledge.objects.filter(pk=pledge.pk, state=PledgeState.PAID).update(state=PledgeState.REFUNDED) == 0
    assert stored(campaign) == (500, 1)


def test_a_pledge_moved_to_another_target_leaves_the_first(campaign):
    other = CampaignPageFactory()
    pledge = PledgeFactory(campaign=campaign, amount_cents=2500, state=PledgeState.PAID)
    pledge.campaign, pledge.target, pledge.business_id = other, other, other.business_page_id
    pledge.save()
    assert stored(campaign) == (0, 0)
    assert stored(other) == (2500, 1)


def test_an_instance_made_by_hand_for_an_existing_row(campaign):
    pledge = PledgeFactory(campaign=campaign, amount_cents=2500, state=PledgeState.PAID)
    copy = Pledge(**{f.attname: getattr(pledge, f.attname) for f in Pledge._meta.concrete_fields})
    copy._state.adding = False
    copy.state = PledgeState.REFUNDED
    copy.save()
    assert stored(campaign) == (0, 0)


def test_deferred_state_change_still_counts(campaign):
    pledge = PledgeFactory(campaign=campaign, amount_cents=2500)
    lean = Pledge.objects.only("pk", "state").get(pk=pledge.pk)
    lean.state = PledgeState.PAID
    lean.save(update_fields=["state"])
    assert stored(campaign) == (2500, 1)


def test_delete_bulk_create_and_bulk_update(campaign):
    made = Pledge.objects.bulk_create(
        [
            Pledge(
                campaign=campaign,
                target=campaign,
                business_id=campaign.business_page_id,
                amount_cents=cents,
                name="E",
                email=f"e{cents}@example.org",
                state=PledgeState.PAID,
            )
            for cents in (100, 200, 300)
        ]
    )
    assert stored(campaign) == (600, 3)
    made[0].state = PledgeState.DISPUTE_LOST
    Pledge.objects.bulk_update(made[:1], ["state"])
    assert stored(campaign) == (500, 2)
    Pledge.objects.get(pk=made[1].pk).delete()
    assert stored(campaign) == (300, 1)
    Pledge.objects.filter(campaign=campaign).delete()
    assert stored(campaign) == (0, 0)


def test_a_failing_transaction_rolls_the_totals_back(campaign):
    pledge = PledgeFactory(campaign=campaign, amount_cents=2500)
    with pytest.raises(RuntimeError), transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).update(state=PledgeState.PAID)
        assert stored(campaign) == (2500, 1)
        raise RuntimeError("boom")
    assert stored(campaign) == (0, 0)


def test_collective_campaigns_are_targets_too():
    if not apps.is_installed("fundraising.collective"):
        pytest.skip("fundraising.collective is not installed")
    from fundraising.collective.factories import CollectiveCampaignPageFactory

    page = CollectiveCampaignPageFactory()
    Pledge.objects.create(target=page, amount_cents=4000, name="E", email="e@example.org", state=PledgeState.PAID)
    assert stored(page) == (4000, 1)
    assert campaign_progress(page)["raised_cents"] == 4000


# Readers ---------------------------------------------------------------------------------------------------------


def test_progress_and_summaries_read_the_totals_not_the_pledges(campaign):
    PledgeFactory(campaign=campaign, amount_cents=2500, state=PledgeState.PAID)
    PledgeFactory(campaign=campaign, amount_cents=1500, state=PledgeState.PAID)
    with CaptureQueriesContext(connection) as queries:
        progress = campaign_progress(campaign)
        summaries = campaign_summaries([campaign.business_page_id])
        annotated = with_progress(type(campaign).objects.filter(pk=campaign.pk)).get()
    assert (progress["raised_cents"], progress["supporters"]) == (4000, 2)
    summary = summaries[campaign.business_page_id]
    assert (summary["raised_cents"], summary["supporters"], summary["percent"]) == (4000, 2, progress["percent"])
    assert (annotated.raised, annotated.supporters) == (4000, 2)
    assert not [q for q in queries if "fundraising_pledge" in q["sql"]], [q["sql"] for q in queries]


def test_campaign_without_totals_shows_zero():
    campaign = CampaignPageFactory()
    assert with_progress(type(campaign).objects.filter(pk=campaign.pk)).get().raised == 0
    assert campaign_summaries([campaign.business_page_id])[campaign.business_page_id]["supporters"] == 0


# The webhook: refunds and events out of order -------------------------------------------------------------------


def test_webhook_payment_then_refund(client, fake_stripe, reward):
    pledge = PledgeFactory(campaign=reward.page, reward=reward, amount_cents=2500)
    session = fake_stripe.add_session(pledge)
    post(client, event("checkout.session.completed", session))
    assert stored(reward.page) == (2500, 1)
    post(client, event("checkout.session.completed", session))  # duplicate delivery
    assert stored(reward.page) == (2500, 1)
    post(client, event("charge.refunded", charge(pledge)))
    assert Pledge.objects.get().state == PledgeState.REFUNDED
    assert stored(reward.page) == (0, 0)


def test_webhook_refund_before_payment(client, fake_stripe, reward):
    pledge = PledgeFactory(campaign=reward.page, reward=reward, amount_cents=2500)
    session = fake_stripe.add_session(pledge)
    post(client, event("charge.refunded", charge(pledge)))
    post(client, event("checkout.session.completed", session))
    assert Pledge.objects.get().state == PledgeState.REFUNDED
    assert stored(reward.page) == (0, 0)


def test_webhook_dispute_lost_then_won_is_not_believed_twice(client, fake_stripe, reward):
    pledge = PledgeFactory(campaign=reward.page, reward=reward, amount_cents=2500)
    post(client, event("checkout.session.completed", fake_stripe.add_session(pledge)))
    post(client, event("charge.dispute.created", fake_stripe.set_dispute(pledge, "needs_response", dispute_id="dp")))
    assert stored(reward.page) == (0, 0)
    post(client, event("charge.dispute.closed", fake_stripe.set_dispute(pledge, "won", dispute_id="dp")))
    assert stored(reward.page) == (2500, 1)


# Concurrent writers (real threads, one connection each) ---------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_payments_of_one_campaign_are_all_counted():
    campaign = CampaignPageFactory()
    pledges = [PledgeFactory(campaign=campaign, amount_cents=100 * (i + 1)) for i in range(6)]
    barrier = threading.Barrier(len(pledges))
    errors = []

    def pay(pledge):
        # reason: each thread needs its own connection, closed at the end
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            with transaction.atomic():
                if pledge.pk % 2:
                    Pledge.objects.filter(pk=pledge.pk, state=PledgeState.PENDING).update(state=PledgeState.PAID)
                else:
                    pledge.state = PledgeState.PAID
                    pledge.save()
        except Exception as error:  # pragma: no cover - shown on failure
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=pay, args=(pledge,)) for pledge in pledges]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert stored(campaign) == (2100, 6)
    assert totals.differences() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_second_writer_waits_for_the_first_and_sees_its_pledge():
    """Two saves interleaved by hand: the second transaction's totals include the first's pledge, because the first
    holds the totals row (PostgreSQL: row lock; SQLite: the write lock) until it commits."""
    campaign = CampaignPageFactory()
    first, second = (PledgeFactory(campaign=campaign, amount_cents=cents) for cents in (1000, 2000))
    first_in = threading.Event()
    errors = []

    def other_writer():
        # reason: the thread needs its own connection, closed at the end
        from django.db import connection as thread_connection

        try:
            first_in.wait(5)
            second.state = PledgeState.PAID
            second.save()
        except Exception as error:  # pragma: no cover - shown on failure
            errors.append(error)
        finally:
            thread_connection.close()

    thread = threading.Thread(target=other_writer)
    thread.start()
    with transaction.atomic():
        first.state = PledgeState.PAID
        first.save()
        first_in.set()
        thread.join(0.5)  # the other writer is blocked meanwhile
        assert stored(campaign) == (1000, 1)
    thread.join()
    assert not errors, errors
    assert stored(campaign) == (3000, 2)


# verify_campaign_totals ------------------------------------------------------------------------------------------


def test_verify_finds_and_repairs_tampered_missing_and_stale_totals(capsys):
    campaigns = [CampaignPageFactory() for _ in range(3)]
    for page in campaigns:
        PledgeFactory(campaign=page, amount_cents=2500, state=PledgeState.PAID)
    call_command("verify_campaign_totals")
    assert "0 differences" in capsys.readouterr().out

    CampaignTotals.objects.filter(target_id=campaigns[0].pk).update(raised_cents=999_999)  # tampered
    CampaignTotals.objects.filter(target_id=campaigns[1].pk).delete()  # missing
    Pledge._base_manager.filter(campaign=campaigns[2]).update(state=PledgeState.REFUNDED)  # bypassed the queryset
    with pytest.raises(CommandError):
        call_command("verify_campaign_totals")
    out = capsys.readouterr().out
    for page in campaigns:
        assert f"page #{page.pk}:" in out
    assert stored(campaigns[0]) == (999_999, 1)  # reporting changes nothing

    call_command("verify_campaign_totals", "--repair")
    assert "repaired 3" in capsys.readouterr().out
    assert [stored(page) for page in campaigns] == [(2500, 1), (2500, 1), (0, 0)]
    call_command("verify_campaign_totals")
    assert "0 differences" in capsys.readouterr().out
