"""State changes of the calendars app (each in one transaction, audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from yunwei.core import bulk
from yunwei.worktime import CalendarError
from yunwei.worktime.clock import ClockEvent, ClockStatus, SlaClock
from yunwei.worktime.notice import Notice, parse_notice

from .choices import ClockState, DayKind, YearSource
from .models import HolidayDay, HolidayYear, SlaClockEvent, SlaClockRecord, SlaTarget


def preview_notice(text: str, year: int | None = None) -> Notice:
    """Parse a pasted notice without storing anything (raises CalendarError on typos)."""
    return parse_notice(text, year)


@transaction.atomic
def do_save_arrangement(
    year: int,
    holidays: dict[dt.date, str],
    workdays: dict[dt.date, str],
    *,
    source: str = YearSource.NOTICE,
    notice_text: str = "",
    note: str = "",
) -> tuple[HolidayYear, int]:
    """Store (replace) one year's arrangement as confirmed; recompute open clocks.

    Returns the year and the number of clocks recomputed."""
    for day in list(holidays) + list(workdays):
        if day.year != year:
            raise CalendarError(f"{day} 不属于 {year} 年", f"{day} is not in {year}")
    record, _ = HolidayYear.objects.select_for_update().get_or_create(year=year)
    for day in record.days.all():
        day.delete()
    for day, name in sorted(holidays.items()):
        HolidayDay.objects.create(year=record, date=day, kind=DayKind.HOLIDAY, name=name)
    for day, name in sorted(workdays.items()):
        HolidayDay.objects.create(year=record, date=day, kind=DayKind.WORKDAY, name=name)
    record.source = source
    record.notice_text = notice_text
    record.note = note
    record.confirmed = True
    record.save()
    return record, recompute_open_clocks()


def do_import_notice(text: str, year: int | None = None) -> tuple[HolidayYear, int]:
    """Parse and store a State Council notice."""
    notice = parse_notice(text, year)
    return do_save_arrangement(notice.year, notice.holidays, notice.workdays,
                               source=YearSource.NOTICE, notice_text=text)


# -- clocks ----------------------------------------------------------------------------------
def _engine_clock(record: SlaClockRecord) -> SlaClock:
    target = record.target
    events = [ClockEvent("start", record.started_at)] if record.started_at else []
    events += [
        ClockEvent(e.kind, e.at, e.reason, e.approver, e.extra_seconds, e.new_deadline)
        for e in record.events.filter(kind__in=["pause", "resume", "extend", "stop"])
        .order_by("at", "id")
    ]
    return SlaClock(target.calendar.engine(), target.minutes * 60, target.warn_percent / 100,
                    events, label=record.label)


def store_status(record: SlaClockRecord, status: ClockStatus) -> bool:
    """Store a computed status; returns True when this call recorded a new breach."""
    was = record.breached
    _store(record, status)
    return record.breached and not was


def engine_clock(record: SlaClockRecord) -> SlaClock:
    """The pure clock rebuilt from a record's events."""
    return _engine_clock(record)


def _store(record: SlaClockRecord, status: ClockStatus) -> None:
    record.state = status.state
    record.deadline = status.deadline
    record.warn_at = status.warn_at
    record.remaining_seconds = status.remaining
    record.met = status.met
    record.flags = list(status.flags)
    if status.breached and not record.breached:
        record.breached = True
        SlaClockEvent.objects.create(clock=record, kind="breach",
                                     at=status.deadline or timezone.now())
    record.version += 1
    record.save()


def plan_clock(target: SlaTarget, at: dt.datetime, label: str = "开始") -> ClockStatus:
    """What a clock started now on `target` will say (no writes): its deadline and warning."""
    try:
        engine = SlaClock(target.calendar.engine(), target.minutes * 60,
                          target.warn_percent / 100, label=label)
        engine.apply(ClockEvent("start", at))
        return engine.status(at, explain=False)
    except (CalendarError, OverflowError) as exc:
        # A target stored before its time limit was bounded, or a calendar that ends early:
        # refuse the intake with the reason instead of failing it.
        zh, en = getattr(exc, "zh", "超出范围"), getattr(exc, "en", "out of range")
        raise CalendarError(
            f"服务水平目标“{target.level_name}”（{target.minutes} 分钟）的截止时间无法计算："
            f"{zh}。请联系甲方管理员修改该目标。",
            f"the deadline of the SLA target {target.level_name!r} ({target.minutes} minutes) "
            f"cannot be computed: {en}; ask the agency administrator to correct the target",
        ) from exc


