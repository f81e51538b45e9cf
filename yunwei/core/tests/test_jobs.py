"""Background jobs: two workers at once (threads, each with its own database connection) run a
periodic job once per period and never twice at once; failures are retried after growing
delays and shown to the system administrator only; a one-off job runs at its time, once."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from yunwei.core import context, jobs
from yunwei.core.models import PeriodicJob
from yunwei.core.worker import Worker


@pytest.fixture
def registry():
    """Test jobs are registered for one test only."""
    before = dict(jobs.JOBS)
    yield jobs
    jobs.JOBS.clear()
    jobs.JOBS.update(before)


def run_workers(n: int, *, seconds: float = 15, until: Callable[[], bool] | None = None,
                periodic: frozenset[str] = frozenset()) -> None:
    """Run n workers in threads (each thread has its own connection) for `seconds`, or until
    `until()` holds."""
    stop = threading.Event()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            Worker(tick=0.02, periodic=set(periodic)).run_forever(stop)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (until and until()):
        time.sleep(0.02)
    stop.set()
    for t in threads:
        t.join(30)
    assert not errors


class Recorder:
    """Records each run's start and end, and the most runs ever going at once."""

    def __init__(self, sleep: float) -> None:
        self.sleep = sleep
        self.lock = threading.Lock()
        self.starts: list = []
        self.running = 0
        self.most_at_once = 0

    def __call__(self) -> None:
        with self.lock:
            self.starts.append(timezone.now())
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(self.sleep)
        with self.lock:
            self.running -= 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_each_periodic_job_once_per_period_and_never_twice_at_once(registry):
    tick = Recorder(sleep=0.2)  # shorter than its period
    slow = Recorder(sleep=0.8)  # longer than its period: the next run waits for this one
    registry.periodic("test.tick", tick, every_seconds=1)
    registry.periodic("test.slow", slow, every_seconds=0.5)
    run_workers(2, seconds=4.5, periodic=frozenset({"test.tick", "test.slow"}))

    # test.tick: at most one start in each 1-second period of its grid (which passes through
    # the row's next run), and one in (nearly) every period of 4.5 s: 4 or 5.
    grid = PeriodicJob.objects.get(name="test.tick").next_run
    periods = [math.floor((s - grid).total_seconds() / 1.0) for s in tick.starts]
    assert len(periods) == len(set(periods)), periods
    assert 4 <= len(tick.starts) <= 5, tick.starts
    assert tick.most_at_once == 1
    # test.slow: never two at once, so starts are at least one run (0.8 s) apart.
    assert slow.most_at_once == 1
    gaps = [(b - a).total_seconds() for a, b in zip(slow.starts, slow.starts[1:], strict=False)]
    assert len(slow.starts) >= 3 and min(gaps) >= 0.8, gaps
    # One queue entry per run, each run by one worker.
    entries = DBTaskResult.objects.filter(task_path=jobs.RUN_TASK_PATH)
    assert entries.count() == len(tick.starts) + len(slow.starts)
    assert all(len(e.worker_ids) == 1 for e in entries if e.status == "SUCCESSFUL")


def boom(ticket: int) -> None:
    """A job that always fails."""
    raise RuntimeError(f"mail server down for ticket {ticket}")


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_retried_after_growing_delays_then_given_up(registry, settings):
    settings.YUNWEI_JOBS = {"RETRY_BASE_SECONDS": 0.3, "MAX_ATTEMPTS": 3}
    attempts: list = []

    def failing(ticket: int) -> None:
        attempts.append((timezone.now(), context.current().source))
        boom(ticket)

    registry.define("test.boom", failing)
    registry.schedule("test.boom", kwargs={"ticket": 7})
    run_workers(2, until=lambda: len(attempts) >= 3)
    time.sleep(1.0)  # a 4th attempt would be due 1.2 s after the 3rd: none may come
    run_workers(2, seconds=1.5)

    assert len(attempts) == 3
    assert {source for _, source in attempts} == {"worker:test.boom"}
    # Delays by hand: 0.3 s after the 1st failure, 0.6 s after the 2nd.
    first_gap = (attempts[1][0] - attempts[0][0]).total_seconds()
    second_gap = (attempts[2][0] - attempts[1][0]).total_seconds()
    assert first_gap >= 0.3 and second_gap >= 0.6, (first_gap, second_gap)
    failed = jobs.failed_attempts()
    assert [(f.attempt, f.outcome) for f in failed] == [
        (3, "given up"), (2, "failed again"), (1, "failed again")]
    assert all("mail server down for ticket 7" in f.error for f in failed)
    assert DBTaskResult.objects.ready().count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_one_off_job_runs_at_its_time_once_and_not_when_its_transaction_rolls_back(registry):
    calls: list = []
    registry.define("test.remind", lambda who: calls.append((who, timezone.now(),
                                                             context.current().source)))
    at = timezone.now() + timedelta(seconds=1)
    registry.schedule("test.remind", at=at, kwargs={"who": "hc_pm"})
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        registry.schedule("test.remind", at=at, kwargs={"who": "rolled back"})
        1 / 0  # noqa: B018 - the change that asked for the job fails
    run_workers(2, seconds=2.5)

    assert [who for who, _, _ in calls] == ["hc_pm"]
    assert calls[0][1] >= at
    assert calls[0][2] == "worker:test.remind"


