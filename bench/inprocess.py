"""In-process measurements with the server's settings (run by bench/load_bench.py, or alone for a closer look).

    DJANGO_SETTINGS_MODULE=cms.settings.serve DATABASE_URL=… PUBLIC_PAGE_CACHE=False \
        .venv/bin/python -m bench.inprocess '{"campaign": "/unternehmen/…/aktion/"}' [--profile NAME] [--sql]

For each named path, with the public page cache off (every request renders) and after one warm-up request:
status, HTML bytes, SQL queries and where each query comes from (routing, site settings, navigation, footer,
middleware, page-specific), and the CPU time of the request in this process (median of several). Then the
full-city GeoJSON uncached (the directory cache dropped before each request): CPU ms, raw bytes, gzip and brotli
sizes, and where its time goes (cProfile, by function). Prints one JSON line (last line) for the orchestrator;
`--sql` also prints every query with its source, `--profile NAME` the top functions of that page's request.
"""

import cProfile
import gzip
import io
import json
import os
import pstats
import re
import statistics
import sys
import time
import traceback

import django

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

# Where a query comes from. The first rule that matches any frame of the query's stack decides, so the specific
# parts of the base template (menu, footer, settings) win over the page that renders them, and the page's own code
# wins over Wagtail's routing and the middleware around it. Rules: (file fragment, function or None, source).
SOURCES = [
    ("home/language_links.py", None, "language switcher"),
    ("home/templatetags/navigation_tags.py", "main_menu", "navigation (main menu)"),
    ("home/templatetags/navigation_tags.py", "site_footer", "footer"),
    ("home/templatetags/navigation_tags.py", "language_switcher", "language switcher"),
    ("wagtail/contrib/settings/", None, "site settings"),
    ("home/context_processors.py", None, "context processor"),
    ("wagtail/contrib/redirects/middleware.py", None, "redirect middleware"),
    ("django/contrib/sessions/", None, "session"),
    ("django/contrib/auth/", None, "auth"),
]
PAGE_RULES = [
    ("django/template/", None),
    ("wagtail/models/pages.py", "get_context"),
    ("wagtail/models/pages.py", "serve"),
]
ROUTING_RULES = [
    ("wagtail/models/sites.py", None, "routing: site and root paths"),
    ("wagtail/models/pages.py", "route", "routing: page tree walk"),
    ("wagtail/contrib/routable_page/", None, "routing: page tree walk"),
    ("wagtail/views.py", None, "routing: serve checks (alias, view restrictions)"),
]
PROJECT_DIRS = ("directory/", "fundraising/", "home/", "owners/", "privacy/", "commons/", "templates/")


def _rel(frame):
    return os.path.relpath(frame.filename, ROOT).replace(os.sep, "/")


def classify(stack):
    for fragment, function, source in SOURCES:
        if any(fragment in f.filename and (function is None or f.name == function) for f in stack):
            return source
    for frame in stack:
        rel = _rel(frame)
        if rel.startswith(PROJECT_DIRS) or any(
            fragment in frame.filename and (function is None or frame.name == function)
            for fragment, function in PAGE_RULES
        ):
            return "page-specific"
    for fragment, function, source in ROUTING_RULES:
        if any(fragment in f.filename and (function is None or f.name == function) for f in stack):
            return source
    return "other (middleware)"


def where(stack):
    """The innermost frame in the project's own code (else the innermost library frame) as 'file:line function'."""
    for frame in reversed(stack):
        rel = _rel(frame)
        if rel.startswith(PROJECT_DIRS) or rel.startswith("cms/"):
            return f"{rel}:{frame.lineno} {frame.name}"
    for frame in reversed(stack):
        name = frame.filename.replace(os.sep, "/")
        if "/django/db/" not in name and not _rel(frame).startswith("bench/"):
            return f"{name.split('site-packages/', 1)[-1]}:{frame.lineno} {frame.name}"
    return "?"


def capture(client, path, headers):
    from django.db import connection

    records = []

    def wrapper(execute, sql, params, many, context):
        stack = traceback.extract_stack()[:-1]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            records.append((sql, stack, time.perf_counter() - started))

    with connection.execute_wrapper(wrapper):
        response = client.get(path, **headers)
    queries = [
        {
            "source": classify(stack),
            "where": where(stack),
            "table": _table(sql),
            "ms": round(seconds * 1000, 2),  # wall time of execute() alone (the database's share)
            "sql": sql[:300],
        }
        for sql, stack, seconds in records
    ]
    return response, queries


def _table(sql):
    match = re.search(r'FROM "?(\w+)"?', sql)
    return match.group(1) if match else "?"


def cpu_ms(client, path, headers, repeat, before=None):
    values = []
    for _ in range(repeat):
        if before:
            before()
        started = time.process_time()
        client.get(path, **headers)
        values.append((time.process_time() - started) * 1000)
    return statistics.median(values)


