#!/usr/bin/env python
"""City-scale benchmark: one command per city size and backend, every target of issue 17 in one table.

    .venv/bin/python bench/load_bench.py --businesses 5000                      # SQLite + file cache
    .venv/bin/python bench/load_bench.py --businesses 5000 --backend postgres   # PostgreSQL + Redis
    .venv/bin/python bench/load_bench.py --quick                                # CI: 500 businesses, ~1 minute

What it does (everything on 127.0.0.1, every load loop bounded in requests and seconds):
1. a seeded city of N businesses (N/10 campaigns, 10 paid pledges per business, on top of `seed_demo`), cached by a
   hash of models/migrations/seed (bench/citydb.py); PostgreSQL runs use databases named `wshd_bench_*` and a
   Redis of their own on port 6390 (`--redis-port`), started and stopped by this script;
2. two gunicorn servers with identical options (2 sync workers, no recycling): the platform with
   `cms.settings.serve` (production settings over plain HTTP) and bench/minimal_site (a Wagtail project with one
   page model, same package versions);
3. for each target, requests/s and p50/p99 from loopback clients and the **server's CPU ms per request** (kernel
   accounting of the worker processes), interleaved with the references: the platform's static file, the
   minimal project's page and static file. Ratios are taken against the references of the same run;
4. in-process (bench/inprocess.py): SQL queries per page and their sources, HTML bytes, the GeoJSON's uncached
   build CPU and its size raw/gzip/brotli;
5. webhook fulfilment events/s (bench/fundraising_webhook_bench.py, on a copy of the city) and 20 concurrent
   writers (bench/writers_bench.py, "database is locked", p99);
6. RSS and USS per worker after the load, for both servers.
Prints a table with each target and writes bench/results/<backend>-<N>.json.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import citydb  # noqa: E402
from bench.serving import BYPASS, Gunicorn, fetch, load  # noqa: E402

PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
MINIMAL = ROOT / "bench" / "minimal_site"
ACCEPT = {"Accept-Encoding": "gzip, deflate, br"}

INFO = """
import json
from django.templatetags.static import static
from directory.models import BusinessPage, DirectoryIndexPage, MapPage
from fundraising.models import CampaignPage
campaigns = CampaignPage.objects.live().filter(slug="aktion").order_by("pk")
campaign = campaigns[campaigns.count() // 2]
print(json.dumps({
    "static": static("css/site.css"),
    "home": "/",
    "directory": DirectoryIndexPage.objects.live().first().url,
    "map": MapPage.objects.live().first().url,
    "business": campaign.get_parent().url,
    "campaign": campaign.url,
    "geojson": "/api/v1/businesses.geojson",
    "markers": "/api/v1/markers.json",
    "businesses": BusinessPage.objects.live().count(),
    "campaigns": CampaignPage.objects.live().count(),
}))
"""

MINIMAL_SETUP = """
import django; django.setup()
from wagtail.models import Page, Site
from pages.models import SimplePage
root = Site.objects.get(is_default_site=True).root_page
if not SimplePage.objects.exists():
    body = "".join(f"<p>Absatz {n}: Ein kleiner Laden mit großem Herz, seit Jahren im Viertel.</p>" for n in range(8))
    page = SimplePage(title="Eine einfache Seite", slug="einfach", intro="Ein kurzer Vorspann.", body=body)
    root.add_child(instance=page)
    page.save_revision().publish()
print(SimplePage.objects.get().url)
"""


def log(text=""):
    print(text, flush=True)


def run(args, env, cwd=ROOT, timeout=1800):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result.stdout


def last_json(text):
    return json.loads(text.strip().splitlines()[-1])


def minimal_site(work, log):
    """A migrated copy of the minimal project's database (cached like the city) and its collected static files."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(MINIMAL.rglob("*.py")) + [ROOT / "requirements.txt"]:
        digest.update(path.read_bytes())
    cached = citydb.CACHE / f"minimal-{digest.hexdigest()[:12]}" / "db.sqlite3"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(work)),
        "DJANGO_SETTINGS_MODULE": "minimal_site.settings",
        "MINIMAL_DB": str(cached),
        "STATIC_ROOT": str(work / "minimal-static"),
        "MEDIA_ROOT": str(work / "minimal-media"),
    }
    if not cached.exists():
        log("building the minimal Wagtail project's database …")
        cached.parent.mkdir(parents=True, exist_ok=True)
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, cwd=MINIMAL)
        run([PYTHON, "-c", MINIMAL_SETUP], env, cwd=MINIMAL)
    shutil.copyfile(cached, work / "minimal.sqlite3")
    env["MINIMAL_DB"] = str(work / "minimal.sqlite3")
    url = run([PYTHON, "-c", MINIMAL_SETUP], env, cwd=MINIMAL).strip().splitlines()[-1]
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env, cwd=MINIMAL)
    static = json.loads((work / "minimal-static" / "staticfiles.json").read_text())["paths"]["css/site.css"]
    return env, url, "/static/" + static


