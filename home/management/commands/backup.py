"""`manage.py backup`: a consistent copy of the database, taken while the site keeps running.

SQLite: the sqlite3 online backup API (never a file copy, which can catch a half-written WAL), then an integrity
check of the copy. PostgreSQL: pg_dump in its custom format (restore with `manage.py restore`, or pg_restore).
Media files are not part of it: back up MEDIA_ROOT (or the S3 bucket) separately — see docs/deployment.md.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

import environ

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone


def engine_kind(db):
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgres"
    raise CommandError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def pg_env(db):
    """libpq environment for pg_dump / pg_restore: no password on the command line."""
    env = dict(os.environ)
    for key, var in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")]:
        if db.get(key):
            env[var] = str(db[key])
    return env


def database_from_url(url):
    """Django's settings dict for a DATABASE_URL-style URL (the same parser base.py uses)."""
    return environ.Env.db_url_config(url)


class Command(BaseCommand):
    help = "Back up the database to a timestamped file (SQLite: online backup API; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=getattr(settings, "BACKUP_DIR", None) or os.environ.get("BACKUP_DIR") or "backups",
            help="Directory for the backup file (default: BACKUP_DIR or ./backups).",
        )
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, **options):
        db = connections[options["database"]].settings_dict
        kind = engine_kind(db)
        out_dir = Path(options["output_dir"])
        out_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(out_dir, 0o700)  # backups hold personal data and payment references
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
        if kind == "sqlite":
            target = out_dir / f"backup-{stamp}.sqlite3"
            self._sqlite(db, target)
        else:
            target = out_dir / f"backup-{stamp}.pgdump"
            self._postgres(db, target)
        os.chmod(target, 0o600)
        self.stdout.write(str(target))

    def _sqlite(self, db, target):
        name = str(db["NAME"])
        if name == ":memory:" or not Path(name).exists():
            raise CommandError(f"SQLite database {name!r} does not exist.")
        source = sqlite3.connect(f"file:{name}?mode=ro", uri=True, timeout=30)
        dest = sqlite3.connect(target)
        try:
            with dest:
                source.backup(dest, pages=1024)
            result = dest.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dest.close()
            source.close()
        if result != "ok":
            target.unlink(missing_ok=True)
            raise CommandError(f"The backup failed its integrity check: {result}")

    def _postgres(self, db, target):
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", db["NAME"]]
        try:
            subprocess.run(command, env=pg_env(db), check=True, capture_output=True, text=True)  # noqa: S603
        except FileNotFoundError:
            raise CommandError("pg_dump is not installed (Debian: apt-get install postgresql-client).")
        except subprocess.CalledProcessError as error:
            target.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {error.stderr.strip()}")
