"""Database backends of the platform, and the worker's SQLite checkpoint."""

from __future__ import annotations

from django.db import connection


def checkpoint() -> tuple[int, int, int] | None:
    """Worker job: copy the SQLite write-ahead log back into the database (PASSIVE: never
    waits for readers or writers), so that requests seldom run a checkpoint themselves.

    Returns SQLite's (busy, log frames, checkpointed frames); None on other databases."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        busy, log, done = cursor.fetchone()
    return busy, log, done