def _new_record(contract: Any, subject_type: str, subject_id: str, target: SlaTarget,
                at: dt.datetime, label: str, status: ClockStatus) -> SlaClockRecord:
    return SlaClockRecord(
        contract=contract, subject_type=subject_type, subject_id=subject_id,
        target=target, label=label, started_at=at, state=status.state,
        deadline=status.deadline, warn_at=status.warn_at, remaining_seconds=status.remaining,
        met=status.met, flags=list(status.flags), version=1)


def new_clocks(contract: Any, subject_type: str, at: dt.datetime,
               plans: list[tuple[SlaTarget, str, ClockStatus]]) -> list[SlaClockRecord]:
    """Unsaved running clocks for a subject about to be written (no writes): built before the
    write transaction, started with do_start_clocks() inside it.

    `plans` holds (target, label, status from plan_clock) for each clock."""
    return [_new_record(contract, subject_type, "", target, at, label, status)
            for target, label, status in plans]


@transaction.atomic(savepoint=False)
def do_start_clocks(subject: Any, records: list[SlaClockRecord]) -> list[SlaClockRecord]:
    """Start a new subject's clocks from new_clocks() (e.g. a new work order's response,
    on-site and resolution clocks): one multi-row insert, one audit row per clock."""
    for record in records:
        record.subject_id = str(subject.pk)
    bulk.insert_audited(records)
    return records


@transaction.atomic(savepoint=False)
def do_start_clock(contract: Any, subject: Any, target: SlaTarget, at: dt.datetime,
                   label: str = "开始", status: ClockStatus | None = None) -> SlaClockRecord:
    """Create a running clock for a subject (e.g. a work order): one record, started at `at`."""
    status = status or plan_clock(target, at, label)
    record = _new_record(contract, subject._meta.label_lower, str(subject.pk), target, at, label,
                         status)
    record.save()
    return record


@transaction.atomic
def do_clock_event(record: SlaClockRecord, kind: str, at: dt.datetime, *, reason: str = "",
                   approver: str = "", extra_seconds: int = 0,
                   new_deadline: dt.datetime | None = None) -> SlaClockRecord:
    """Apply one event to a clock under a row lock; illegal transitions raise CalendarError."""
    record = SlaClockRecord.objects.select_for_update().select_related(
        "target__calendar").get(pk=record.pk)
    engine = _engine_clock(record)
    engine.apply(ClockEvent(kind, at, reason, approver, extra_seconds, new_deadline))
    if kind == "start":
        record.started_at = at
    else:
        SlaClockEvent.objects.create(
            clock=record, kind=kind, at=at, reason=reason, approver=approver,
            extra_seconds=extra_seconds, new_deadline=new_deadline)
    _store(record, engine.status(at, explain=False))
    return record


def clock_status(record: SlaClockRecord, now: dt.datetime | None = None) -> ClockStatus:
    """The clock's status now, with its step-by-step explanation (no writes)."""
    return _engine_clock(record).status(now or timezone.now())


def recompute_open_clocks(now: dt.datetime | None = None) -> int:
    """Recompute every running or paused clock (after holiday data changed)."""
    now = now or timezone.now()
    count = 0
    open_clocks = SlaClockRecord.objects.filter(
        state__in=[ClockState.RUNNING, ClockState.PAUSED]).select_related("target__calendar")
    for record in open_clocks.iterator(chunk_size=500):
        with transaction.atomic():
            _store(record, _engine_clock(record).status(now))
        count += 1
    return count


#: Subject types whose app watches its own clocks (and announces breaches itself).
OWN_WATCHERS: set[str] = set()


def check_due_clocks(now: dt.datetime | None = None) -> int:
    """Worker job: record the breach of running clocks whose deadline has passed (for
    subjects whose app does not watch its own clocks)."""
    now = now or timezone.now()
    count = 0
    due = SlaClockRecord.objects.filter(state=ClockState.RUNNING, breached=False,
                                        deadline__lte=now).exclude(
        subject_type__in=sorted(OWN_WATCHERS)).select_related("target__calendar")
    for record in due.iterator(chunk_size=500):
        with transaction.atomic():
            locked = SlaClockRecord.objects.select_for_update().get(pk=record.pk)
            if not locked.breached:
                _store(locked, _engine_clock(locked).status(now))
                count += 1
    return count
