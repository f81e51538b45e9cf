"""The SQLite backend's wait for the write lock: wakes soon after release, gives up on time."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from django.db import OperationalError, connections

from yunwei.core.db.sqlite3.base import DatabaseWrapper


@pytest.fixture(autouse=True)
def _own_database(django_db_blocker):
    with django_db_blocker.unblock():  # a scratch file, not the test database
        yield


def _wrapper(path, timeout: float) -> DatabaseWrapper:
    settings = dict(connections.settings["default"])
    settings.update(ENGINE="yunwei.core.db.sqlite3", NAME=str(path),
                    OPTIONS={"transaction_mode": "IMMEDIATE", "timeout": timeout})
    wrapper = DatabaseWrapper(settings, alias="lock-probe")
    wrapper.ensure_connection()
    return wrapper


def _holder(path) -> sqlite3.Connection:
    """Another process's writer, as far as SQLite can tell: it holds the write lock."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE IF NOT EXISTS t (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    return other


def test_a_waiting_writer_starts_soon_after_the_lock_is_released(tmp_path):
    path = tmp_path / "db.sqlite3"
    other = _holder(path)
    wrapper = _wrapper(path, timeout=5)
    released: list[float] = []

    def release() -> None:
        other.execute("COMMIT")
        released.append(time.monotonic())

    timer = threading.Timer(0.15, release)
    timer.start()
    wrapper._start_transaction_under_autocommit()
    began = time.monotonic()
    timer.join()
    # SQLite's own handler, sleeping 1, 2, 5 ... 25, 50 ms, would start ~28 ms after release
    assert 0 <= began - released[0] < 0.02
    wrapper.connection.execute("INSERT INTO t VALUES (2)")
    wrapper.connection.execute("COMMIT")
    assert other.execute("SELECT count(*) FROM t").fetchone()[0] == 2
    assert wrapper.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    wrapper.close()
    other.close()


def test_a_writer_gives_up_after_the_timeout_with_a_django_error(tmp_path):
    path = tmp_path / "db.sqlite3"
    other = _holder(path)
    wrapper = _wrapper(path, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="locked"):
        wrapper._start_transaction_under_autocommit()
    assert 0.3 <= time.monotonic() - started < 0.5
    # every other statement keeps SQLite's busy timeout
    assert wrapper.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 300
    other.execute("ROLLBACK")
    wrapper.close()
    other.close()


@pytest.mark.django_db(transaction=True)  # as the worker runs it: outside a transaction
def test_the_worker_checkpoints_the_log_and_requests_seldom_do():
    from django.db import connection

    from yunwei.core import jobs, worker

    assert "core.sqlite_checkpoint" in jobs.JOBS
    result = worker.run_once(["core.sqlite_checkpoint"])["core.sqlite_checkpoint"]
    if connection.vendor != "sqlite":
        assert result is None
        return
    busy, log, done = result
    assert busy == 0 and 0 <= done <= log
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 10000
