"""Where a worker's memory goes: the platform against the minimal Wagtail project, stage by stage.

    DATABASE_URL=sqlite:///…city.sqlite3 .venv/bin/python bench/memory_bench.py [--json]

For each project, in fresh processes with its server settings (the platform: `cms.settings.serve`):
1. RSS after each stage: interpreter, settings, `django.setup()` (models, apps' ready()), URLconf (views, API,
   wagtail_hooks), warm requests to the public pages (templates, template tags, first queries);
2. the standalone RSS cost of heavy third-party libraries, each imported alone after Django's settings
   (stripe, django-ninja/pydantic, fpdf2, segno, Pillow, …) — what a lazy import would save per worker;
3. tracemalloc after the warm requests, by top-level package (Python objects only: code, module dicts, caches);
4. RSS by mapped file (shared libraries of C extensions) from /proc/self/smaps;
5. `python -X importtime` summed by top-level package (self time of every module imported at start).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "bench" / "minimal_site"
PYTHON = sys.executable
HEAVY = [
    "stripe",
    "ninja",
    "pydantic",
    "fpdf",
    "segno",
    "PIL.Image",
    "PIL.ImageDraw",
    "pillow_heif",
    "orjson",
    "allauth.account.models",
    "django_tasks_db",
    "wagtailgeowidget",
    "csp",
    "redis",
    "psycopg",
    "environ",
]

STAGES = r"""
import json, os, sys, time, tracemalloc
from pathlib import Path
def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
out = {"stages": []}
trace = os.environ.get("BENCH_TRACEMALLOC") == "1"
if trace:
    tracemalloc.start(1)
out["stages"].append(("interpreter", rss()))
import django
from django.conf import settings
settings.INSTALLED_APPS
out["stages"].append(("settings", rss()))
django.setup()
out["stages"].append(("django.setup() (models, ready())", rss()))
from django.urls import get_resolver
get_resolver().url_patterns
from wagtail import hooks
hooks.get_hooks("register_rich_text_features")
out["stages"].append(("URLconf (views, API, wagtail_hooks)", rss()))
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
for path in json.loads(os.environ["BENCH_PATHS"]):
    client.get(path)
out["stages"].append(("warm requests to the public pages", rss()))
mods = {}
for name in list(sys.modules):
    top = name.split(".")[0]
    mods[top] = mods.get(top, 0) + 1
out["modules"] = sorted(mods.items(), key=lambda kv: -kv[1])[:25]
out["module_count"] = len(sys.modules)
if trace:
    snap = tracemalloc.take_snapshot()
    by = {}
    for stat in snap.statistics("filename"):
        f = stat.traceback[0].filename
        if "site-packages/" in f:
            key = f.split("site-packages/", 1)[1].split("/")[0]
        elif f.startswith(os.getcwd()):
            key = "project: " + os.path.relpath(f, os.getcwd()).split("/")[0]
        else:
            key = "stdlib/other"
        by[key] = by.get(key, 0) + stat.size
    out["tracemalloc"] = sorted(((k, round(v / 1e6, 2)) for k, v in by.items()), key=lambda kv: -kv[1])[:25]
files = {}
current = None
for line in Path("/proc/self/smaps").read_text().splitlines():
    parts = line.split()
    if parts and "-" in parts[0] and len(parts) >= 5 and ":" not in parts[0]:
        current = parts[5] if len(parts) >= 6 else "[anon]"
    elif parts and parts[0] == "Rss:":
        files[current] = files.get(current, 0) + int(parts[1])
so = {}
for name, kb in files.items():
    key = name
    if "site-packages/" in name:
        key = "site-packages/" + name.split("site-packages/", 1)[1].split("/")[0]
    so[key] = so.get(key, 0) + kb
out["mapped"] = sorted(((k, round(v / 1024, 1)) for k, v in so.items()), key=lambda kv: -kv[1])[:15]
print(json.dumps(out))
"""

HEAVY_CODE = r"""
import importlib, json, sys
from pathlib import Path
def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
import django
from django.conf import settings
settings.INSTALLED_APPS
name = sys.argv[1]
before = rss()
try:
    importlib.import_module(name)
    print(json.dumps([name, round(rss() - before, 1)]))
except Exception as error:
    print(json.dumps([name, None]))
"""


def run(code, env, cwd, args=()):
    result = subprocess.run([PYTHON, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-4000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def importtime(env, cwd):
    code = "import django; django.setup(); from django.urls import get_resolver; get_resolver().url_patterns"
    result = subprocess.run(  # noqa: S603
        [PYTHON, "-X", "importtime", "-c", code], cwd=cwd, env=env, capture_output=True, text=True
    )
    totals = {}
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            top = match.group(4).split(".")[0]
            totals[top] = totals.get(top, 0) + int(match.group(1))
    return sorted(((k, round(v / 1000)) for k, v in totals.items()), key=lambda kv: -kv[1])[:20]


def project(name, env, cwd, paths):
    env = {**env, "BENCH_PATHS": json.dumps(paths)}
    stages = run(STAGES, env, cwd)
    traced = run(STAGES, {**env, "BENCH_TRACEMALLOC": "1"}, cwd)
    stages["tracemalloc"] = traced.get("tracemalloc")
    stages["heavy"] = [run(HEAVY_CODE, env, cwd, [module]) for module in HEAVY]
    stages["importtime_ms"] = importtime(env, cwd)
    return stages


def main():
    base = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}
    ours_env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "cms.settings.serve",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT", "/nonexistent"),
        "STATIC_ROOT": os.environ.get("STATIC_ROOT", str(ROOT / "bench" / "results" / "static")),
        "SERVE_CACHE_DIR": str(ROOT / "bench" / "results" / "memory-cache"),
        "PUBLIC_PAGE_CACHE": "False",
        "LOG_LEVEL": "WARNING",
    }
    paths = json.loads(os.environ.get("BENCH_PAGES", '["/", "/karte/", "/unternehmen/"]'))
    results = {"platform": project("platform", ours_env, ROOT, paths)}
    minimal_env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "minimal_site.settings",
        "MINIMAL_DB": os.environ.get("MINIMAL_DB", str(MINIMAL / "db.sqlite3")),
        "STATIC_ROOT": os.environ.get("MINIMAL_STATIC_ROOT", str(ROOT / "bench" / "results" / "minimal-static")),
    }
    results["minimal"] = project("minimal", minimal_env, MINIMAL, ["/", "/einfach/"])
    if "--json" in sys.argv:
        print(json.dumps(results))
        return
    for name, data in results.items():
        print(f"\n== {name}: RSS by stage (MB) ==")
        previous = 0
        for stage, value in data["stages"]:
            print(f"  {stage:<40} {value:7.1f}  (+{value - previous:.1f})")
            previous = value
        print(f"  modules loaded: {data['module_count']}; by package: {data['modules'][:15]}")
        if name == "platform":
            print("  standalone RSS cost of heavy libraries (imported alone after settings), MB:")
            for module, cost in data["heavy"]:
                print(f"    {module:<28} {cost}")
        print("  tracemalloc after warm requests, MB by package:", data["tracemalloc"][:15])
        print("  RSS by mapped file, MB:", data["mapped"][:12])
        print("  import time, ms self by package:", data["importtime_ms"][:15])


if __name__ == "__main__":
    main()