def profile(client, path, headers, repeat, before=None, top=30, unprofiled_ms=None):
    profiler = cProfile.Profile()
    for _ in range(repeat):
        if before:
            before()
        profiler.enable()
        client.get(path, **headers)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write(
        f"Self time by area (cProfile tottime over {repeat} requests; ms are the shares applied to the unprofiled "
        f"{unprofiled_ms or 0:.1f} ms CPU per request, since the profiler itself slows every call):\n"
    )
    buckets, total = {}, 0.0
    for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        area = _area(filename, function)
        buckets[area] = buckets.get(area, 0.0) + tottime
        total += tottime
    for area, seconds in sorted(buckets.items(), key=lambda kv: -kv[1]):
        share = seconds / total
        out.write(f"  {area:<44} {share:6.1%}  ≈ {share * (unprofiled_ms or 0):6.1f} ms\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write("Project functions by cumulative time:\n")
    stats.print_stats(r"/(directory|fundraising|home|owners|cms)/", top)
    return out.getvalue()


AREAS = [
    ("django/template/", "Django templates (render, variable lookup)"),
    ("django/db/models/sql/", "Django ORM: SQL compilation"),
    ("django/db/models/", "Django ORM: querysets, model instances"),
    ("django/db/backends/", "Django DB backend (cursor wrappers)"),
    ("django/utils/translation", "Django i18n"),
    ("django/urls/", "Django URL resolving/reversing"),
    ("django/utils/", "Django utils (html escaping, safestring, …)"),
    ("django/", "Django other (middleware, handlers, http)"),
    ("wagtail/", "Wagtail"),
    ("modelcluster/", "modelcluster"),
    ("treebeard/", "treebeard"),
    ("csp/", "django-csp"),
    ("sqlite3", "database driver (sqlite3/psycopg)"),
    ("psycopg", "database driver (sqlite3/psycopg)"),
    ("redis", "cache client (redis)"),
    ("/directory/", "project: directory"),
    ("/fundraising/", "project: fundraising"),
    ("/home/", "project: home"),
    ("/owners/", "project: owners"),
    ("/cms/", "project: cms"),
]


def _area(filename, function):
    name = filename.replace(os.sep, "/")
    if name == "~":  # built-in functions: attribute the database calls, the rest is 'builtins'
        if function.startswith("<method 'execute'") or "fetch" in function or "sqlite3" in function:
            return "database driver (sqlite3/psycopg)"
        return "Python builtins (str, dict, re, …)"
    for fragment, area in AREAS:
        if fragment in name:
            return area
    return "other: " + name.split("site-packages/", 1)[-1].split("/")[0][:40]


def compressed_sizes(body):
    sizes = {"raw": len(body), "gzip6": len(gzip.compress(body, compresslevel=6))}
    try:
        import brotli  # optional here: measures what the wire could carry

        sizes["brotli5"] = len(brotli.compress(body, quality=5))
        sizes["brotli11"] = len(brotli.compress(body, quality=11))
    except ImportError:
        sizes["brotli5"] = sizes["brotli11"] = None
    return sizes


def main():
    paths = json.loads(sys.argv[1])
    show_sql = "--sql" in sys.argv
    profile_name = sys.argv[sys.argv.index("--profile") + 1] if "--profile" in sys.argv else None
    repeat = int(os.environ.get("BENCH_REPEAT", "7"))
    django.setup()
    from django.test import Client
    from django.utils import translation

    from directory.cache import invalidate_directory_cache

    client = Client(HTTP_HOST="127.0.0.1")
    headers = {}
    out = {"pages": {}}
    for name, path in paths.items():
        before = invalidate_directory_cache if name in ("geojson", "markers") else None
        if before:
            before()
        client.get(path, **headers)  # warm-up: site root paths, translations, template loading
        if before:
            before()
        response, queries = capture(client, path, headers)
        body = b"".join(response) if response.streaming else response.content
        by_source = {}
        for query in queries:
            by_source[query["source"]] = by_source.get(query["source"], 0) + 1
        out["pages"][name] = {
            "path": path,
            "status": response.status_code,
            "bytes": len(body),
            "queries": len(queries),
            "by_source": by_source,
            "query_list": queries,
            "cpu_ms": cpu_ms(client, path, headers, max(3, repeat // 2) if before else repeat, before),
        }
        if name in ("geojson", "map", "markers"):
            out["pages"][name]["sizes"] = compressed_sizes(body)
        if name == "map":
            out["pages"][name]["json_script_bytes"] = sum(
                len(m.group(1))
                for m in re.finditer(rb'<script[^>]*type="application/json"[^>]*>(.*?)</script>', body, re.S)
            )
        if show_sql:
            print(f"\n== {name} {path}: {len(queries)} queries ==")
            for n, query in enumerate(queries, 1):
                print(f"{n:3} {query['ms']:7.2f} ms {query['source']:<34} {query['where']:<70} {query['table']}")
        if name == profile_name:
            out["profile"] = profile(client, path, headers, repeat, before, unprofiled_ms=out["pages"][name]["cpu_ms"])
            print(out["profile"])
    translation.deactivate()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
