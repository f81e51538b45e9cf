"""Background jobs on Django's task framework (django.tasks) with django-tasks-db's queue.

Apps register named job functions with core at ready() (core never imports a domain app):

    jobs.periodic("workorders.sla", watch_sla, every_seconds=60)
    jobs.define("deliverables.deem_approved", deem_approved, max_attempts=5)

and schedule one-off work, best in the same transaction as the change that calls for it (the
queue is a table of the same database: the entry commits or rolls back with the change):

    jobs.schedule("deliverables.deem_approved", at=deadline, kwargs={"deliverable_id": 7})

Every run is the one task `run` (name, kwargs): it looks the name up, runs the function in its
own audit context (source "worker:<name>") and, when it fails, schedules the next attempt
after a growing delay. A periodic job is taken by one worker at a time with a conditional
UPDATE of its `PeriodicJob` row (`enqueue_due`): it runs once per period and never twice at
once, however many workers run. `yunwei worker` (core.worker) runs the queue.
"""

from __future__ import annotations

import json
import logging
import math
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import TaskContext, task
from django.utils import timezone

from . import context as actor_context
from .models import PeriodicJob

log = logging.getLogger("yunwei.jobs")

DEFAULTS: dict[str, float] = {
    "RETRY_BASE_SECONDS": 30,  # first retry after this long, then doubling ...
    "RETRY_MAX_SECONDS": 3600,  # ... up to this
    "MAX_ATTEMPTS": 5,  # one-off jobs: attempts before giving up
    "LEASE_SECONDS": 3600,  # a periodic job held this long by a worker that died is freed
    "KEEP_SUCCEEDED_DAYS": 7,  # finished queue entries kept for the job page / admin
    "KEEP_FAILED_DAYS": 90,
}
RUN_TASK_PATH = "yunwei.core.jobs.run"


class UnknownJob(LookupError):
    """A job name that no app has registered."""


@dataclass(frozen=True)
class Job:
    """A named job function; periodic when `every_seconds` is set."""

    name: str
    func: Callable[..., Any]
    every_seconds: float | None = None
    max_attempts: int | None = None  # one-off runs; None: settings.YUNWEI_JOBS["MAX_ATTEMPTS"]
    lease_seconds: float | None = None  # periodic: None: settings' LEASE_SECONDS


JOBS: dict[str, Job] = {}


def define(name: str, func: Callable[..., Any], *, max_attempts: int | None = None) -> None:
    """Register (or replace) a job function that `schedule()` can queue by name."""
    JOBS[name] = Job(name, func, max_attempts=max_attempts)


def periodic(
    name: str, func: Callable[[], Any], every_seconds: float, *, lease_seconds: float | None = None
) -> None:
    """Register (or replace) a job that runs every `every_seconds`, once across all workers."""
    JOBS[name] = Job(name, func, every_seconds=float(every_seconds), lease_seconds=lease_seconds)


def setting(key: str) -> float:
    """One of the YUNWEI_JOBS settings (DEFAULTS above when unset)."""
    return getattr(settings, "YUNWEI_JOBS", {}).get(key, DEFAULTS[key])


def retry_delay(failures: int) -> timedelta:
    """The wait after `failures` failures in a row: the base delay, doubling, capped."""
    base, cap = setting("RETRY_BASE_SECONDS"), setting("RETRY_MAX_SECONDS")
    return timedelta(seconds=min(base * 2 ** max(failures - 1, 0), cap))


def schedule(name: str, *, at: datetime | None = None, kwargs: dict[str, Any] | None = None) -> str:
    """Queue job `name` to run once, at or after `at` (now when None), with `kwargs` (JSON
    values); returns the queue entry's id."""
    if name not in JOBS:
        raise UnknownJob(name)
    if at is not None and timezone.is_naive(at):
        raise ValueError("schedule(at=...) needs an aware datetime")
    queued = run.using(run_after=at) if at is not None else run
    return queued.enqueue(name, kwargs or {}).id


