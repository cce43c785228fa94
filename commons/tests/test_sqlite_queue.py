"""commons.sqlite_queue: SQLite writers queue in front of the write lock (flock), released at COMMIT or ROLLBACK."""

import threading
import time

import pytest

from django.db import connections

from commons.sqlite_queue.base import DatabaseWrapper


def wrapper(path):
    settings = {**connections["default"].settings_dict}
    settings.update(
        ENGINE="commons.sqlite_queue",
        NAME=str(path),
        OPTIONS={"transaction_mode": "IMMEDIATE", "timeout": 20},
    )
    return DatabaseWrapper(settings, alias=f"queue-{id(settings)}")


@pytest.fixture(autouse=True)
def own_files(django_db_blocker):
    """These tests open their own database files, not the test database."""
    with django_db_blocker.unblock():
        yield


def begin(connection):
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def test_a_second_writer_waits_in_the_queue_until_the_first_commits(tmp_path):
    first = wrapper(tmp_path / "db.sqlite3")
    first.cursor().execute("CREATE TABLE t (n INTEGER)")
    begin(first)
    first.cursor().execute("INSERT INTO t VALUES (1)")
    order = []

    def write():
        second = wrapper(tmp_path / "db.sqlite3")  # a connection belongs to its thread
        begin(second)  # blocks in flock(), not in SQLite's busy handler
        order.append("second began")
        second.cursor().execute("INSERT INTO t VALUES (2)")
        second.commit()
        second.set_autocommit(True)
        second.close()

    thread = threading.Thread(target=write)
    thread.start()
    time.sleep(0.3)
    assert order == []  # still waiting
    order.append("first commits")
    first.commit()
    first.set_autocommit(True)
    thread.join(10)
    assert order == ["first commits", "second began"]
    assert first.cursor().execute("SELECT n FROM t ORDER BY n").fetchall() == [(1,), (2,)]
    assert (tmp_path / "db.sqlite3.write-lock").exists()
    first.close()


def test_rollback_and_close_release_the_queue(tmp_path):
    first, second = wrapper(tmp_path / "db.sqlite3"), wrapper(tmp_path / "db.sqlite3")
    begin(first)
    first.rollback()
    first.set_autocommit(True)
    begin(second)  # would block for ever if the rollback had kept the lock
    second.commit()
    second.set_autocommit(True)
    begin(first)
    first.close()  # e.g. a worker closing a broken connection mid-transaction
    begin(second)
    second.commit()
    second.close()


def test_in_memory_databases_and_deferred_transactions_do_not_queue(tmp_path):
    memory = wrapper(":memory:")
    memory.ensure_connection()
    assert memory._queue_path() is None
    deferred = wrapper(tmp_path / "db.sqlite3")
    deferred.ensure_connection()
    assert deferred._queue_path() == f"{tmp_path / 'db.sqlite3'}.write-lock"
    deferred.transaction_mode = None
    assert deferred._queue_path() is None
    memory.close()
    deferred.close()
