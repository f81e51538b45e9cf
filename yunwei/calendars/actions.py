"""State changes of the calendars app (each in one transaction, audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from yunwei.core import bulk
from yunwei.core.errors import Refused
from yunwei.worktime import CalendarError
from yunwei.worktime.clock import ClockEvent, ClockStatus, SlaClock
from yunwei.worktime.notice import Notice, parse_notice

from . import provider
from .choices import ClockState, DayKind, SubmissionStatus, YearSource
from .models import (
    HolidayDay,
    HolidaySubmission,
    HolidayYear,
    SlaClockEvent,
    SlaClockRecord,
    SlaTarget,
    WorkingCalendar,
)


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
    """Store (replace) one year's arrangement as confirmed; recompute open clocks (the law
    changed: every open deadline follows it, with its copies).

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


def _holidays_changed(year_id: int | None) -> int:
    """Holiday data changed: renew the data version (a day edited in place changes no count)
    and recompute every open clock."""
    if year_id is not None:
        HolidayYear.objects.filter(pk=year_id).update(updated=timezone.now())
    provider.invalidate()
    return recompute_open_clocks()


@transaction.atomic
def do_save_holiday_day(day: HolidayDay) -> tuple[HolidayDay, int]:
    """Enter or correct one day by hand; recompute open clocks."""
    day.save()
    return day, _holidays_changed(day.year_id)


@transaction.atomic
def do_delete_holiday_day(day: HolidayDay) -> int:
    """Remove one day; recompute open clocks."""
    year_id = day.year_id
    day.delete()
    return _holidays_changed(year_id)


@transaction.atomic
def do_delete_holiday_year(year: HolidayYear) -> int:
    """Remove an entered year (the package's data, or Mon-Fri, applies again); recompute."""
    year.delete()
    return _holidays_changed(None)


# -- notices submitted by agency administrators ---------------------------------------------
def may_submit_holiday_year(user: Any) -> bool:
    """An agency administrator of any contract may submit a notice (holiday years are national;
    a system administrator confirms it). The system administrator may too (though they
    usually import the notice directly)."""
    from yunwei.contracts.models import Membership
    from yunwei.core.roles import Role

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Role.AGENCY_ADMIN).exists()


