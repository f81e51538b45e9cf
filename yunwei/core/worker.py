"""The background worker: periodic jobs registered by apps, run in one loop.

Each job runs in its own audit context (source "worker:<name>"); a failing job is logged and
retried at its next turn, it never stops the others. Later apps (mail intake, SLA clocks)
register their jobs here.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import close_old_connections

from . import context

log = logging.getLogger("yunwei.worker")


@dataclass
class Job:
    """A periodic job."""

    name: str
    func: Callable[[], Any]
    every_seconds: float
    next_run: float = field(default=0.0)


JOBS: dict[str, Job] = {}


def register(name: str, func: Callable[[], Any], every_seconds: float) -> None:
    """Register (or replace) a periodic job."""
    JOBS[name] = Job(name, func, every_seconds)


def run_once(names: list[str] | None = None) -> dict[str, Any]:
    """Run the named jobs (all by default) once; returns each job's result or error text."""
    results: dict[str, Any] = {}
    for job in list(JOBS.values()):
        if names and job.name not in names:
            continue
        results[job.name] = _run(job, manage_connections=False)
    return results


def _run(job: Job, manage_connections: bool = True) -> Any:
    if manage_connections:
        close_old_connections()
    try:
        with context.acting(None, source=f"worker:{job.name}"):
            result = job.func()
        log.info("job %s done: %s", job.name, result)
        return result
    except Exception as exc:  # a failing job must not stop the worker
        log.exception("job %s failed", job.name)
        return f"error: {exc}"
    finally:
        if manage_connections:
            close_old_connections()


def run_forever(stop: threading.Event | None = None, tick: float = 1.0) -> None:
    """Run due jobs until SIGTERM/SIGINT (or `stop` is set)."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    log.info("worker started with jobs: %s", ", ".join(sorted(JOBS)) or "(none)")
    while not stop.is_set():
        now = time.monotonic()
        for job in list(JOBS.values()):
            if job.next_run <= now:
                _run(job)
                job.next_run = time.monotonic() + job.every_seconds
        stop.wait(tick)
    log.info("worker stopped")
