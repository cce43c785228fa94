"""Django's SQLite backend with a fair queue for writers (ENGINE "commons.sqlite_queue").

With `transaction_mode="IMMEDIATE"` every transaction takes SQLite's write lock at BEGIN; a writer that finds it
taken waits in SQLite's busy handler, which sleeps and retries with growing pauses (1, 2, 5 … 100 ms) and keeps no
queue. Under load the writers that have waited longest poll least often, so a transaction that arrives later
usually wins: with 20 concurrent writers, p50 stays at tens of ms while p99 reaches 5–16 s (bench/writers_bench.py).

Here a writer first takes an exclusive `flock()` on `<database file>.write-lock` and only then sends BEGIN; the
lock is released right after COMMIT or ROLLBACK (and by the kernel if the process dies). Blocked writers sleep in
the kernel and are woken the moment the lock is free, so the lock passes from one transaction to the next without
pauses and no waiter is starved by polling less often. SQLite's own lock and busy timeout stay as they are for
writes outside a transaction (autocommit statements) and for processes that do not use this backend (e.g. the
`sqlite3` shell).

Nothing changes for in-memory databases or other transaction modes; tests use Django's backend (cms.settings.test).
"""

import fcntl
import logging
import os

from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)


class DatabaseWrapper(base.DatabaseWrapper):
    _queue_fd = None
    _queue_held = False

    def _queue_path(self):
        name = str(self.settings_dict.get("NAME") or "")
        if (
            getattr(self, "transaction_mode", None) not in ("IMMEDIATE", "EXCLUSIVE")
            or not name
            or self.is_in_memory_db()
        ):
            return None
        return f"{name}.write-lock"

    def _enter_queue(self):
        if self._queue_fd is None:
            path = self._queue_path()
            if path is None:
                return
            try:
                self._queue_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o660)
            except OSError as error:  # e.g. a read-only directory: SQLite's own lock still serialises writers
                logger.warning("No writer queue for %s: %s", path, error)
                self._queue_fd = -1
        if self._queue_fd >= 0:
            fcntl.flock(self._queue_fd, fcntl.LOCK_EX)
            self._queue_held = True

    def _leave_queue(self):
        if self._queue_held:
            self._queue_held = False
            fcntl.flock(self._queue_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self):
        self._enter_queue()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._leave_queue()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._leave_queue()
            if self._queue_fd is not None and self._queue_fd >= 0:
                os.close(self._queue_fd)
            self._queue_fd = None