def may_review_holiday_year(user: Any) -> bool:
    """Only a system administrator confirms or rejects a submitted notice."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and user.is_superuser)


def _parsed(text: str, year: int | None = None) -> Notice:
    try:
        return parse_notice(text, year)
    except CalendarError as exc:
        raise Refused(f"通知无法识别：{exc.zh}", f"the notice could not be read: {exc.en}",
                      "text") from exc


def _lock_pending(submission: HolidaySubmission) -> HolidaySubmission:
    locked = HolidaySubmission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != SubmissionStatus.PENDING:
        raise Refused("该通知已处理过", "this notice was already reviewed")
    return locked


@transaction.atomic
def do_submit_holiday_year(actor: Any, text: str, year: int | None = None) -> HolidaySubmission:
    """An agency administrator submits a pasted State Council notice: stored unconfirmed (no
    clock uses it); the system administrators are told by mail on commit."""
    if not may_submit_holiday_year(actor):
        raise Refused("只有甲方管理员可以提交节假日通知，请联系甲方管理员或系统管理员",
                      "only an agency administrator may submit a holiday notice; ask your "
                      "agency administrator or the system administrator")
    text = (text or "").strip()
    if not text:
        raise Refused("请粘贴国务院办公厅的通知全文", "paste the State Council notice", "text")
    notice = _parsed(text, year)
    submission = HolidaySubmission.objects.create(
        year=notice.year, notice_text=text, submitted_by=actor)
    from . import notify

    notify.submitted(submission)
    return submission


@transaction.atomic
def do_confirm_holiday_submission(actor: Any, submission: HolidaySubmission,
                                  ) -> tuple[HolidaySubmission, int]:
    """A system administrator confirms a submitted notice: it becomes the year's arrangement
    (do_save_arrangement, recomputing open clocks); the submitter is told by mail on commit.

    Returns the submission and the number of clocks recomputed."""
    if not may_review_holiday_year(actor):
        raise Refused("只有系统管理员可以确认节假日安排",
                      "only a system administrator may confirm a holiday arrangement")
    submission = _lock_pending(submission)
    notice = _parsed(submission.notice_text, submission.year)
    _record, recomputed = do_save_arrangement(
        notice.year, notice.holidays, notice.workdays, source=YearSource.NOTICE,
        notice_text=submission.notice_text)
    submission.status = SubmissionStatus.CONFIRMED
    submission.reviewed_by = actor
    submission.reviewed_at = timezone.now()
    submission.save()
    from . import notify

    notify.reviewed(submission)
    return submission, recomputed


@transaction.atomic
def do_reject_holiday_submission(actor: Any, submission: HolidaySubmission,
                                 reason: str) -> HolidaySubmission:
    """A system administrator rejects a submitted notice with a reason (nothing else changes);
    the submitter is told by mail on commit."""
    if not may_review_holiday_year(actor):
        raise Refused("只有系统管理员可以退回节假日通知",
                      "only a system administrator may reject a holiday notice")
    reason = (reason or "").strip()
    if not reason:
        raise Refused("请填写退回原因", "give the reason for the rejection", "reason")
    submission = _lock_pending(submission)
    submission.status = SubmissionStatus.REJECTED
    submission.reason = reason[:500]
    submission.reviewed_by = actor
    submission.reviewed_at = timezone.now()
    submission.save()
    from . import notify

    notify.reviewed(submission)
    return submission


# -- contract terms --------------------------------------------------------------------------
def _counts_time(kind: str, hours: str) -> tuple[str, str]:
    return (kind, hours if kind != "24x7" else "")


@transaction.atomic
def do_save_calendar(calendar: WorkingCalendar) -> tuple[WorkingCalendar, int]:
    """Create or edit a working calendar (the caller validated it). A change of how it counts
    time (7x24 or its hours) recomputes the open clocks on it, and their copies.

    Returns the calendar and the number of clocks recomputed."""
    before = None
    if calendar.pk is not None:
        before = (WorkingCalendar.objects.select_for_update().filter(pk=calendar.pk)
                  .values_list("kind", "hours").first())
    calendar.save()
    if before is None or _counts_time(*before) == _counts_time(calendar.kind, calendar.hours):
        return calendar, 0
    return calendar, recompute_open_clocks(calendar_ids=[calendar.pk])


@transaction.atomic
def do_delete_calendar(calendar: WorkingCalendar) -> None:
    """Delete a calendar no target uses (ProtectedError otherwise)."""
    calendar.delete()


@transaction.atomic
def do_save_target(target: SlaTarget) -> SlaTarget:
    """Create or edit an SLA target (the caller validated it). Changed terms become a new
    version effective now: open clocks keep the version they started under (an order keeps
    the terms in force when it was reported), so nothing is recomputed."""
    target.save()  # SlaTarget.save() records the version
    return target


@transaction.atomic
def do_delete_target(target: SlaTarget) -> None:
    """Delete an SLA target no clock uses (ProtectedError otherwise)."""
    target.delete()


def clock_targets(policy_id: int) -> QuerySet:
    """A policy's targets with their calendars and every version of their terms (what
    plan_clock() and new_clocks() read without further queries)."""
    return (SlaTarget.objects.filter(policy_id=policy_id).select_related("calendar")
            .prefetch_related("versions__calendar").order_by("id"))


# -- clocks ----------------------------------------------------------------------------------
def _engine_clock(record: SlaClockRecord) -> SlaClock:
    terms = record.terms
    events = [ClockEvent("start", record.started_at)] if record.started_at else []
    events += [
        ClockEvent(e.kind, e.at, e.reason, e.approver, e.extra_seconds, e.new_deadline)
        for e in record.events.filter(kind__in=["pause", "resume", "extend", "stop"])
        .order_by("at", "id")
    ]
    return SlaClock(terms.calendar.engine(), terms.minutes * 60, terms.warn_percent / 100,
                    events, label=record.label)


def store_status(record: SlaClockRecord, status: ClockStatus) -> bool:
    """Store a computed status; returns True when this call recorded a new breach."""
    was = record.breached
    _store(record, status)
    return record.breached and not was


def engine_clock(record: SlaClockRecord) -> SlaClock:
    """The pure clock rebuilt from a record's events."""
    return _engine_clock(record)


def _store(record: SlaClockRecord, status: ClockStatus, record_breach: bool = True) -> None:
    record.state = status.state
    record.deadline = status.deadline
    record.warn_at = status.warn_at
    record.remaining_seconds = status.remaining
    record.met = status.met
    record.flags = list(status.flags)
    if status.breached and not record.breached and record_breach:
        record.breached = True
        SlaClockEvent.objects.create(clock=record, kind="breach",
                                     at=status.deadline or timezone.now())
    record.version += 1
    record.save()