@pytest.mark.django_db
def test_a_cancelled_run_never_runs_and_a_started_one_cannot_be_cancelled(registry):
    calls: list = []
    registry.define("test.remind", lambda who: calls.append(who))
    kept = registry.schedule("test.remind", kwargs={"who": "kept"})
    dropped = registry.schedule("test.remind", kwargs={"who": "dropped"})
    assert registry.cancel(dropped)
    worker = Worker(periodic=set(), manage_connections=False)
    while worker.step():
        pass
    assert calls == ["kept"]
    assert not registry.cancel(kept)  # already ran
    assert not registry.cancel(dropped)  # already withdrawn


@pytest.mark.django_db
def test_schedule_refuses_unknown_jobs_and_naive_times(registry):
    with pytest.raises(jobs.UnknownJob):
        registry.schedule("test.nobody_registered_this")
    registry.define("test.remind", lambda: None)
    with pytest.raises(ValueError, match="aware"):
        registry.schedule("test.remind", at=timezone.now().replace(tzinfo=None))


def test_retry_delays_double_up_to_the_cap(settings):
    settings.YUNWEI_JOBS = {"RETRY_BASE_SECONDS": 30, "RETRY_MAX_SECONDS": 200}
    expected = {1: 30, 2: 60, 3: 120, 4: 200, 10: 200}  # by hand
    assert {n: jobs.retry_delay(n).total_seconds() for n in expected} == expected


@pytest.mark.django_db
def test_a_failing_periodic_job_backs_off_and_a_held_one_waits_for_its_lease(registry, settings):
    settings.YUNWEI_JOBS = {"RETRY_BASE_SECONDS": 60, "LEASE_SECONDS": 600}
    runs: list = []

    def flaky() -> None:
        runs.append(1)
        raise OSError("IMAP server unreachable")

    registry.periodic("test.flaky", flaky, every_seconds=30)
    worker = Worker(periodic={"test.flaky"}, manage_connections=False)
    waits = []
    for _ in range(3):
        assert worker.step()  # queues the due job and runs it: it fails
        assert not worker.step()  # not due again yet
        row = PeriodicJob.objects.get(name="test.flaky")
        waits.append((row.next_run - row.last_finished).total_seconds())
        PeriodicJob.objects.filter(name="test.flaky").update(
            next_run=timezone.now() - timedelta(seconds=1))
    assert waits == [60, 120, 240]  # by hand: 60 s doubling
    assert len(runs) == 3 and row.failures == 3 and "IMAP server unreachable" in row.last_error

    # Held by a worker (a run in progress): not taken; held longer than the lease: taken.
    now = timezone.now()
    PeriodicJob.objects.filter(name="test.flaky").update(running_since=now - timedelta(seconds=5))
    assert jobs.enqueue_due(names={"test.flaky"}) == []
    PeriodicJob.objects.filter(name="test.flaky").update(
        running_since=now - timedelta(seconds=601))
    assert jobs.enqueue_due(names={"test.flaky"}) == ["test.flaky"]


