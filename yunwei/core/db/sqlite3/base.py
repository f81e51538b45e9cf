"""Django's SQLite backend, waiting for the write lock in short steps.

SQLite lets one connection write at a time; with `transaction_mode: IMMEDIATE` every write
transaction takes the lock at BEGIN. When another process holds it, SQLite's own busy handler
sleeps 1, 2, 5, 10 ms ... between tries, although a write transaction here lasts about a
millisecond: under concurrent intake a waiting worker slept long after the lock was free.
This backend retries BEGIN IMMEDIATE itself after 50 µs, doubling up to 2 ms, for as long as
the configured timeout (OPTIONS["timeout"], seconds); every other statement keeps SQLite's
busy timeout. The same approach as the retrying busy handlers of other SQLite-backed
frameworks (e.g. Rails 8).
"""

from __future__ import annotations

import sqlite3
import time

from django.db.backends.sqlite3 import base

SQLITE_BUSY = 5
FIRST_DELAY = 0.00005
MAX_DELAY = 0.002


class DatabaseWrapper(base.DatabaseWrapper):
    """SQLite with IMMEDIATE transactions that wake up soon after the lock is released."""

    def _start_transaction_under_autocommit(self) -> None:
        if self.transaction_mode != "IMMEDIATE":
            super()._start_transaction_under_autocommit()
            return
        timeout = float(self.settings_dict["OPTIONS"].get("timeout", 5))
        raw = self.connection
        with self.wrap_database_errors:
            raw.execute("PRAGMA busy_timeout = 0")
            try:
                self._begin_immediate(raw, time.monotonic() + timeout)
            finally:
                raw.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")

    @staticmethod
    def _begin_immediate(raw: sqlite3.Connection, deadline: float) -> None:
        delay = FIRST_DELAY
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode != SQLITE_BUSY or time.monotonic() >= deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, MAX_DELAY)
