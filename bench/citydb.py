"""Seeded benchmark databases, built once and cached, keyed by a hash of everything that shapes them.

A city of N businesses is `migrate` + `seed_demo` + `bench.seed_big_city.seed(N)`: about a minute for the demo part
plus 10 s per 1,000 businesses. The result is kept and reused while the key stays the same:

* SQLite: `$WSHD_BENCH_CACHE/<key>/city-<N>.sqlite3` (default `~/.cache/wshd-bench`), copied for each run, so a
  run may write to its copy (webhooks, concurrent writers) and the next run starts from the same data;
* PostgreSQL: a template database `wshd_bench_tpl_<key>_<N>`; each run gets `wshd_bench_run_<N>` created from it
  with `CREATE DATABASE … TEMPLATE` (a file copy on the server, seconds). Only `wshd_bench_*` names are touched.

The key hashes the migrations, models, demo generators and city data, this seed, and the requirements: change
any of them and the next run seeds afresh. Media files written by `seed_demo` (demo images) live beside the
database in the cache folder and are shared by its runs.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CACHE = Path(os.environ.get("WSHD_BENCH_CACHE") or Path.home() / ".cache" / "wshd-bench")
# Prefix of the PostgreSQL databases this script creates and drops (`<prefix>_tpl_…`, `<prefix>_run_<N>`): set
# WSHD_BENCH_PG_PREFIX when several people bench on one server, so that nobody drops another's databases.
PG_PREFIX = os.environ.get("WSHD_BENCH_PG_PREFIX") or "wshd_bench"
KEY_PATTERNS = [
    "*/migrations/*.py",
    "*/*/migrations/*.py",
    "*/models/*.py",
    "*/*/models/*.py",
    "*/models.py",
    "*/*/models.py",
    "*/demo.py",
    "*/*/demo.py",
    "directory/cities/*.json",
    "home/management/commands/seed_demo.py",
    "bench/seed_big_city.py",
    "requirements.txt",
]


def cache_key():
    digest = hashlib.sha256()
    files = sorted({path for pattern in KEY_PATTERNS for path in ROOT.glob(pattern) if ".venv" not in path.parts})
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _run(args, env, timeout=1800):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result.stdout


def seed_env(base_env, database_url, media_root):
    """Environment for building a city: dev settings (seed_demo runs only there), immediate tasks, no Redis."""
    env = {k: v for k, v in base_env.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root),
            "DEMO_PASSWORD": "bench-demo-password",
            "TASKS_BACKEND": "immediate",
            "DEBUG": "False",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def _migrate_and_demo(database_url, media_root, log):
    env = seed_env(os.environ, database_url, media_root)
    started = time.monotonic()
    _run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    log(f"  migrate {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    _run([PYTHON, "manage.py", "seed_demo"], env)
    log(f"  seed_demo {time.monotonic() - started:.0f} s")


def _bulk(database_url, media_root, businesses, log):
    env = seed_env(os.environ, database_url, media_root)
    started = time.monotonic()
    code = f"import django; django.setup()\nfrom bench.seed_big_city import seed\nprint(seed({businesses}))"
    out = _run([PYTHON, "-c", code], env)
    log(f"  bulk seed of {businesses} businesses {time.monotonic() - started:.0f} s: {out.strip().splitlines()[-1]}")


def _checkpoint(path):
    """Fold the WAL into the main file so that one file is the whole database."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")


def media_root(key=None):
    return CACHE / (key or cache_key()) / "media"


def sqlite_city(businesses, target, log=print):
    """Copy a seeded SQLite city of `businesses` to `target` (building it first if not cached); returns its URL."""
    key = cache_key()
    cached = CACHE / key / f"city-{businesses}.sqlite3"
    if not cached.exists():
        log(f"building the SQLite city of {businesses} businesses (cache key {key}) …")
        cached.parent.mkdir(parents=True, exist_ok=True)
        base = CACHE / key / "base.sqlite3"  # migrate + seed_demo, shared by every size
        if not base.exists():
            partial = base.with_suffix(".partial")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{partial}{suffix}").unlink(missing_ok=True)
            _migrate_and_demo(f"sqlite:///{partial}", media_root(key), log)
            _checkpoint(partial)
            partial.rename(base)
            _prune(key)
        partial = cached.with_suffix(".partial")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(base, partial)
        _bulk(f"sqlite:///{partial}", media_root(key), businesses, log)
        _checkpoint(partial)
        partial.rename(cached)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(cached, target)
    return f"sqlite:///{target}"


def _pg(base_url, *statements):
    import psycopg

    url = base_url.replace("postgres://", "postgresql://", 1).rpartition("/")[0] + "/postgres"
    with psycopg.connect(url, autocommit=True) as conn:
        rows = []
        for statement in statements:
            cursor = conn.execute(statement)
            rows = cursor.fetchall() if cursor.description else rows
        return rows


def postgres_city(businesses, base_url, log=print):
    """A fresh `wshd_bench_run_<N>` database from the cached template (built first if needed); returns its URL."""
    key = cache_key()
    template = f"{PG_PREFIX}_tpl_{key}_{businesses}"
    server = base_url.rpartition("/")[0]
    existing = {row[0] for row in _pg(base_url, f"SELECT datname FROM pg_database WHERE datname LIKE '{PG_PREFIX}_%'")}  # noqa: S608
    if template not in existing:
        log(f"building the PostgreSQL city of {businesses} businesses (template {template}) …")
        base = f"{PG_PREFIX}_tpl_{key}_base"  # migrate + seed_demo, shared by every size
        if base not in existing:
            partial = base + "_partial"
            _pg(base_url, f'DROP DATABASE IF EXISTS "{partial}" WITH (FORCE)', f'CREATE DATABASE "{partial}"')
            _migrate_and_demo(f"{server}/{partial}", media_root(key), log)
            _pg(base_url, f'ALTER DATABASE "{partial}" RENAME TO "{base}"')
        partial = template + "_partial"
        _pg(
            base_url,
            f'DROP DATABASE IF EXISTS "{partial}" WITH (FORCE)',
            f'CREATE DATABASE "{partial}" TEMPLATE "{base}"',
        )
        _bulk(f"{server}/{partial}", media_root(key), businesses, log)
        analyze(f"{server}/{partial}")
        _pg(base_url, f'ALTER DATABASE "{partial}" RENAME TO "{template}"')
        for name in existing:  # templates of older keys
            if name.startswith(f"{PG_PREFIX}_tpl_") and key not in name:
                _pg(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run = run_database(businesses)
    _pg(base_url, f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)', f'CREATE DATABASE "{run}" TEMPLATE "{template}"')
    return f"{server}/{run}"


def analyze(database_url):
    """Planner statistics for the bulk-inserted rows, as autovacuum would gather on a live database. Without them
    PostgreSQL misjudges e.g. Wagtail's `path LIKE … AND slug = …` child lookup (estimated 7 rows, read 24,000 at
    20,000 businesses: 14 ms instead of 0.04 ms). SQLite is left as Django leaves it (no ANALYZE)."""
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def run_database(businesses):
    return f"{PG_PREFIX}_run_{int(businesses)}"


def drop_postgres_run(base_url, businesses):
    _pg(base_url, f'DROP DATABASE IF EXISTS "{run_database(businesses)}" WITH (FORCE)')


def _prune(key):
    """Remove cached cities of older keys (they can never be used again)."""
    for folder in CACHE.iterdir():
        if folder.is_dir() and folder.name != key and len(folder.name) == 12 and not folder.name.startswith("minimal"):
            shutil.rmtree(folder, ignore_errors=True)
