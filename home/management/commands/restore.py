"""`manage.py restore FILE`: put a backup made by `manage.py backup` back (or into another database with --into).

Restoring the live database then runs `manage.py reconcile_payments` for the time since the backup was made:
payments that Stripe took after the backup are fetched again and their pledges recreated, each with its voucher.
Only `--no-reconcile` skips it (and says loudly what to run). See docs/operations.md ("Restore drill").
"""

import datetime
import math
import os
import re
import sqlite3
import subprocess
from pathlib import Path

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from cms.caching import invalidate_public_cache
from home.management.commands.backup import database_from_url, engine_kind, pg_env

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


def backup_time(path):
    """When the backup was made: the UTC stamp `manage.py backup` puts into the name, else the file's mtime."""
    match = re.search(r"backup-(\d{8}T\d{6})\d*Z", path.name)
    if match:
        return datetime.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=datetime.UTC)
    return datetime.datetime.fromtimestamp(os.path.getmtime(path), tz=datetime.UTC)


def reconcile_window(path, now=None):
    """reconcile_payments --since for this backup: its age plus a day of margin, at least three days."""
    age = (now or timezone.now()) - backup_time(path)
    return f"{max(3, math.ceil(age.total_seconds() / 86400) + 1)}d"


def file_kind(path):
    with open(path, "rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgres"
    raise CommandError(f"{path} is neither an SQLite backup nor a pg_dump custom-format file.")


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`. Overwrites the target database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file (.sqlite3 or .pgdump).")
        parser.add_argument("--database", default="default", help="Database alias to restore into.")
        parser.add_argument(
            "--into",
            metavar="DATABASE_URL",
            help="Restore into this database instead (e.g. a fresh one, to check a backup). It must exist for "
            "PostgreSQL; an SQLite file is created.",
        )
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument(
            "--no-reconcile",
            action="store_false",
            dest="reconcile",
            help="Do not run reconcile_payments afterwards (you must run it yourself before the site takes payments).",
        )

    def handle(self, *args, **options):
        source = Path(options["file"])
        if not source.is_file():
            raise CommandError(f"No such backup file: {source}")
        db = database_from_url(options["into"]) if options["into"] else connections[options["database"]].settings_dict
        kind = engine_kind(db)
        if file_kind(source) != kind:
            raise CommandError(f"{source} is a {file_kind(source)} backup; the target database is {kind}.")
        if options["interactive"]:
            answer = input(f"This replaces everything in the database {db['NAME']!r}. Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        connections.close_all()
        if kind == "sqlite":
            self._sqlite(source, db)
        else:
            self._postgres(source, db)
        self.stdout.write(self.style.SUCCESS(f"Restored {source} into {db['NAME']}."))
        if not options["into"]:
            invalidate_public_cache()  # cached pages show the state before the restore
        if options["into"] or "reconcile_payments" not in get_commands():
            return  # a check restore into another database, or a site without payments
        since = reconcile_window(source)
        if not options["reconcile"]:
            self.stderr.write(
                self.style.WARNING(
                    f"Payments made after this backup are missing until you run: manage.py reconcile_payments "
                    f"--since {since}"
                )
            )
            return
        self.stdout.write(f"Fetching payments made since the backup from Stripe (reconcile_payments --since {since}):")
        try:
            call_command("reconcile_payments", since=since, stdout=self.stdout, stderr=self.stderr)
        except CommandError as error:
            raise CommandError(
                f"The database is restored, but reconciling payments did not finish: {error} "
                f"Run `manage.py reconcile_payments --since {since}` until it succeeds."
            ) from error

    def _sqlite(self, source, db):
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            result = src.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise CommandError(f"The backup file is damaged: {result}")
            dest = sqlite3.connect(str(db["NAME"]), timeout=30)
            try:
                with dest:
                    src.backup(dest, pages=1024)
            finally:
                dest.close()
        except sqlite3.DatabaseError as error:
            raise CommandError(f"Restore failed: {error}")
        finally:
            src.close()

    def _postgres(self, source, db):
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={db['NAME']}",
            str(source),
        ]
        try:
            subprocess.run(command, env=pg_env(db), check=True, capture_output=True, text=True)  # noqa: S603
        except FileNotFoundError:
            raise CommandError("pg_restore is not installed (Debian: apt-get install postgresql-client).")
        except subprocess.CalledProcessError as error:
            raise CommandError(f"pg_restore failed (nothing was changed): {error.stderr.strip()}")