REDIS_CLI = shutil.which("redis-cli") or "redis-cli"
REDIS_SERVER = shutil.which("redis-server") or "redis-server"


def redis(port, *command):
    return subprocess.run([REDIS_CLI, "-p", str(port), *command], capture_output=True, text=True).stdout.strip()  # noqa: S603


def start_redis(port, work):
    """Our own Redis for the measurement (never the shared one): started here unless one already answers."""
    if redis(port, "ping") == "PONG":
        redis(port, "flushall")
        return False
    subprocess.run(  # noqa: S603
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--daemonize", "yes", "--dir", str(work), "--logfile", str(work / "redis.log")],
        check=True,
    )
    for _ in range(50):
        if redis(port, "ping") == "PONG":
            return True
        time.sleep(0.1)
    raise RuntimeError("redis did not start")


def shared_redis(url, *command):
    """A command to a running Redis given by URL, on its database only (`redis://host:port/db`)."""
    from urllib.parse import urlparse

    parts = urlparse(url)
    db = (parts.path or "/0").strip("/") or "0"
    args = [REDIS_CLI, "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 6379), "-n", db, *command]
    return subprocess.run(args, capture_output=True, text=True).stdout.strip()  # noqa: S603


def stop_redis(port):
    redis(port, "shutdown", "nosave")


def collectstatic(env, log):
    """Collect the platform's static files once per change of the static sources (manifest storage, as served)."""
    import hashlib

    digest = hashlib.sha256()
    folders = [ROOT / "static", *ROOT.glob("*/static"), *ROOT.glob("*/*/static")]
    for folder in [f for f in folders if f.parts[len(ROOT.parts)] not in ("bench", "node_modules", ".venv")]:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"{path}:{path.stat().st_mtime_ns}".encode())
    marker = Path(env["STATIC_ROOT"]) / ".bench-key"
    if marker.exists() and marker.read_text() == digest.hexdigest():
        return
    log("collecting static files …")
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    marker.write_text(digest.hexdigest())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--businesses", type=int, default=None, help="city size (default 5000; --quick: 500)")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--quick", action="store_true", help="CI smoke run: small city, short loads, few events")
    parser.add_argument("--duration", type=float, default=None, help="seconds per target (default 6; quick 1)")
    parser.add_argument("--clients", type=int, default=4, help="client processes (default 4)")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument(
        "--redis-url",
        default=None,
        help="use this running Redis database (e.g. redis://127.0.0.1:6379/5; FLUSHDB of that db only, not started "
        "or stopped, its CPU not counted: it is shared) instead of starting one on --redis-port",
    )
    parser.add_argument("--events", type=int, default=None, help="webhook events (default 500; quick 50)")
    parser.add_argument("--no-writers", action="store_true", help="skip the 20 concurrent writers")
    parser.add_argument("--profile", default=None, help="print a cProfile of this in-process page (campaign, …)")
    parser.add_argument("--sql", action="store_true", help="print every query of the in-process pages with its source")
    args = parser.parse_args()
    businesses = args.businesses or (500 if args.quick else 5000)
    duration = min(args.duration or (1.0 if args.quick else 6.0), 60.0)
    events = args.events or (50 if args.quick else 500)
    per_writer = 2 if args.quick else 10
    started_at = time.monotonic()
    load_start = os.getloadavg()

    work = RESULTS / f"run-{args.backend}-{businesses}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    base_env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(RESULTS)),
        "LANG": "C.UTF-8",
    }
    log(
        f"== city of {businesses} businesses on {args.backend}; "
        f"load average {load_start[0]:.1f} on {os.cpu_count()} CPUs"
    )
    redis_started = False
    if args.backend == "postgres":
        database_url = citydb.postgres_city(businesses, args.postgres_url, log)
        if args.redis_url:
            shared_redis(args.redis_url, "flushdb")
        else:
            redis_started = start_redis(args.redis_port, work)
    else:
        database_url = citydb.sqlite_city(businesses, work / "city.sqlite3", log)
    env = {
        **base_env,
        "DJANGO_SETTINGS_MODULE": "cms.settings.serve",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(RESULTS / "static"),
        "MEDIA_ROOT": str(citydb.media_root()),
        "SERVE_CACHE_DIR": str(work / "cache"),
        "PAGE_CACHE_SECONDS": "600",
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
    }
    if args.backend == "postgres":
        env["REDIS_URL"] = args.redis_url or f"redis://127.0.0.1:{args.redis_port}/0"
    collectstatic(env, log)
    urls = last_json(run([PYTHON, "-c", "import django; django.setup()\n" + INFO], env))
    minimal_env, minimal_url, minimal_static = minimal_site(work, log)
    log(f"   {urls['businesses']} live businesses, {urls['campaigns']} campaigns; campaign {urls['campaign']}")

    def side_pids():
        """PostgreSQL backends of the run's database and our Redis: their CPU is the platform's too."""
        rows = citydb._pg(
            args.postgres_url,
            f"SELECT pid FROM pg_stat_activity WHERE datname = '{citydb.run_database(businesses)}'",  # noqa: S608
        )
        pids = [row[0] for row in rows]
        if args.redis_url:
            return pids  # a shared Redis: its CPU is everybody's
        info = redis(args.redis_port, "info", "server")
        pids += [int(line.split(":")[1]) for line in info.splitlines() if line.startswith("process_id:")]
        return pids

    ours = Gunicorn("platform", ROOT, "cms.wsgi", env)
    minimal = Gunicorn("minimal", MINIMAL, "minimal_site.wsgi", minimal_env)
    rows, sizes = {}, {}
    try:
        ours.wait_ready("/healthz")
        minimal.wait_ready(minimal_url)
        for path in (urls["campaign"], urls["business"], "/"):
            fetch(ours.port, path)  # fill the page cache (not the map or GeoJSON: the RSS column shows their effect)
        targets = [
            ("static file", ours, urls["static"], {}),
            ("minimal: Wagtail page", minimal, minimal_url, {}),
            ("minimal: static file", minimal, minimal_static, {}),
            ("campaign page, uncached", ours, urls["campaign"], BYPASS),
            ("campaign page, cached", ours, urls["campaign"], {}),
            ("business page, uncached", ours, urls["business"], BYPASS),
            ("business page, cached", ours, urls["business"], {}),
            ("home page, uncached", ours, "/", BYPASS),
            ("map page, uncached", ours, urls["map"], BYPASS),
            ("GeoJSON, cached", ours, urls["geojson"], ACCEPT),
            ("static file (again)", ours, urls["static"], {}),
            ("minimal: Wagtail page (again)", minimal, minimal_url, {}),
        ]
        for label, server, path, headers in targets:
            heavy = label.startswith("map")
            side = side_pids if server is ours and args.backend == "postgres" else None
            result = load(server, path, headers, duration, 400 if heavy else 20000, args.clients, side)
            result["rss_mb"] = max(m["rss_mb"] for m in server.memory())  # largest worker after this target
            rows[label] = result
            side_text = f" + {result['side_cpu_ms']:.2f} PG/Redis" if side else ""
            log(
                f"   {label:<32} {result['rps']:8.1f} req/s  {result['cpu_ms']:7.2f} ms CPU/req{side_text}  "
                f"p99 {result['p99_ms']:7.1f} ms  cache {result['cache']:<5} {result['statuses']}"
            )
        for label, path, headers in [
            ("map", urls["map"], {}),
            ("geojson", urls["geojson"], {}),
            ("geojson_gzip", urls["geojson"], {"Accept-Encoding": "gzip"}),
            ("geojson_br", urls["geojson"], ACCEPT),
            ("markers_br", urls["markers"], ACCEPT),
        ]:
            status, response_headers, body = fetch(ours.port, path, headers)
            sizes[label] = {
                "status": status,
                "bytes": len(body),
                "encoding": response_headers.get("content-encoding", "identity"),
                "etag": response_headers.get("etag"),
            }
        memory = {"platform": ours.memory(), "minimal": minimal.memory()}
    finally:
        ours.stop()
        minimal.stop()

    log("   in-process: queries, sources, GeoJSON build …")
    paths = {k: urls[k] for k in ("campaign", "business", "map", "home", "geojson", "markers")}
    inproc_args = [PYTHON, "-m", "bench.inprocess", json.dumps(paths)]
    if args.profile:
        inproc_args += ["--profile", args.profile]
    if args.sql:
        inproc_args.append("--sql")
    inproc_out = run(inproc_args, {**env, "PUBLIC_PAGE_CACHE": "False", "BENCH_REPEAT": "3" if args.quick else "7"})
    if args.sql or args.profile:
        log(inproc_out.rsplit("\n", 2)[0])
    inproc = last_json(inproc_out)

    webhook = None
    if args.backend == "sqlite":
        log("   webhook fulfilment (a copy of the city) …")
        copy = work / "webhook.sqlite3"
        shutil.copyfile(work / "city.sqlite3", copy)
        text = subprocess.run(  # noqa: S603
            [
                PYTHON,
                "bench/fundraising_webhook_bench.py",
                "--events",
                str(events),
                "--tasks",
                "database",
                "--database-url",
                f"sqlite:///{copy}",
                "--target",
                "200",
            ],
            cwd=ROOT,
            env=base_env,
            capture_output=True,
            text=True,
            timeout=900,
        ).stdout
        webhook = {"text": text}
        for line in text.splitlines():
            if line.startswith("throughput:"):
                webhook["wall"] = float(line.split()[1])
                webhook["cpu"] = float(line.split(",")[1].split()[0])
            if line.startswith("SQL queries:"):
                webhook["queries"] = float(line.split()[2])
        copy.unlink(missing_ok=True)

    writers = None
    if not args.no_writers:
        log("   20 concurrent writers …")
        writers = last_json(
            run(
                [PYTHON, "-m", "bench.writers_bench", "--writers", "20", "--events-per-writer", str(per_writer)],
                env,
                timeout=900,
            )
        )
    if args.backend == "postgres":
        citydb.drop_postgres_run(args.postgres_url, businesses)
        if redis_started:
            stop_redis(args.redis_port)

    report(args, businesses, urls, rows, sizes, memory, inproc, webhook, writers, load_start, started_at)


