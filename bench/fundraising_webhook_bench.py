"""Webhook fulfilment benchmark on SQLite (target: at least 100 events/s).

    .venv/bin/python bench/fundraising_webhook_bench.py [--events 500] [--duplicates 0.2]

Creates a campaign with a voucher reward and N pending pledges in a temporary SQLite database (WAL, IMMEDIATE
transactions, as shipped), then pushes signed `checkout.session.completed` events through the real code path —
signature check, duplicate guard, session re-read (the demo gateway's session store stands in for Stripe's API, so
no network time is measured), conditional pending->paid UPDATE, voucher issue, email queueing — and prints events
per second (wall and CPU time of this process), SQL queries per event, latency percentiles, and checks that every
pledge was paid exactly once. An active match fund (1:1, large budget) is set up unless --no-match-fund, so the
payouts receiver really allocates (the case the target is about). --profile prints the top of a cProfile run.

The target is about all pledge_paid receivers connected (as shipped); --core-only shows fundraising alone.
--tasks database uses the task backend production runs with (background work is queued, not run inline).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database_url):
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("REDIS_URL", "")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--duplicates", type=float, default=0.2, help="share of events delivered twice")
    parser.add_argument(
        "--core-only",
        action="store_true",
        help="disconnect other apps' pledge_paid receivers (cache invalidation, match funds) to time fundraising alone",
    )
    parser.add_argument("--no-match-fund", action="store_true", help="no active match fund (allocation finds none)")
    parser.add_argument("--profile", action="store_true", help="print the top 25 functions by cumulative time")
    parser.add_argument("--sql", action="store_true", help="print the SQL of the first delivery")
    parser.add_argument(
        "--tasks",
        choices=["immediate", "database"],
        default="immediate",
        help="task backend: immediate (tests, dev; Wagtail's reference index is updated inline) or database "
        "(production's default: background work, e.g. the reference index, is only queued)",
    )
    parser.add_argument(
        "--database-url",
        help="an existing database to add the campaign and events to (e.g. a copy of the benchmark city); "
        "default: a fresh temporary SQLite file",
    )
    parser.add_argument("--target", type=float, default=100, help="events/s (wall) below which the exit code is 1")
    args = parser.parse_args()

    tmp = args.database_url or tempfile.mkdtemp(prefix="fundraising-bench-")
    setup_django(args.database_url or f"sqlite:///{os.path.join(tmp, 'bench.sqlite3')}")

    from django.conf import settings
    from django.test.utils import override_settings

    from bench.webhook_events import pending_pledge_events, sign
    from fundraising.factories import CampaignPageFactory, RewardFactory
    from fundraising.models import Pledge, PledgeState, Voucher
    from fundraising.notifications import muted
    from fundraising.payments import use_gateway
    from fundraising.payments.base import webhook_secret
    from fundraising.payments.demo_gateway import DemoGateway
    from fundraising.webhooks import process_payload

    backends = {
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        "database": "django_tasks_db.DatabaseBackend",
    }
    with override_settings(PAYMENTS_DEMO_MODE=True, TASKS={"default": {"BACKEND": backends[args.tasks]}}):
        campaign = CampaignPageFactory()
        reward = RewardFactory(page=campaign)
        if not args.no_match_fund:
            import datetime
            from decimal import Decimal

            from fundraising.payouts.models import MatchFund

            MatchFund.objects.create(
                name="Bench-Topf",
                budget_cents=10_000_000_000,
                ratio=Decimal("1.00"),
                starts_on=datetime.date.today() - datetime.timedelta(days=1),
                ends_on=datetime.date.today() + datetime.timedelta(days=30),
            )
        gateway = DemoGateway()
        payloads = pending_pledge_events(campaign, reward, args.events, gateway)
        rng = random.Random(1)
        deliveries = payloads + rng.sample(payloads, int(len(payloads) * args.duplicates))
        rng.shuffle(deliveries)
        secret = webhook_secret()

        if args.core_only:
            from fundraising import signals

            signals.pledge_paid.receivers = []
            signals.pledge_paid.sender_receivers_cache.clear()
        receivers = len(__import__("fundraising.signals", fromlist=["x"]).pledge_paid.receivers)
        from django.db import connection

        query_count = 0
        first_sql = []

        def count_query(execute, sql, params, many, context):
            nonlocal query_count
            query_count += 1
            if args.sql and len(latencies) == 0:
                first_sql.append(sql)
            return execute(sql, params, many, context)

        headers = sign(deliveries, secret)
        latencies = []
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
        with muted(), use_gateway(gateway), connection.execute_wrapper(count_query):
            if profiler:
                profiler.enable()
            start, start_cpu = time.perf_counter(), time.process_time()
            for payload, header in zip(deliveries, headers, strict=True):
                t0 = time.perf_counter()
                result = process_payload(payload.encode(), header)
                latencies.append(time.perf_counter() - t0)
                assert result.status == 200, result
            elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
            if profiler:
                profiler.disable()

        paid = Pledge.objects.filter(state=PledgeState.PAID, campaign=campaign).count()
        vouchers = Voucher.objects.filter(pledge__campaign=campaign).count()
        latencies.sort()
        rate = len(deliveries) / elapsed
        print(f"database: {settings.DATABASES['default']['ENGINE']} ({tmp})")
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (figures scale with it)")
        print(f"task backend: {args.tasks}")
        print(f"pledge_paid receivers connected: {receivers}{' (core only)' if args.core_only else ''}")
        print(f"deliveries: {len(deliveries)} ({args.events} events, {len(deliveries) - args.events} duplicates)")
        print(
            f"throughput: {rate:.0f} events/s wall (target >= {args.target:g}), "
            f"{len(deliveries) / cpu:.0f} events/s CPU time"
        )
        print(f"SQL queries: {query_count / len(deliveries):.1f} per delivery (duplicates included)")
        if args.no_match_fund:
            print("match fund: none")
        else:
            from fundraising.payouts.models import MatchAllocation

            print(f"match allocations: {MatchAllocation.objects.count()}/{args.events}")
        print(
            f"latency ms: p50 {statistics.median(latencies) * 1000:.1f}  "
            f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f}  "
            f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.1f}"
        )
        print(
            f"paid pledges: {paid}/{args.events}, vouchers: {vouchers} "
            f"(exactly one per paid pledge: {vouchers == paid})"
        )
        if first_sql:
            print(f"SQL of the first delivery ({len(first_sql)} statements):")
            for sql in first_sql:
                print("   ", sql[:160])
        if profiler:
            import pstats

            profiler.dump_stats(os.path.join(tempfile.gettempdir(), "fundraising-webhook-bench.prof"))
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        if rate < args.target or paid != args.events or vouchers != paid:
            sys.exit(1)


if __name__ == "__main__":
    main()
