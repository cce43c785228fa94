"""Nothing lost: compare our pledges with Stripe and apply what the webhook missed. Safe to run any time.

Schedule it daily (e.g. cron: `15 4 * * * manage.py reconcile_payments --since 3d`). It
1. processes events Stripe could not deliver (`delivery_success=false`), through the normal webhook code;
2. lists Checkout Sessions created since then and feeds paid, unpaid-complete and expired ones for our pending
   pledges through the same code (as synthetic events with a stable id, so each outcome applies once);
3. recreates the pledge of a paid session that our database does not have (a restore from an older backup) from
   the session's metadata and fulfils it — or lists it for the editors when the metadata is not enough (then the
   command ends with an error, so that a scheduler reports it);
4. expires pending pledges whose checkout lapsed long ago without any session outcome, releasing reward stock.
"""

import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commons.money import format_cents
from fundraising import stock
from fundraising.models import OPEN_STATES, Pledge, PledgeState
from fundraising.payments import get_gateway
from fundraising.payments.base import GatewayError
from fundraising.recovery import NotRecoverable, recreate
from fundraising.subscriptions import is_subscription_session
from fundraising.webhooks import pledge_id_for_session, process_event

UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def parse_since(text):
    match = re.fullmatch(r"(\d{1,4})([dhm])", text.strip())
    if not match:
        raise CommandError("--since takes a duration like 3d, 12h or 90m")
    return datetime.timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


class Command(BaseCommand):
    help = "Fulfil or expire pending pledges from Stripe's records (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--since", default="3d", help="How far back to look, e.g. 3d, 12h, 90m (default 3d).")
        parser.add_argument("--grace-hours", type=int, default=2, help="Expire pending pledges this long past expiry.")

    def handle(self, *args, since, grace_hours, **options):
        start = timezone.now() - parse_since(since)
        gateway = get_gateway()
        changes = 0
        try:
            events = gateway.list_undelivered_events(start)
            sessions = gateway.list_sessions(start)
        except GatewayError as error:
            raise CommandError(f"Payment provider unavailable: {error}")

        for event in events:
            result = process_event(event, gateway)
            if result.outcome != "duplicate":
                changes += 1
                self.stdout.write(f"event {event.get('id')} ({event.get('type')}): {result.outcome}")

        open_ids = set(
            Pledge.objects.filter(state__in=[*OPEN_STATES, PledgeState.EXPIRED]).values_list("pk", flat=True)
        )
        unrecoverable = []
        for session in sessions:
            if is_subscription_session(session):
                continue  # monthly support: its months arrive as invoice events (undelivered ones are replayed above)
            pledge_id = pledge_id_for_session(session)
            paid = session.get("status") == "complete" and session.get("payment_status") == "paid"
            if pledge_id is None and paid:
                try:
                    pledge = recreate(session)
                except NotRecoverable as error:
                    unrecoverable.append((session, str(error)))
                else:
                    changes += 1
                    self.stdout.write(f"session {session['id']}: pledge was missing, recreated as {pledge.pk}: paid")
                continue
            if pledge_id not in open_ids:
                continue
            if session.get("status") == "complete":
                kind = "checkout.session.completed"
                suffix = session.get("payment_status")
            elif session.get("status") == "expired":
                kind, suffix = "checkout.session.expired", "expired"
            else:
                continue
            synthetic = {
                "id": f"reconcile_{session['id']}_{suffix}",
                "type": kind,
                "created": int(timezone.now().timestamp()),
                "livemode": bool(session.get("livemode")),
                "data": {"object": session},
            }
            result = process_event(synthetic, gateway)
            if result.outcome != "duplicate":
                changes += 1
                self.stdout.write(f"pledge {pledge_id} (session {session['id']}): {result.outcome}")

        cutoff = timezone.now() - datetime.timedelta(hours=grace_hours)
        for pledge in Pledge.objects.filter(state=PledgeState.PENDING, expires_at__lt=cutoff):
            if pledge.stripe_session_id:
                try:
                    session = gateway.retrieve_session(pledge.stripe_session_id)
                except GatewayError:
                    session = None
                if session and session.get("status") == "complete":
                    continue  # handled above or by the webhook; never expire a completed checkout
            if Pledge.objects.filter(pk=pledge.pk, state=PledgeState.PENDING).update(state=PledgeState.EXPIRED):
                stock.release(pledge)
                changes += 1
                self.stdout.write(f"pledge {pledge.pk}: expired (checkout lapsed)")

        self.stdout.write(self.style.SUCCESS(f"{changes} change(s)."))
        if unrecoverable:
            for session, reason in unrecoverable:
                details = session.get("customer_details") or {}
                email = details.get("email") or session.get("customer_email") or "?"
                amount = format_cents(session.get("amount_total") or 0, decimals=2)
                self.stderr.write(
                    f"NEEDS AN EDITOR: paid session {session['id']} ({amount}, {email}) has no pledge here and "
                    f"cannot be recreated: {reason}. Look it up in the Stripe dashboard; refund it or record it."
                )
            raise CommandError(f"{len(unrecoverable)} paid session(s) without a pledge need an editor (see above).")
