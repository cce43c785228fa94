#!/usr/bin/env python
"""Load benchmark: one command, bounded in time, requests to 127.0.0.1 only.

    .venv/bin/python bench/load_bench.py                # SQLite file in bench/results/, file cache
    REDIS_URL=redis://127.0.0.1:6379/3 DATABASE_URL=postgres://postgres@127.0.0.1/wshd_bench \
        .venv/bin/python bench/load_bench.py            # PostgreSQL + Redis, as in production

1. Migrates and seeds a big city once (5,000 businesses, 500 campaigns, 50,000 paid pledges; bench/seed_big_city.py),
2. collects static files and starts gunicorn with production-like settings (cms.settings.serve) on a free loopback
   port,
3. measures requests per second and p50/p99 latency with a small threaded HTTP load generator, each target for
   --duration seconds (or --max-requests, whichever comes first): home, directory, a campaign page, the GeoJSON API
   — each through the shared page cache and around it (a session cookie bypasses the cache) — and a static file
   as the reference,
4. counts SQL queries per uncached page in-process, and prints a table with the ratios to the static file.

The load generator runs on the same machine and competes with the server for CPU; compare ratios, not absolutes.
"""

import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.system.harness import Server, manage, run_python  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BYPASS = {"Cookie": "sessionid=bench-bypass-cache"}  # an unknown session: anonymous, but never served from cache

INFO = """
import json
from django.templatetags.static import static
from directory.models import BusinessPage, DirectoryIndexPage
from fundraising.models import CampaignPage
print(json.dumps({
    "static": static("css/site.css"),
    "directory": DirectoryIndexPage.objects.live().first().url,
    "business": BusinessPage.objects.live().order_by("pk")[10].url,
    "campaign": CampaignPage.objects.live().order_by("pk").first().url,
}))
"""

QUERIES = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
out = {{}}
for name, path in {paths!r}.items():
    client.get(path)  # warm up (site root, translations)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    out[name] = [response.status_code, len(ctx.captured_queries)]
print(json.dumps(out))
"""


def load(port, path, headers, duration, max_requests, concurrency):
    """Hammer one URL from `concurrency` threads with keep-alive connections. Only 127.0.0.1."""
    latencies, errors, statuses, cache_states = [], [0], {}, {}
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    budget = [max_requests]

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local = []
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            local.append(time.perf_counter() - start)
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
                state = response.getheader("X-Public-Cache", "-")
                cache_states[state] = cache_states.get(state, 0) + 1
        conn.close()
        with lock:
            latencies.extend(local)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "errors": errors[0],
        "statuses": statuses,
        "cache": max(cache_states, key=cache_states.get) if cache_states else "-",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=6.0, help="seconds per target (default 6)")
    parser.add_argument("--max-requests", type=int, default=20000, help="request cap per target")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--reseed", action="store_true", help="start from an empty SQLite database")
    args = parser.parse_args()
    args.duration = min(args.duration, 60.0)  # bounded, whatever is asked

    RESULTS.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{RESULTS / 'bench-city.sqlite3'}"
    if args.reseed and database_url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(database_url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(RESULTS)),
        "DJANGO_SETTINGS_MODULE": "cms.settings.serve",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(RESULTS / "static"),
        "MEDIA_ROOT": str(RESULTS / "media"),
        "SERVE_CACHE_DIR": str(RESULTS / "cache"),
        "PAGE_CACHE_SECONDS": "300",
        "LOG_LEVEL": "WARNING",
    }
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
        env["CACHE_KEY_PREFIX"] = "bench"

    print(f"database: {database_url.split('@')[-1]}; cache: {'Redis' if 'REDIS_URL' in env else 'file'}")
    print("migrating …", flush=True)
    manage(["migrate", "--noinput", "-v0"], env, timeout=900)
    print("seeding the big city (once) …", flush=True)
    print(
        "  ",
        run_python("import json\nfrom bench.seed_big_city import seed\nprint(json.dumps(seed()))", env, timeout=900),
    )
    manage(["collectstatic", "--noinput", "-v0"], env, timeout=600)
    urls = run_python(INFO, env)

    server = Server(env, workers=args.workers, threads=args.threads, name="bench")
    try:
        server.wait_ready(timeout=90)
        targets = [
            ("static file (reference)", urls["static"], {}),
            ("home, cached", "/", {}),
            ("home, uncached", "/", BYPASS),
            ("directory, cached", urls["directory"], {}),
            ("directory, uncached", urls["directory"], BYPASS),
            ("business page, cached", urls["business"], {}),
            ("business page, uncached", urls["business"], BYPASS),
            ("campaign page, cached", urls["campaign"], {}),
            ("campaign page, uncached", urls["campaign"], BYPASS),
            ("GeoJSON API, cached", "/api/v1/businesses.geojson", {}),
            ("GeoJSON API, uncached", "/api/v1/businesses.geojson", BYPASS),
            ("static file (again)", urls["static"], {}),
        ]
        rows = []
        for label, path, headers in targets:
            load(server.port, path, headers, 1.0, 50, 2)  # warm-up: fill caches, start workers
            result = load(server.port, path, headers, args.duration, args.max_requests, args.concurrency)
            rows.append((label, path, result))
            print(f"  {label:<26} {result['rps']:8.1f} rps", flush=True)
    finally:
        server_log = server.output()
        server.stop()

    queries = run_python(
        QUERIES.format(
            paths={
                "home": "/",
                "directory": urls["directory"],
                "business": urls["business"],
                "campaign": urls["campaign"],
                "geojson": "/api/v1/businesses.geojson",
            }
        ),
        {**env, "PUBLIC_PAGE_CACHE": "False"},
    )

    # The static file is measured first and last; the better run is the reference (the first one can still share
    # the CPU with workers that are starting up).
    reference = max(rows[0][2]["rps"], rows[-1][2]["rps"]) or 1.0
    print()
    print(f"{'target':<26} {'rps':>8} {'p50 ms':>8} {'p99 ms':>8} {'x static':>9} {'cache':>6} {'errors':>6}  statuses")
    print("-" * 96)
    for label, _path, r in rows:
        print(
            f"{label:<26} {r['rps']:8.1f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} {r['rps'] / reference:9.2f} "
            f"{r['cache']:>6} {r['errors']:>6}  {r['statuses']}"
        )
    print()
    print("SQL queries per uncached request (in-process, page cache off; directory/API have their own data cache):")
    for name, (status, count) in queries.items():
        print(f"  {name:<10} status {status}  {count} queries")
    by_label = {label: r for label, _p, r in rows}
    ratio = by_label["campaign page, cached"]["rps"] / reference
    print()
    print(f"cached campaign page / static file: {ratio:.2f} (target >= 0.5)")
    if by_label["campaign page, cached"]["cache"] != "hit":
        print(
            "  note: the campaign page was not served from the page cache — a page that renders a CSRF token "
            "(its pledge form, the language switcher) sets a cookie and is never cached."
        )
    if any(r["errors"] or set(r["statuses"]) - {200} for _l, _p, r in rows):
        print("\nSome requests failed; last server log lines:\n" + server_log[-3000:])
    (RESULTS / "last-run.json").write_text(
        json.dumps({"rows": [(label, path, r) for label, path, r in rows], "queries": queries}, indent=2)
    )


if __name__ == "__main__":
    main()