def fmt(value, spec=".1f"):
    return "–" if value is None else format(value, spec)


def report(args, businesses, urls, rows, sizes, memory, inproc, webhook, writers, load_start, started_at):
    static_cpu = min(rows["static file"]["cpu_ms"], rows["static file (again)"]["cpu_ms"])
    static_rps = max(rows["static file"]["rps"], rows["static file (again)"]["rps"])
    minimal_cpu = min(rows["minimal: Wagtail page"]["cpu_ms"], rows["minimal: Wagtail page (again)"]["cpu_ms"])
    load_end = os.getloadavg()
    log()
    log(
        f"==== {args.backend}, {businesses} businesses ({urls['businesses']} live, {urls['campaigns']} campaigns); "
        f"load average {load_start[0]:.1f} → {load_end[0]:.1f} on {os.cpu_count()} CPUs; {datetime.date.today()}"
    )
    header = f"{'target':<32} {'req/s':>8} {'CPU ms':>8} {'p99 ms':>8} {'req/s ÷':>8} {'CPU ×':>7} {'CPU ×':>8}"
    log(header + f" {'RSS MB':>7}  cache")
    log(f"{'':<32} {'':>8} {'/req':>8} {'':>8} {'static':>8} {'static':>7} {'minimal':>8} {'after':>7}")
    log("-" * 108)
    if args.backend == "postgres":
        log("(CPU ms/req of the platform's rows include its PostgreSQL backends and Redis; the minimal project and")
        log(" the static files use neither)")
    for label, r in rows.items():
        cpu = r["cpu_ms"] + (r.get("side_cpu_ms") or 0)  # PostgreSQL + Redis work for the platform's requests too
        log(
            f"{label:<32} {r['rps']:8.1f} {cpu:8.2f} {r['p99_ms']:8.1f} {r['rps'] / static_rps:8.2f} "
            f"{cpu / static_cpu:7.1f} {cpu / minimal_cpu:8.2f} {r.get('rss_mb', 0):7.0f}  {r['cache']}"
            + (f"  errors {r['errors']} {r['statuses']}" if r["errors"] or set(r["statuses"]) - {200} else "")
        )
    pages = inproc["pages"]
    log()
    log("SQL queries per uncached request (in-process, page cache off) and where they come from:")
    for name in ("campaign", "business", "home", "map", "geojson", "markers"):
        page = pages[name]
        sources = ", ".join(f"{k} {v}" for k, v in sorted(page["by_source"].items(), key=lambda kv: -kv[1]))
        log(
            f"  {name:<9} {page['queries']:3} queries, {page['bytes'] / 1024:8.1f} KB, "
            f"{page['cpu_ms']:6.1f} ms CPU: {sources}"
        )
    geo = pages["geojson"]
    mem_ours = [m["rss_mb"] for m in memory["platform"]]
    mem_min = [m["rss_mb"] for m in memory["minimal"]]
    uss_ours = [m["uss_mb"] for m in memory["platform"]]
    uss_min = [m["uss_mb"] for m in memory["minimal"]]
    campaign_ratio = rows["campaign page, cached"]["rps"] / static_rps

    def total(label):
        return rows[label]["cpu_ms"] + (rows[label].get("side_cpu_ms") or 0)

    checks = [
        (
            "uncached campaign page ≤ 12 ms CPU",
            f"{total('campaign page, uncached'):.1f} ms ({pages['campaign']['queries']} queries)",
            total("campaign page, uncached") <= 12,
        ),
        (
            "uncached business page ≤ 12 ms CPU",
            f"{total('business page, uncached'):.1f} ms ({pages['business']['queries']} queries)",
            total("business page, uncached") <= 12,
        ),
        (
            "detail pages ≤ 15 queries",
            f"{pages['campaign']['queries']} / {pages['business']['queries']}",
            max(pages["campaign"]["queries"], pages["business"]["queries"]) <= 15,
        ),
        (
            "cached campaign page ≥ 0.8 × static req/s",
            f"{campaign_ratio:.2f} (CPU {total('campaign page, cached'):.2f} vs {static_cpu:.2f} ms: "
            f"{static_cpu / total('campaign page, cached'):.2f})",
            campaign_ratio >= 0.8,
        ),
        (
            "map page HTML ≤ 150 KB",
            f"{pages['map']['bytes'] / 1024:.0f} KB ({pages['map'].get('json_script_bytes', 0) / 1024:.0f} KB inline "
            f"JSON), {pages['map']['queries']} queries",
            pages["map"]["bytes"] <= 150 * 1024,
        ),
        (
            f"GeoJSON build ≤ {150 if businesses <= 5000 else 400} ms",
            f"{geo['cpu_ms']:.0f} ms CPU (uncached request, in-process)",
            geo["cpu_ms"] <= (150 if businesses <= 5000 else 400),
        ),
        (
            "GeoJSON ≤ 400 KB on the wire",
            f"{sizes['geojson_br']['bytes'] / 1024:.0f} KB sent ({sizes['geojson_br']['encoding']}, "
            f"ETag {'yes' if sizes['geojson_br']['etag'] else 'no'}); raw {geo['sizes']['raw'] / 1024:.0f} KB, "
            f"gzip {geo['sizes']['gzip6'] / 1024:.0f} KB, brotli "
            + (f"{geo['sizes']['brotli5'] / 1024:.0f} KB" if geo["sizes"]["brotli5"] else "n/a (pip install brotli)"),
            sizes["geojson_br"]["bytes"] <= 400 * 1024,
        ),
        (
            "map markers (what the map loads) ≤ 400 KB on the wire",
            f"{sizes['markers_br']['bytes'] / 1024:.0f} KB sent ({sizes['markers_br']['encoding']}); raw "
            f"{pages['markers']['sizes']['raw'] / 1024:.0f} KB; build {pages['markers']['cpu_ms']:.0f} ms CPU",
            sizes["markers_br"]["bytes"] <= 400 * 1024,
        ),
    ]
    if webhook:
        checks.append(
            (
                "webhook ≥ 200 events/s (SQLite)",
                f"{fmt(webhook.get('wall'), '.0f')} wall, {fmt(webhook.get('cpu'), '.0f')} CPU events/s, "
                f"{fmt(webhook.get('queries'))} queries/delivery",
                (webhook.get("wall") or 0) >= 200,
            )
        )
    if writers:
        checks.append(
            (
                "20 writers: no 'locked', p99 ≤ 1 s",
                f"{writers['locked']} locked, {writers['errors']} errors, p99 {writers['p99_ms']:.0f} ms, "
                f"{writers['events_per_s']} events/s, exactly once: {writers['exactly_once']}",
                writers["locked"] == 0 and writers["errors"] == 0 and writers["p99_ms"] <= 1000,
            )
        )
    checks.append(
        (
            "RSS per worker ≤ 1.2 × minimal",
            f"{max(mem_ours):.0f} MB vs {max(mem_min):.0f} MB = {max(mem_ours) / max(mem_min):.2f} "
            f"(USS {max(uss_ours):.0f} vs {max(uss_min):.0f} MB)",
            max(mem_ours) <= 1.2 * max(mem_min),
        )
    )
    log()
    log("Targets (issue 17):")
    for name, value, ok in checks:
        log(f"  [{'met ' if ok else 'MISS'}] {name:<42} {value}")
    log(f"\n(run took {time.monotonic() - started_at:.0f} s)")
    out = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "backend": args.backend,
        "businesses": businesses,
        "load_average": [load_start, load_end],
        "urls": urls,
        "rows": rows,
        "sizes": sizes,
        "memory": memory,
        "inprocess": inproc,
        "webhook": webhook,
        "writers": writers,
        "checks": [{"target": n, "value": v, "met": ok} for n, v, ok in checks],
    }
    (RESULTS / f"{args.backend}-{businesses}{'-quick' if args.quick else ''}.json").write_text(
        json.dumps(out, indent=1)
    )


if __name__ == "__main__":
    main()
