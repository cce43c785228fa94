"""`manage.py backup` and `manage.py restore` on the engine the tests run on (SQLite, or PostgreSQL in CI)."""

import sqlite3
import stat
import uuid

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from wagtail.models import Page

from directory.factories import BusinessPageFactory

# Real commits (a backup only sees committed data); serialized_rollback puts the migrated data (home page) back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

IS_SQLITE = connection.vendor == "sqlite"


def _pledge_factory():
    try:
        from fundraising.factories import PledgeFactory
    except ImportError:  # the fundraising app is optional for home
        return None
    return PledgeFactory


def seed():
    business = BusinessPageFactory(title="Café <Ecke> & Söhne")
    pledges = []
    factory = _pledge_factory()
    if factory is not None:
        pledges = [factory(amount_cents=cents) for cents in (500, 2500, 10000)]
    return business, pledges


def snapshot(cursor):
    cursor.execute("SELECT id, title, live FROM wagtailcore_page ORDER BY id")
    pages = [tuple(row) for row in cursor.fetchall()]
    pledges = []
    if _pledge_factory() is not None:
        cursor.execute("SELECT id, amount_cents, email, state FROM fundraising_pledge ORDER BY id")
        pledges = [tuple(row) for row in cursor.fetchall()]
    return pages, pledges


def live_snapshot():
    with connection.cursor() as cursor:
        return snapshot(cursor)


def backup(tmp_path):
    from io import StringIO

    out = StringIO()
    call_command("backup", output_dir=str(tmp_path / "backups"), stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.fixture
def fresh_database_url(tmp_path):
    if IS_SQLITE:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    db = connection.settings_dict
    name = f"wshd_restore_{uuid.uuid4().hex[:8]}"
    admin = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None}
    admin["password"] = db["PASSWORD"] or None
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    yield f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def open_restored(url):
    if IS_SQLITE:
        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://"))


def test_backup_then_restore_into_a_new_database_finds_the_same_rows(tmp_path, fresh_database_url):
    seed()
    before = live_snapshot()
    assert any("Café <Ecke>" in title for _, title, _ in before[0])
    path = backup(tmp_path)
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700
    assert stat.S_IMODE(__import__("os").stat(path).st_mode) == 0o600

    call_command("restore", path, into=fresh_database_url, interactive=False)

    restored = open_restored(fresh_database_url)
    try:
        cursor = restored.cursor()
        assert snapshot(cursor) == before
    finally:
        restored.close()
    if _pledge_factory() is not None:
        assert len(before[1]) == 3 and sum(row[1] for row in before[1]) == 13000


def test_restore_puts_the_live_database_back(tmp_path):
    business, pledges = seed()
    before = live_snapshot()
    path = backup(tmp_path)
    Page.objects.filter(pk=business.pk).delete()
    if pledges:
        type(pledges[0]).objects.all().delete()
    assert live_snapshot() != before

    from cms import caching

    generation = caching.current_generation()
    call_command("restore", path, interactive=False, reconcile=False)

    connections.close_all()
    assert live_snapshot() == before
    assert caching.current_generation() != generation  # cached pages from before the restore are gone


def test_restore_asks_first_and_cancel_changes_nothing(tmp_path, monkeypatch):
    business, _ = seed()
    path = backup(tmp_path)
    Page.objects.filter(pk=business.pk).delete()
    after_delete = live_snapshot()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", path)
    assert live_snapshot() == after_delete


def test_restore_rejects_missing_foreign_and_damaged_files(tmp_path):
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", str(tmp_path / "nope.sqlite3"), interactive=False)

    hostile = tmp_path / "evil.sqlite3"
    hostile.write_text("'; DROP TABLE wagtailcore_page; -- <script>alert(1)</script>" * 1000)
    with pytest.raises(CommandError, match="neither"):
        call_command("restore", str(hostile), interactive=False)

    seed()
    path = backup(tmp_path)
    data = open(path, "rb").read()
    damaged = tmp_path / ("damaged.sqlite3" if IS_SQLITE else "damaged.pgdump")
    damaged.write_bytes(data[: len(data) // 3])
    before = live_snapshot()
    with pytest.raises(CommandError):
        call_command("restore", str(damaged), interactive=False)
    connections.close_all()
    assert live_snapshot() == before


def test_restore_refuses_a_backup_of_the_other_engine(tmp_path):
    other = tmp_path / "other.bin"
    other.write_bytes(b"PGDMP" + b"\0" * 100 if IS_SQLITE else b"SQLite format 3\x00" + b"\0" * 100)
    with pytest.raises(CommandError, match="backup; the target database is"):
        call_command("restore", str(other), interactive=False)


def test_two_backups_in_a_row_get_different_names(tmp_path):
    assert backup(tmp_path) != backup(tmp_path)


def test_restore_runs_reconcile_payments_for_the_time_since_the_backup(tmp_path, monkeypatch):
    from django.core.management import get_commands

    path = backup(tmp_path)
    calls = []
    monkeypatch.setattr(
        "home.management.commands.restore.call_command", lambda name, **kwargs: calls.append((name, kwargs["since"]))
    )
    call_command("restore", path, interactive=False)
    if "reconcile_payments" in get_commands():
        assert calls == [("reconcile_payments", "3d")]
    else:
        assert calls == []  # a site without payments
    calls.clear()
    err = __import__("io").StringIO()
    call_command("restore", path, interactive=False, reconcile=False, stderr=err)
    assert calls == []
    if "reconcile_payments" in get_commands():
        assert "reconcile_payments --since 3d" in err.getvalue()


def test_reconcile_window_covers_the_backup_age(tmp_path):
    import datetime
    from pathlib import Path

    from home.management.commands.restore import reconcile_window

    now = datetime.datetime(2026, 12, 20, 12, 0, tzinfo=datetime.UTC)
    assert reconcile_window(Path("backup-20261219T120000123456Z.sqlite3"), now) == "3d"
    assert reconcile_window(Path("backup-20261210T115959000000Z.pgdump"), now) == "12d"