def plan_clock(target: SlaTarget, at: dt.datetime, label: str = "开始") -> ClockStatus:
    """What a clock started at `at` on `target` will say (no writes): its deadline and warning,
    on the version of the terms in force at `at`."""
    terms = target.terms_at(at)
    try:
        engine = SlaClock(terms.calendar.engine(), terms.minutes * 60,
                          terms.warn_percent / 100, label=label)
        engine.apply(ClockEvent("start", at))
        return engine.status(at, explain=False)
    except (CalendarError, OverflowError) as exc:
        # A target stored before its time limit was bounded, or a calendar that ends early:
        # refuse the intake with the reason instead of failing it.
        zh, en = getattr(exc, "zh", "超出范围"), getattr(exc, "en", "out of range")
        raise CalendarError(
            f"服务水平目标“{target.level_name}”（{terms.minutes} 分钟）的截止时间无法计算："
            f"{zh}。请联系甲方管理员修改该目标。",
            f"the deadline of the SLA target {target.level_name!r} ({terms.minutes} minutes) "
            f"cannot be computed: {en}; ask the agency administrator to correct the target",
        ) from exc


def _new_record(contract: Any, subject_type: str, subject_id: str, target: SlaTarget,
                at: dt.datetime, label: str, status: ClockStatus) -> SlaClockRecord:
    return SlaClockRecord(
        contract=contract, subject_type=subject_type, subject_id=subject_id,
        target=target, terms=target.terms_at(at), label=label, started_at=at, state=status.state,
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
    record = SlaClockRecord.objects.select_for_update(of=("self",)).select_related(
        "target", "terms__calendar").get(pk=record.pk)
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


#: subject type -> function(subject ids) that rewrites the subject's stored copies of its
#: clocks (e.g. a work order's deadlines), called after calendars recomputed those clocks.
COPY_WRITERS: dict[str, Callable[[list[str]], None]] = {}
#: subject type -> function(subject ids) that locks the subjects' rows: a recompute takes
#: them before the clocks, in the order the subject's own actions do (subject, then clocks).
SUBJECT_LOCKS: dict[str, Callable[[list[str]], None]] = {}


def register_copies(subject_type: str, writer: Callable[[list[str]], None],
                    lock: Callable[[list[str]], None] | None = None) -> None:
    """Register the function that rewrites a subject type's copies of its clocks (and the one
    that locks its subjects)."""
    COPY_WRITERS[subject_type] = writer
    if lock is not None:
        SUBJECT_LOCKS[subject_type] = lock


def _rewrite_copies(records: Iterable[SlaClockRecord]) -> None:
    by_type: dict[str, set[str]] = {}
    for record in records:
        by_type.setdefault(record.subject_type, set()).add(record.subject_id)
    for subject_type, ids in by_type.items():
        writer = COPY_WRITERS.get(subject_type)
        if writer is not None:
            writer(sorted(ids))


@transaction.atomic
def recompute_open_clocks(now: dt.datetime | None = None, *,
                          calendar_ids: list[int] | None = None) -> int:
    """Recompute every running or paused clock (after holiday data changed), or those counted
    on the given calendars (after their hours changed), and rewrite their subjects' copies.

    Breaches of subjects whose app watches its own clocks are left to that app's watcher,
    which records and announces them (see OWN_WATCHERS)."""
    now = now or timezone.now()
    open_clocks = SlaClockRecord.objects.filter(
        state__in=[ClockState.RUNNING, ClockState.PAUSED])
    if calendar_ids is not None:
        open_clocks = open_clocks.filter(terms__calendar_id__in=calendar_ids)
    subjects: dict[str, set[str]] = {}
    for subject_type, subject_id in open_clocks.values_list("subject_type", "subject_id"):
        subjects.setdefault(subject_type, set()).add(subject_id)
    for subject_type, ids in subjects.items():
        if subject_type in SUBJECT_LOCKS:
            SUBJECT_LOCKS[subject_type](sorted(ids))
    open_clocks = open_clocks.select_for_update(of=("self",)).select_related("terms__calendar")
    changed, count = [], 0
    for record in open_clocks.order_by("id"):
        count += 1
        before = (record.deadline, record.warn_at, record.breached)
        _store(record, _engine_clock(record).status(now, explain=False),
               record_breach=record.subject_type not in OWN_WATCHERS)
        if (record.deadline, record.warn_at, record.breached) != before:
            changed.append(record)
    _rewrite_copies(changed)
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
        subject_type__in=sorted(OWN_WATCHERS))
    for record_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            locked = SlaClockRecord.objects.select_for_update(of=("self",)).select_related(
                "terms__calendar").get(pk=record_id)
            if not locked.breached:
                _store(locked, _engine_clock(locked).status(now, explain=False))
                _rewrite_copies([locked])
                count += 1
    return count
