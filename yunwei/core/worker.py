"""The background worker: takes due periodic jobs and runs the job queue (core.jobs).

Any number of workers may run, on one server or several, on SQLite or PostgreSQL: a queue
entry is claimed by one worker (row lock with SKIP LOCKED on PostgreSQL; SQLite's write lock,
taken at BEGIN IMMEDIATE, on SQLite) and run through django-tasks-db's runner, which records
its result or its error with the traceback.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import uuid
from typing import Any

from django.db import DatabaseError, close_old_connections, transaction
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker as _DbRunner
from django_tasks_db.models import DBTaskResult

from . import context, jobs

log = logging.getLogger("yunwei.worker")

register = jobs.periodic  # the former name of jobs.periodic(name, func, every_seconds)


class Worker:
    """One worker: each turn queues due periodic jobs, then runs one ready queue entry."""

    def __init__(
        self,
        *,
        worker_id: str = "",
        tick: float = 1.0,
        periodic: set[str] | None = None,
        manage_connections: bool = True,
    ) -> None:
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.tick = tick
        self.periodic = periodic  # names of the periodic jobs to take (None: all)
        self.manage_connections = manage_connections
        self._runner = _DbRunner(
            queue_names=[DEFAULT_TASK_QUEUE_NAME], interval=tick, batch=False,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS, startup_delay=False, max_tasks=None,
            worker_id=self.worker_id, excluded_queue_names=[],
        )

    def step(self) -> bool:
        """One turn; True when it ran a queue entry (so the next turn should not wait)."""
        if self.manage_connections:
            close_old_connections()
        try:
            jobs.enqueue_due(names=self.periodic)
            entry = self._claim()
        except DatabaseError:  # e.g. the database is restarting: try again next turn
            log.exception("worker %s could not read the queue", self.worker_id)
            return False
        if entry is None:
            return False
        self._runner.run_task(entry)
        if self.manage_connections:
            close_old_connections()
        return True

    def _claim(self) -> DBTaskResult | None:
        ready = DBTaskResult.objects.ready().filter(
            backend_name=DEFAULT_TASK_BACKEND_ALIAS, queue_name=DEFAULT_TASK_QUEUE_NAME)
        with transaction.atomic():
            entry = ready.get_locked()
            if entry is not None:
                entry.claim(self.worker_id)
        return entry

    def run_forever(self, stop: threading.Event | None = None) -> None:
        """Work until SIGTERM/SIGINT (or `stop` is set); a running job is let finish."""
        stop = stop or threading.Event()
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        log.info("worker %s started; periodic jobs: %s", self.worker_id,
                 ", ".join(sorted(n for n, j in jobs.JOBS.items() if j.every_seconds)) or "-")
        while not stop.is_set():
            if not self.step():
                stop.wait(self.tick)
        log.info("worker %s stopped", self.worker_id)


def run_forever(stop: threading.Event | None = None, tick: float = 1.0) -> None:
    """Run a worker in this process until stopped."""
    Worker(tick=tick).run_forever(stop)


def run_once(names: list[str] | None = None) -> dict[str, Any]:
    """Run the named periodic jobs (all by default) here and now, bypassing the queue (for
    `yunwei worker --once` and tests); returns each job's result or error text."""
    results: dict[str, Any] = {}
    for job in list(jobs.JOBS.values()):
        if not job.every_seconds or (names and job.name not in names):
            continue
        try:
            with context.acting(None, source=f"worker:{job.name}"):
                results[job.name] = job.func()
        except Exception as exc:  # one failing job must not stop the others
            log.exception("job %s failed", job.name)
            results[job.name] = f"error: {exc}"
    return results