def cancel(entry_id: str) -> bool:
    """Withdraw a scheduled run that has not started (e.g. the approval came before the
    deadline); False when it has started, finished or does not exist."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(id=entry_id, status="READY").delete()[0] > 0


@task(takes_context=True)
def run(
    context: TaskContext,
    name: str,
    kwargs: dict[str, Any],
    attempt: int = 1,
    periodic: bool = False,
    previous: str = "",
) -> Any:
    """The task behind every job: run `name` in its own audit context; on failure, plan the
    next attempt (periodic: the row's next run; one-off: a new queue entry) and re-raise, so
    the queue records this attempt as failed with its traceback."""
    job = JOBS.get(name)
    try:
        if job is None:
            raise UnknownJob(name)
        with actor_context.acting(None, source=f"worker:{name}"):
            result = job.func(**kwargs)
    except BaseException as exc:
        log.exception("job %s failed (attempt %s)", name, attempt)
        if periodic:
            _periodic_finished(name, exc)
        elif job is not None:
            _retry_later(job, kwargs, attempt, str(context.task_result.id))
        raise
    if periodic:
        _periodic_finished(name, None)
    log.info("job %s done: %s", name, result)
    return json.loads(json.dumps(result, default=str))


def _retry_later(job: Job, kwargs: dict[str, Any], attempt: int, failed_id: str) -> None:
    limit = job.max_attempts or int(setting("MAX_ATTEMPTS"))
    if attempt >= limit:
        log.error("job %s gave up after %s attempts", job.name, attempt)
        return
    at = timezone.now() + retry_delay(attempt)
    run.using(run_after=at).enqueue(job.name, kwargs, attempt=attempt + 1, previous=failed_id)


def _periodic_finished(name: str, exc: BaseException | None) -> None:
    """Release the job's row: clear the failures, or count one and put the next run off."""
    try:
        _release(name, exc)
    except Exception:  # e.g. the connection died with the job: the lease frees the row later
        log.exception("could not release periodic job %s", name)


def _release(name: str, exc: BaseException | None) -> None:
    now = timezone.now()
    rows = PeriodicJob.objects.filter(name=name)
    if exc is None:
        rows.update(running_since=None, last_finished=now, failures=0, last_error="")
        return
    with transaction.atomic():
        row = rows.select_for_update().first()
        if row is None:
            return
        row.failures += 1
        row.running_since = None
        row.last_finished = now
        row.last_error = "".join(traceback.format_exception(exc))[-4000:]
        row.next_run = now + retry_delay(row.failures)
        row.save()


def _advance(next_run: datetime, every: float, now: datetime) -> datetime:
    """The first time on the job's grid (next_run + k x every) later than now."""
    periods = math.floor((now - next_run).total_seconds() / every) + 1
    return next_run + timedelta(seconds=every * max(periods, 1))


def enqueue_due(now: datetime | None = None, names: set[str] | None = None) -> list[str]:
    """Queue the periodic jobs that are due and held by no worker; returns their names.

    Every worker calls this each tick; a job is taken by the one worker whose conditional
    UPDATE (next_run and holder as it read them) changes the row, in the same transaction as
    the queue entry. It is held until its run ends (or LEASE_SECONDS pass)."""
    now = now or timezone.now()
    jobs = {j.name: j for j in JOBS.values()
            if j.every_seconds and (names is None or j.name in names)}
    if not jobs:
        return []
    rows = {r["name"]: r for r in PeriodicJob.objects.filter(name__in=jobs)
            .values("name", "next_run", "running_since")}
    missing = [PeriodicJob(name=n, every_seconds=j.every_seconds, next_run=now)
               for n, j in jobs.items() if n not in rows]
    if missing:
        PeriodicJob.objects.bulk_create(missing, ignore_conflicts=True)
        rows.update({r["name"]: r for r in PeriodicJob.objects.filter(
            name__in=[m.name for m in missing]).values("name", "next_run", "running_since")})
    taken: list[str] = []
    for name, row in rows.items():
        job = jobs[name]
        lease = timedelta(seconds=job.lease_seconds or setting("LEASE_SECONDS"))
        if row["next_run"] > now or (row["running_since"] and row["running_since"] > now - lease):
            continue
        with transaction.atomic():
            won = PeriodicJob.objects.filter(
                name=name, next_run=row["next_run"], running_since=row["running_since"]
            ).update(next_run=_advance(row["next_run"], job.every_seconds, now),
                     running_since=now, last_started=now, every_seconds=job.every_seconds)
            if won:
                run.enqueue(name, {}, periodic=True)
                taken.append(name)
    return taken


def prune(now: datetime | None = None) -> int:
    """Periodic job: delete finished queue entries older than the KEEP_* settings."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    done = DBTaskResult.objects.successful().filter(
        finished_at__lt=now - timedelta(days=setting("KEEP_SUCCEEDED_DAYS")))
    failed = DBTaskResult.objects.failed().filter(
        finished_at__lt=now - timedelta(days=setting("KEEP_FAILED_DAYS")))
    return done.delete()[0] + failed.delete()[0]


class WorkerLost(RuntimeError):
    """A run whose worker stopped (killed, machine restarted) before it finished."""


def recover_stalled(now: datetime | None = None) -> dict[str, int]:
    """Periodic job: a run still marked running LEASE_SECONDS after it started lost its worker
    (a run that ends records its outcome). Mark it failed, so the job page shows it, and queue
    a one-off job's next attempt as any failure would (a periodic job's row is freed by the
    same lease in enqueue_due)."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=setting("LEASE_SECONDS"))
    counts = {"recovered": 0, "retried": 0}
    stalled = DBTaskResult.objects.running().filter(task_path=RUN_TASK_PATH,
                                                    started_at__lt=cutoff)
    for entry_id in stalled.values_list("id", flat=True):
        with transaction.atomic():
            entry = DBTaskResult.objects.select_for_update().filter(
                id=entry_id, status="RUNNING").first()
            if entry is None:  # it finished meanwhile
                continue
            entry.set_failed(WorkerLost(
                f"the worker stopped during the run (started {entry.started_at:%Y-%m-%d %H:%M} "
                f"UTC, still running after {int(setting('LEASE_SECONDS'))} s)"))
            counts["recovered"] += 1
            args = entry.args_kwargs.get("args", [])
            kwargs = entry.args_kwargs.get("kwargs", {})
            name = args[0] if args else kwargs.get("name")
            if kwargs.get("periodic") or name not in JOBS:
                continue
            job_kwargs = args[1] if len(args) > 1 else kwargs.get("kwargs", {})
            attempt = int(kwargs.get("attempt", args[2] if len(args) > 2 else 1))
            limit = JOBS[name].max_attempts or int(setting("MAX_ATTEMPTS"))
            if attempt < limit:
                _retry_later(JOBS[name], job_kwargs, attempt, str(entry.id))
                counts["retried"] += 1
    return counts


