"""Per-target totals of paid pledges (`CampaignTotals`), kept in the same transaction as every pledge change.

One function, `refresh(target_ids)`, recomputes the totals of some pledge targets from their paid pledges. It is
called by `Pledge.save()`, `Pledge.delete()` and the Pledge queryset's `update()`, `bulk_create()`,
`bulk_update()` and `delete()` whenever a pledge's state, amount or target may have changed — so every kind of
pledge (checkout, webhook, offline, subscription payment, admin edit) keeps them right without knowing they exist.
Only writes that bypass the ORM (raw SQL, historical models in migrations, bulk seeds) must call it themselves
(`rebuild_all()`); `manage.py verify_campaign_totals [--repair]` finds and fixes what they missed.

Race safety: the totals are recomputed by aggregate, so events in any order (a refund before its payment, a
duplicate) end in the same figures. The one exception is `add()`, for a caller that knows the exact change of one
locked pledge (`PledgeQuerySet.move()`: the webhook's conditional state UPDATEs): it adds the difference with one
`UPDATE … SET raised = raised + x`, which is order-independent too, because the conditional UPDATE of the pledge in
the same transaction lets each change happen once. On PostgreSQL the totals row is locked (`SELECT … FOR UPDATE`)
*before* the aggregate: a second transaction changing a pledge of the same target waits for the first to commit,
and its aggregate (a new statement, hence a new snapshot under READ COMMITTED) then sees the first one's pledge.
Locks are taken in the order of the target ids, so two transactions never wait for each other in a circle. On
SQLite a write transaction holds the database's write lock (`transaction_mode="IMMEDIATE"`), which serializes
them anyway.
"""

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from fundraising.models.totals import CampaignTotals

PAID = "paid"  # PledgeState.PAID (the pledge module imports this one)
#: Pledge fields whose change may change the totals.
COUNTED_FIELDS = frozenset({"state", "amount_cents", "target", "target_id", "campaign", "campaign_id"})


def _pledges():
    # The Pledge model by name: fundraising.models.pledge imports this module.
    return apps.get_model("fundraising", "Pledge")


def computed(target_ids=None):
    """{target id: (raised cents, supporters)} from the paid pledges (of `target_ids`, or of every target)."""
    paid = _pledges()._base_manager.filter(state=PAID)
    if target_ids is not None:
        paid = paid.filter(target_id__in=target_ids)
    rows = paid.order_by().values("target_id").annotate(raised=Sum("amount_cents"), supporters=Count("pk"))
    return {row["target_id"]: (row["raised"] or 0, row["supporters"]) for row in rows}


def _lock(ids):
    """PostgreSQL: hold the totals rows until commit (a no-op where the database has no row locks: SQLite's write
    transaction holds the whole database)."""
    if connection.features.has_select_for_update:
        list(CampaignTotals.objects.select_for_update().filter(target_id__in=ids).order_by("pk").values_list("pk"))


def _recompute(ids):
    """One UPDATE that sets each row from its paid pledges (subqueries); returns the number of rows it found."""
    paid = _pledges()._base_manager.filter(target_id=OuterRef("target_id"), state=PAID).order_by().values("target_id")
    return CampaignTotals.objects.filter(target_id__in=ids).update(
        raised_cents=Coalesce(Subquery(paid.annotate(raised=Sum("amount_cents")).values("raised")), 0),
        supporters=Coalesce(Subquery(paid.annotate(supporters=Count("pk")).values("supporters")), 0),
    )


def refresh(target_ids):
    """Recompute the totals of these pledge targets, inside the caller's transaction (or one of its own).

    Lock (PostgreSQL), then one UPDATE whose subqueries run in a snapshot taken after the lock was granted; rows
    that do not exist yet are inserted (a concurrent insert of the same row is ignored) and recomputed the same way.
    """
    ids = sorted({int(pk) for pk in target_ids if pk is not None})
    if not ids:
        return
    with transaction.atomic():
        _lock(ids)
        if _recompute(ids) == len(ids):
            return
        existing = set(CampaignTotals.objects.filter(target_id__in=ids).values_list("pk", flat=True))
        missing = [pk for pk in ids if pk not in existing]
        CampaignTotals.objects.bulk_create([CampaignTotals(target_id=pk) for pk in missing], ignore_conflicts=True)
        _lock(missing)
        _recompute(missing)


def add(target_id, cents, supporters):
    """Add one locked pledge's change to its target's totals (one UPDATE); a target without a totals row yet is
    recomputed instead (which creates the row). Call inside the transaction that changed the pledge."""
    if not (cents or supporters):
        return
    changed = CampaignTotals.objects.filter(target_id=target_id).update(
        raised_cents=F("raised_cents") + cents, supporters=F("supporters") + supporters
    )
    if changed != 1:
        refresh([target_id])


def differences():
    """[(target id, (stored raised, supporters) or None, (computed raised, supporters))] where they differ."""
    expected = computed()
    stored = {
        pk: (raised, supporters)
        for pk, raised, supporters in CampaignTotals.objects.values_list("pk", "raised_cents", "supporters")
    }
    found = []
    for pk in sorted(set(expected) | set(stored)):
        want = expected.get(pk, (0, 0))
        have = stored.get(pk)
        if have != want and not (have is None and want == (0, 0)):
            found.append((pk, have, want))
    return found


def rebuild_all():
    """Recompute every target's totals (after writes that bypassed the ORM, e.g. a bulk seed)."""
    with transaction.atomic():
        refresh(set(computed()) | set(CampaignTotals.objects.values_list("pk", flat=True)))