@pytest.mark.django_db
def test_failed_jobs_are_shown_to_the_system_administrator_and_refused_to_others(
        registry, settings, world):
    settings.YUNWEI_JOBS = {"RETRY_BASE_SECONDS": 600, "MAX_ATTEMPTS": 3}
    registry.define("test.boom", boom)
    registry.periodic("test.flaky", lambda: boom(8), every_seconds=60)
    registry.schedule("test.boom", kwargs={"ticket": 7})
    worker = Worker(periodic={"test.flaky"}, manage_connections=False)
    while worker.step():
        pass

    client = Client()
    client.cookies["yunwei_language"] = "en"
    client.force_login(world.root)
    page = client.get("/jobs/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "test.boom" in text and "mail server down for ticket 7" in text
    assert "retry scheduled" in text  # attempt 2 is queued in 600 s
    assert "test.flaky" in text and "mail server down for ticket 8" in text
    assert "failing, retrying (failures in a row: 1)" in text

    zh = Client()
    zh.force_login(world.root)
    assert "已安排重试" in zh.get("/jobs/").content.decode()

    for role, user in world.a.users.items():
        other = Client()
        other.force_login(user)
        assert other.get("/jobs/").status_code == 403, role
    assert Client().get("/jobs/").status_code == 302  # to the login page


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_marked_failed_and_retried(registry, settings):
    """A worker killed mid-run leaves its entry RUNNING: after the lease the recovery marks it
    failed (the job page shows it) and queues the one-off job's next attempt, once; a periodic
    job's entry is marked too but not re-queued (its row's lease frees it)."""
    settings.YUNWEI_JOBS = {"LEASE_SECONDS": 600, "MAX_ATTEMPTS": 3, "RETRY_BASE_SECONDS": 0}
    calls: list = []
    registry.define("test.remind", lambda who: calls.append(who))
    registry.periodic("test.tick", lambda: None, every_seconds=60)
    now = timezone.now()
    dead = DBTaskResult.objects.get(id=registry.schedule("test.remind", kwargs={"who": "pm"}))
    fresh = DBTaskResult.objects.get(id=registry.schedule("test.remind", kwargs={"who": "x"}))
    last = DBTaskResult.objects.get(id=registry.run.using().enqueue(
        "test.remind", {"who": "last"}, attempt=3).id)
    tick = DBTaskResult.objects.get(id=registry.run.enqueue("test.tick", {}, periodic=True).id)
    for entry, started in ((dead, now - timedelta(seconds=601)), (fresh, now - timedelta(
            seconds=599)), (last, now - timedelta(hours=5)), (tick, now - timedelta(hours=2))):
        entry.claim("killed-worker")
        DBTaskResult.objects.filter(id=entry.id).update(started_at=started)

    assert registry.recover_stalled(now) == {"recovered": 3, "retried": 1}
    assert registry.recover_stalled(now) == {"recovered": 0, "retried": 0}  # once only
    statuses = dict(DBTaskResult.objects.filter(id__in=[dead.id, fresh.id, last.id, tick.id])
                    .values_list("id", "status"))
    assert statuses == {dead.id: "FAILED", fresh.id: "RUNNING", last.id: "FAILED",
                        tick.id: "FAILED"}
    assert "worker stopped during the run" in DBTaskResult.objects.get(id=dead.id).traceback
    worker = Worker(periodic=set(), manage_connections=False)
    while worker.step():
        pass
    assert calls == ["pm"]  # the retry of the lost run; "last" had used its 3 attempts
    outcomes = {(f.name, f.attempt): f.outcome for f in jobs.failed_attempts()}
    assert outcomes[("test.remind", 1)] == "recovered"  # its retry ran
    assert outcomes[("test.remind", 3)] == "given up"


@pytest.mark.django_db
def test_the_nightly_job_keeps_a_checkpoint_that_verifies(settings, tmp_path, mailoutbox):
    from yunwei.core.audit import nightly_checkpoint, parse_checkpoint, verify_checkpoint
    from yunwei.testing import make_world

    assert nightly_checkpoint() == {"kept": False, "reason": "empty chain"}
    make_world()  # writes audit rows
    out = tmp_path / "anchor.jsonl"
    settings.AUDIT_CHECKPOINT_FILE = str(out)
    settings.ADMINS = ["ops@bureau.example"]
    kept = nightly_checkpoint()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert kept["kept"] and len(lines) == 1
    assert verify_checkpoint(parse_checkpoint(lines[0])).ok
    assert parse_checkpoint(lines[0])["last_id"] == kept["last_id"]
    assert len(mailoutbox) == 1 and lines[0] in mailoutbox[0].body
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "missing-dir" / "anchor.jsonl")
    with pytest.raises(OSError, match="cannot write"):
        nightly_checkpoint()  # shown on the job page; the next run tries again
    assert "core.audit_checkpoint" in jobs.JOBS and "core.recover_jobs" in jobs.JOBS