@dataclass(frozen=True)
class FailedAttempt:
    """One failed run of a job, for the system administrator's job page."""

    id: str
    name: str
    attempt: int
    periodic: bool
    finished_at: datetime | None
    error: str  # the exception's last line
    traceback: str
    outcome: str  # "retry" (queued), "retrying" (running), "recovered", "failed again", "given up"
    retry_at: datetime | None = None


def failed_attempts(limit: int = 100) -> list[FailedAttempt]:
    """The latest failed runs, newest first, each with what became of it."""
    from django_tasks_db.models import DBTaskResult

    failed = list(DBTaskResult.objects.failed().filter(task_path=RUN_TASK_PATH)
                  .order_by("-finished_at")[:limit])
    ids = [str(r.id) for r in failed]
    followups = {r.args_kwargs["kwargs"].get("previous"): r for r in DBTaskResult.objects.filter(
        task_path=RUN_TASK_PATH, args_kwargs__kwargs__previous__in=ids)}
    periodic_rows = {p.name: p for p in PeriodicJob.objects.all()}
    out = []
    for r in failed:
        args, kwargs = r.args_kwargs.get("args", []), r.args_kwargs.get("kwargs", {})
        name = args[0] if args else kwargs.get("name", "?")
        is_periodic = bool(kwargs.get("periodic"))
        retry_at = None
        if is_periodic:
            row = periodic_rows.get(name)
            outcome = "retry" if row and row.failures else "recovered"
            retry_at = row.next_run if row and row.failures else None
        elif (nxt := followups.get(str(r.id))) is None:
            outcome = "given up"
        else:
            outcome = {"READY": "retry", "RUNNING": "retrying", "SUCCESSFUL": "recovered"}.get(
                nxt.status, "failed again")
            retry_at = nxt.run_after if nxt.status == "READY" else None
        lines = [ln for ln in r.traceback.strip().splitlines() if ln.strip()]
        out.append(FailedAttempt(
            id=str(r.id), name=name, attempt=int(kwargs.get("attempt", 1)), periodic=is_periodic,
            finished_at=r.finished_at, error=lines[-1] if lines else r.exception_class_path,
            traceback=r.traceback, outcome=outcome, retry_at=retry_at))
    return out
