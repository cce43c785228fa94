"""20 concurrent writers on one database: webhook fulfilment from 20 processes at once.

    DJANGO_SETTINGS_MODULE=cms.settings.serve DATABASE_URL=… .venv/bin/python -m bench.writers_bench [--writers 20]
        [--events-per-writer 10]

Prepares writers × events pending pledges on one campaign of the database (a copy of the benchmark city), forks
the writers after Django is set up (each opens its own connection), releases them together and lets each deliver
its signed `checkout.session.completed` events through the real webhook code path (`process_payload`: signature,
duplicate guard, conditional pending→paid UPDATE, voucher, all `pledge_paid` receivers). All writers hit the same
campaign, the worst case for lock contention. Prints errors (any "database is locked"), latency percentiles and
throughput as one JSON line (last line), and checks that every pledge was paid exactly once.
"""

import argparse
import json
import multiprocessing
import os
import sys
import time
import traceback

import django

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def _deliver(job):
    barrier, batch = job
    from django.db import connection

    from fundraising.notifications import muted
    from fundraising.webhooks import process_payload

    connection.close()
    latencies, errors = [], []
    barrier.wait()
    with muted():
        for payload, header in batch:
            started = time.perf_counter()
            try:
                result = process_payload(payload.encode(), header)
                if result.status != 200:
                    errors.append(f"status {result.status}: {result}")
            except Exception as error:  # noqa: BLE001 - counted and reported
                errors.append(f"{type(error).__name__}: {error}")
                traceback.print_exc()
            latencies.append(time.perf_counter() - started)
    connection.close()
    return latencies, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--events-per-writer", type=int, default=10)
    args = parser.parse_args()
    django.setup()
    from django.db import connection, transaction

    from bench.webhook_events import pending_pledge_events, sign
    from fundraising.models import CampaignPage, Pledge, PledgeState, Reward, Voucher
    from fundraising.payments import get_gateway
    from fundraising.payments.base import webhook_secret

    campaign = CampaignPage.objects.live().filter(slug="aktion").order_by("pk").first()
    reward = Reward.objects.filter(page=campaign).order_by("sort_order").first()
    total = args.writers * args.events_per_writer
    with transaction.atomic():
        payloads = pending_pledge_events(campaign, reward, total, get_gateway(), prefix=f"writers{os.getpid()}")
    headers = sign(payloads, webhook_secret())
    pairs = list(zip(payloads, headers, strict=True))
    batches = [pairs[n :: args.writers] for n in range(args.writers)]
    connection.close()

    context = multiprocessing.get_context("fork")
    with context.Manager() as manager:
        barrier = manager.Barrier(args.writers)
        with context.Pool(args.writers) as pool:
            started = time.perf_counter()
            results = pool.map(_deliver, [(barrier, batch) for batch in batches], chunksize=1)
            elapsed = time.perf_counter() - started
    latencies = sorted(x for r in results for x in r[0])
    errors = [e for r in results for e in r[1]]
    prefix = f"writers{os.getpid()}"
    paid = Pledge.objects.filter(email__startswith=prefix, state=PledgeState.PAID).count()
    vouchers = Voucher.objects.filter(pledge__email__startswith=prefix).count()

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1)

    out = {
        "writers": args.writers,
        "events": total,
        "elapsed_s": round(elapsed, 2),
        "events_per_s": round(total / elapsed, 1),
        "p50_ms": pct(0.5),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(latencies[-1] * 1000, 1),
        "errors": len(errors),
        "locked": sum("database is locked" in e for e in errors),
        "first_errors": errors[:5],
        "paid": paid,
        "vouchers": vouchers,
        "exactly_once": paid == total and vouchers == total,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
