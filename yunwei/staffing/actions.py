"""Every staffing rule as a do_* action under transaction.atomic; views, API and CLI only
translate input and call these. A refusal raises yunwei.core.errors.Refused."""

from __future__ import annotations

import calendar as pycal
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import CharField, F, Min
from django.db.models.functions import Cast
from django.utils import timezone

from yunwei.core import audit
from yunwei.core.errors import Refused
from yunwei.core.roles import Role
from yunwei.core.scoping import roles_on
from yunwei.worktime import TZ

from . import importing, rules
from .choices import AttendanceKind, EntryStatus, RequestStatus
from .models import (
    AttendanceRecord,
    ImportBatch,
    LeaveRequest,
    Person,
    Post,
    Punch,
    ReplacementRequest,
    RosterShift,
    ShiftPattern,
    SpecialPeriod,
    StaffingTerms,
)


def _require(actor: Any, contract_id: int, roles: set[str], zh: str, en: str) -> None:
    """Refuse unless the actor holds one of `roles` on the contract (None: the system)."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if not roles_on(actor, contract_id) & roles:
        raise Refused(zh, en)


def terms_for(contract_id: int) -> StaffingTerms:
    """The contract's staffing terms (the defaults, unsaved, when none were entered)."""
    terms = StaffingTerms.objects.filter(contract_id=contract_id).first()
    return terms or StaffingTerms(contract_id=contract_id)


# -- people ---------------------------------------------------------------------------------------
@transaction.atomic
def do_check_entry(person: Person, *, actor: Any, approve: bool, note: str = "") -> Person:
    """The agency's entry check (入场核验): approve or refuse a pending person."""
    _require(actor, person.contract_id, {Role.AGENCY_ADMIN},
             "只有甲方管理员可以进行入场核验", "only the agency administrator checks entries")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.entry_status != EntryStatus.PENDING:
        raise Refused("该人员的入场核验已有结论", "this entry check has been decided")
    person.entry_status = EntryStatus.APPROVED if approve else EntryStatus.REFUSED
    person.entry_decided_at = timezone.now()
    person.entry_decided_by = actor
    if note:
        person.entry_note = (person.entry_note + "\n" + note).strip()
    person.save()
    return person


def _missing_qualifications(person: Person, posts: list[Post]) -> list[str]:
    held = {q.strip() for q in person.qualifications.values_list("name", flat=True)}
    return sorted({q for post in posts for q in post.required_qualifications()} - held)


@transaction.atomic
def do_request_leave(person: Person, *, actor: Any, starts: dt.datetime, ends: dt.datetime,
                     reason: str, emergency: bool = False,
                     now: dt.datetime | None = None) -> LeaveRequest:
    """Ask for leave: N hours ahead by the terms, or within N hours after in an emergency."""
    if actor is not None and not getattr(actor, "is_superuser", False):
        own = person.user_id is not None and person.user_id == actor.pk
        if not own and Role.VENDOR_PM not in roles_on(actor, person.contract_id):
            raise Refused("只能为本人请假（项目经理可为团队成员请假）",
                          "you may ask leave only for yourself (the PM for the team)")
    if ends <= starts:
        raise Refused("结束时间须晚于开始时间", "the end must be after the start", "ends")
    if not reason.strip():
        raise Refused("请填写请假事由", "a reason is required", "reason")
    now = now or timezone.now()
    terms = terms_for(person.contract_id)
    in_time = rules.leave_in_time(now, starts, terms.leave_notice_hours, emergency,
                                  terms.emergency_leave_hours)
    if not in_time:
        if emergency:
            raise Refused(f"紧急请假须在开始后 {terms.emergency_leave_hours} 小时内补报",
                          f"emergency leave must be reported within "
                          f"{terms.emergency_leave_hours} h after it starts", "starts")
        raise Refused(f"请假须提前 {terms.leave_notice_hours} 小时提出（紧急情况请勾选“紧急”）",
                      f"leave must be asked {terms.leave_notice_hours} h ahead "
                      f"(tick emergency otherwise)", "starts")
    return LeaveRequest.objects.create(
        contract_id=person.contract_id, person=person, starts=starts, ends=ends, reason=reason,
        emergency=emergency, asked_at=now, in_time=in_time)


@transaction.atomic
def do_decide_leave(leave: LeaveRequest, *, actor: Any, approve: bool) -> LeaveRequest:
    """The agency's responsible person approves or refuses a pending leave request."""
    _require(actor, leave.contract_id, {Role.AGENCY_ADMIN},
             "只有甲方管理员可以审批请假", "only the agency administrator decides leave")
    leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
    if leave.status != RequestStatus.PENDING:
        raise Refused("该请假已审批", "this request has been decided")
    leave.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    leave.decided_by, leave.decided_at = actor, timezone.now()
    leave.save()
    return leave


@transaction.atomic
def do_request_replacement(leaving: Person, joining: Person, *, actor: Any,
                           effective_on: dt.date, emergency: bool = False, reason: str = "",
                           now: dt.datetime | None = None) -> ReplacementRequest:
    """The vendor replaces a person: the new one must hold the posts' qualifications; notice
    shorter than the terms' days is recorded as a violation (an emergency needs a reason)."""
    _require(actor, leaving.contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以申请更换人员", "only the vendor PM replaces staff")
    if joining.contract_id != leaving.contract_id or joining.pk == leaving.pk:
        raise Refused("接替人员须是本合同的另一名人员", "the new person must be another member "
                      "of this contract's team", "joining")
    posts = list(leaving.posts.all())
    missing = _missing_qualifications(joining, posts)
    if missing:
        raise Refused("接替人员缺少岗位要求的资质：" + "、".join(missing),
                      "the new person lacks required qualifications: " + ", ".join(missing),
                      "joining")
    if emergency and not reason.strip():
        raise Refused("紧急更换须写明书面理由", "an emergency replacement needs a written reason",
                      "reason")
    now = now or timezone.now()
    terms = terms_for(leaving.contract_id)
    with_notice = rules.notice_ok(timezone.localtime(now, TZ).date(), effective_on,
                                  terms.replacement_notice_days)
    if emergency:
        start = dt.datetime.combine(effective_on, dt.time(0), tzinfo=TZ)
        with_notice = start - now <= dt.timedelta(hours=terms.emergency_replacement_hours) \
            or with_notice
    request = ReplacementRequest.objects.create(
        contract_id=leaving.contract_id, leaving=leaving, joining=joining, notified_at=now,
        effective_on=effective_on, emergency=emergency, reason=reason, with_notice=with_notice)
    joining.posts.add(*posts)
    return request


# -- rosters --------------------------------------------------------------------------------------
def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, pycal.monthrange(year, month)[1])


def _days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def required_headcount(contract_id: int, first: dt.date, last: dt.date,
                       ) -> dict[tuple[dt.date, int, int], int]:
    """(day, post id, pattern id) -> people required, on the posts' calendars, with the
    special periods' extra people (a constant number of queries)."""
    patterns = list(ShiftPattern.objects.filter(contract_id=contract_id)
                    .select_related("post__calendar"))
    specials = list(SpecialPeriod.objects.filter(contract_id=contract_id, first_day__lte=last,
                                                 last_day__gte=first))
    engines: dict[Any, Any] = {}
    default = None
    required: dict[tuple[dt.date, int, int], int] = {}
    for pattern in patterns:
        cal = pattern.post.calendar
        if cal is None:
            if default is None:
                from yunwei.calendars.provider import engine_for

                default = engine_for("office", "09:00-17:30")
            engine = default
        else:
            engine = engines.get(cal.pk) or engines.setdefault(cal.pk, cal.engine())
        extras = [s for s in specials if s.pattern_id == pattern.pk]
        for day in _days(first, last):
            applies = rules.shift_applies(pattern.days, day, engine.is_workday(day))
            n = pattern.headcount if applies else 0
            for s in extras:
                if s.first_day <= day <= s.last_day and (applies or s.every_day):
                    n += s.extra_headcount
            if n:
                required[(day, pattern.post_id, pattern.pk)] = n
    return required


def _bounds(pattern: ShiftPattern, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return rules.shift_bounds(day, pattern.start, pattern.end, TZ)


def _check_shift(person: Person, pattern: ShiftPattern, day: dt.date,
                 exclude: int | None = None) -> tuple[dt.datetime, dt.datetime]:
    if person.contract_id != pattern.contract_id:
        raise Refused("人员与班次不属于同一合同", "person and shift are of different contracts")
    if not person.active:
        raise Refused(f"{person.name} 已不在本合同", f"{person.name} has left the contract")
    if not person.posts.filter(pk=pattern.post_id).exists():
        raise Refused(f"{person.name} 不在岗位“{pattern.post.name}”上",
                      f"{person.name} does not hold the post {pattern.post.name}", "person")
    starts, ends = _bounds(pattern, day)
    clash = RosterShift.objects.filter(person=person, starts__lt=ends, ends__gt=starts)
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise Refused(f"{person.name} 在该时段已有班次", f"{person.name} already has a shift then",
                      "person")
    return starts, ends


@transaction.atomic
def do_add_shift(person: Person, pattern: ShiftPattern, day: dt.date, *,
                 actor: Any) -> RosterShift:
    """The vendor PM puts a person on a shift (the person must hold the post, and not be on
    another shift at the same time)."""
    _require(actor, pattern.contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以排班", "only the vendor PM edits the roster")
    starts, ends = _check_shift(person, pattern, day)
    return RosterShift.objects.create(contract_id=pattern.contract_id, person=person,
                                      pattern=pattern, day=day, starts=starts, ends=ends)


@transaction.atomic
def do_remove_shift(shift: RosterShift, *, actor: Any) -> None:
    """The vendor PM takes a shift off the roster."""
    _require(actor, shift.contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以排班", "only the vendor PM edits the roster")
    shift.delete()


@transaction.atomic
def do_swap_shifts(a: RosterShift, b: RosterShift, *, actor: Any) -> None:
    """Two people exchange shifts (approved by the vendor PM): each must hold the other's post."""
    _require(actor, a.contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以批准换班", "only the vendor PM approves swaps")
    locked = RosterShift.objects.select_for_update().select_related("pattern__post", "person")
    a, b = locked.get(pk=a.pk), locked.get(pk=b.pk)  # the caller's objects stay untouched
    if a.contract_id != b.contract_id or a.person_id == b.person_id:
        raise Refused("只能在本合同的两人之间换班", "a swap is between two people of one contract")
    if a.pattern_id == b.pattern_id and a.day == b.day:
        raise Refused("同一班次无需换班", "both are on the same shift")
    a.person, b.person = b.person, a.person
    for shift in (a, b):  # each must fit its new shift, ignoring the two being swapped
        starts, ends = _bounds(shift.pattern, shift.day)
        if not shift.person.posts.filter(pk=shift.pattern.post_id).exists():
            raise Refused(f"{shift.person.name} 不在岗位“{shift.pattern.post.name}”上",
                          f"{shift.person.name} does not hold the post", "person")
        if RosterShift.objects.filter(person=shift.person, starts__lt=ends, ends__gt=starts) \
                .exclude(pk__in=[a.pk, b.pk]).exists():
            raise Refused(f"{shift.person.name} 在该时段已有班次",
                          f"{shift.person.name} already has a shift then")
    a.save(update_fields=["person"])
    b.save(update_fields=["person"])


@transaction.atomic
def do_generate_roster(contract_id: int, year: int, month: int, *, actor: Any) -> int:
    """Fill a month's roster up to the required headcount from the people on each post (entry
    approved), in turn, keeping what is already rostered. Returns the shifts added."""
    _require(actor, contract_id, {Role.VENDOR_PM},
             "只有乙方项目经理可以排班", "only the vendor PM edits the roster")
    first, last = _month(year, month)
    required = required_headcount(contract_id, first, last)
    patterns = {p.pk: p for p in ShiftPattern.objects.filter(contract_id=contract_id)}
    people_by_post: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(contract_id=contract_id, active=True,
                                        entry_status=EntryStatus.APPROVED).prefetch_related(
                                            "posts").order_by("name"):
        for post in person.posts.all():
            people_by_post[post.pk].append(person)
    taken: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    have: Counter = Counter()
    margin = dt.timedelta(days=1)
    for s in RosterShift.objects.filter(contract_id=contract_id, day__gte=first - margin,
                                        day__lte=last):
        taken[s.person_id].append((s.starts, s.ends))
        have[(s.day, s.pattern_id)] += 1
    turn: Counter = Counter()
    added = []
    for (day, post_id, pattern_id), need in sorted(required.items(), key=lambda kv: (
            kv[0][0], patterns[kv[0][2]].start, kv[0][2])):
        pattern = patterns[pattern_id]
        starts, ends = _bounds(pattern, day)
        people = people_by_post.get(post_id, [])
        missing = need - have[(day, pattern_id)]
        tried = 0
        while missing > 0 and tried < len(people):
            person = people[turn[pattern_id] % len(people)]
            turn[pattern_id] += 1
            tried += 1
            if any(s < ends and starts < e for s, e in taken[person.pk]):
                continue
            taken[person.pk].append((starts, ends))
            added.append(RosterShift(contract_id=contract_id, person=person, pattern=pattern,
                                     day=day, starts=starts, ends=ends))
            missing -= 1
    if added:
        from yunwei.core.bulk import insert_audited

        insert_audited(added)
    return len(added)


def coverage(contract_id: int, first: dt.date, last: dt.date) -> list[rules.CoverageRow]:
    """Required vs rostered vs attended per post per shift per day (constant query count)."""
    required = required_headcount(contract_id, first, last)
    rostered: Counter = Counter()
    for day, post_id, pattern_id in _raw(RosterShift.objects.filter(
            contract_id=contract_id, day__gte=first, day__lte=last).values_list(
                _text("day"), "pattern__post_id", "pattern_id").order_by()):
        rostered[(_py_day(day), post_id, pattern_id)] += 1
    attended: Counter = Counter()
    present = (AttendanceKind.PRESENT, AttendanceKind.LATE, AttendanceKind.EARLY)
    for _shift, day, post_id, pattern_id in _raw(AttendanceRecord.objects.filter(
            contract_id=contract_id, day__gte=first, day__lte=last, kind__in=present,
            shift__isnull=False).values_list("shift_id", _text("day"),
                                             "shift__pattern__post_id",
                                             "shift__pattern_id").order_by().distinct()):
        attended[(_py_day(day), post_id, pattern_id)] += 1  # late and early on one shift count once
    return rules.coverage(required, rostered, attended)


# -- attendance -----------------------------------------------------------------------------------
def preview_import(contract_id: int, data: bytes, file_name: str,
                   mapping: Mapping[str, str] | None = None) -> importing.Parsed:
    """Read a file and check every row against the contract without writing anything."""
    parsed = importing.parse(data, file_name, mapping)
    _resolve(contract_id, parsed)
    return parsed


def _resolve(contract_id: int, parsed: importing.Parsed) -> list[tuple[int, dt.datetime, int]]:
    """(person id, naive local time, row) per punch; unknown people and dates outside the contract
    are added to parsed.errors."""
    from yunwei.contracts.models import Contract

    contract = Contract.objects.only("service_start", "service_end").get(pk=contract_id)
    by_name: dict[str, int] = {}
    by_no: dict[str, int] = {}
    for pk, name, no in Person.objects.filter(contract_id=contract_id).values_list(
            "pk", "name", "employee_no"):
        by_name[name.strip()] = pk
        if no:
            by_no[no.strip()] = pk
    out = []
    bad_rows = {e.row for e in parsed.errors}
    for p in parsed.punches:
        if p.row in bad_rows:
            continue
        pk = by_no.get(p.employee_no) if p.employee_no else None
        pk = pk or by_name.get(p.name)
        if pk is None:
            parsed.errors.append(importing.ImportError_(
                p.row, f"“{p.name or p.employee_no}”不是本合同的人员",
                f"{p.name or p.employee_no!r} is not on this contract's team"))
            bad_rows.add(p.row)
            continue
        if not contract.service_start <= p.time.date() <= contract.service_end:
            parsed.errors.append(importing.ImportError_(
                p.row, f"日期 {p.time.date()} 不在合同服务期内",
                f"date {p.time.date()} is outside the contract's service period"))
            bad_rows.add(p.row)
            continue
        out.append((pk, p.time, p.row))
    parsed.errors.sort(key=lambda e: e.row)
    return out


@transaction.atomic
def do_import_attendance(contract_id: int, data: bytes, file_name: str, *, actor: Any,
                         mapping: Mapping[str, str] | None = None) -> ImportBatch:
    """Import a clock-in export: every row valid or nothing is written (the first bad row is
    named); a punch already there (same person and time) is skipped, so re-importing the
    same file changes nothing. The batch is audited once with the file's checksum."""
    _require(actor, contract_id, {Role.AGENCY_ADMIN, Role.VENDOR_PM},
             "只有甲方管理员或乙方项目经理可以导入考勤",
             "only the agency admin or vendor PM imports")
    try:
        parsed = importing.parse(data, file_name, mapping)
    except importing.ImportError_ as exc:
        raise Refused(exc.zh, exc.en, "file") from exc
    resolved = _resolve(contract_id, parsed)
    if parsed.errors:
        e = parsed.errors[0]
        more = len(parsed.errors) - 1
        raise Refused(f"第 {e.row} 行：{e.zh}" + (f"（另有 {more} 行有误）" if more else "")
                      + "；未导入任何数据",
                      f"row {e.row}: {e.en}" + (f" ({more} more bad rows)" if more else "")
                      + "; nothing was imported", "file")
    seen: set[tuple[int, dt.datetime]] = set()
    unique = []
    for pk, moment, row in resolved:
        if (pk, moment) not in seen:
            seen.add((pk, moment))
            unique.append((pk, moment, row))
    batch = ImportBatch.objects.create(
        contract_id=contract_id, file_name=file_name[:200],
        sha256=hashlib.sha256(data).hexdigest(), format=parsed.format, rows=parsed.rows,
        imported_by=actor if getattr(actor, "pk", None) else None)
    batch.added = _insert_punches(contract_id, batch.pk, unique)
    batch.save(update_fields=["added"])
    return batch


def _insert_punches(contract_id: int, batch_id: int,
                    punches: list[tuple[int, dt.datetime, int]]) -> int:
    """Insert new punches in one statement per call, skipping those already there."""
    if not punches:
        return 0
    table = connection.ops.quote_name(Punch._meta.db_table)
    before = Punch.objects.filter(contract_id=contract_id).count()
    offsets: dict[dt.date, dt.timedelta] = {}
    params = []
    sqlite = connection.vendor == "sqlite"
    for pk, local, row in punches:
        if sqlite:  # naive UTC text, as Django stores it
            day = local.date()
            offset = offsets.get(day)
            if offset is None:
                offset = offsets[day] = local.replace(tzinfo=TZ).utcoffset() or dt.timedelta()
            value: Any = str(local - offset)
        else:
            value = local.replace(tzinfo=TZ)
        params.append((contract_id, pk, value, batch_id, row))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (contract_id, person_id, time, batch_id, row) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (person_id, time) DO NOTHING", params)
    return Punch.objects.filter(contract_id=contract_id).count() - before


@transaction.atomic
def do_derive_attendance(contract_id: int, first: dt.date, last: dt.date, *,
                         actor: Any = None) -> int:
    """Derive the attendance records of [first, last] from the roster, punches, leave and the
    replacement and entry-check terms, replacing earlier derived records (hand corrections of a
    shift or day are kept and win). A constant number of queries, whatever the rows."""
    _require(actor, contract_id, {Role.AGENCY_ADMIN, Role.VENDOR_PM},
             "只有甲方管理员或乙方项目经理可以生成考勤",
             "only the agency admin or vendor PM derives")
    start = dt.datetime.combine(first, dt.time(0), tzinfo=TZ) - rules.WINDOW
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=TZ) + \
        dt.timedelta(days=1) + rules.WINDOW
    roster = RosterShift.objects.filter(contract_id=contract_id, day__gte=first, day__lte=last)
    shifts = [(pk, person_id, _py_day(day), _py_time(s), _py_time(e))
              for pk, person_id, day, s, e in _raw(roster.values_list(
                  "pk", "person_id", _text("day"), _text("starts"), _text("ends")).order_by())]
    punches: dict[int, list[tuple[dt.datetime, object]]] = defaultdict(list)
    for pk, person_id, moment in _raw(Punch.objects.filter(
            contract_id=contract_id, time__gte=start, time__lt=end).order_by(
                "person_id", "time").values_list("pk", "person_id", _text("time"))):
        punches[person_id].append((_py_time(moment), pk))
    leaves: dict[int, list[rules.Leave]] = defaultdict(list)
    for person_id, s, e, status, in_time in LeaveRequest.objects.filter(
            contract_id=contract_id, starts__lt=end, ends__gt=start).exclude(
                status=RequestStatus.REFUSED).values_list(
                    "person_id", "starts", "ends", "status", "in_time"):
        leaves[person_id].append(rules.Leave(_py_time(s), _py_time(e),
                                             status == RequestStatus.APPROVED, in_time))
    kept = AttendanceRecord.objects.filter(contract_id=contract_id, day__gte=first,
                                           day__lte=last, derived=False)
    hand_shifts = set(kept.exclude(shift=None).values_list("shift_id", flat=True))
    hand_days = set(kept.filter(shift=None).values_list("person_id", "day"))
    slots = [rules.Slot(pk, person_id, s, e) for pk, person_id, day, s, e in shifts
             if pk not in hand_shifts and (person_id, day) not in hand_days]
    sqlite = connection.vendor == "sqlite"
    days = {pk: day.isoformat() if sqlite else day for pk, _p, day, _s, _e in shifts}
    records = [
        (contract_id, slot.person, days[slot.key], slot.key, outcome.kind, outcome.minutes,
         ",".join(str(e) for e in outcome.evidence)[:500], True, outcome.note)
        for slot, outcome in rules.derive(slots, punches, leaves)]
    records += [(r.contract_id, r.person_id, r.day.isoformat() if sqlite else r.day,
                 r.shift_id, r.kind, r.minutes, r.evidence, True, r.note)
                for r in _violations(contract_id, first, last, hand_days)]
    AttendanceRecord.objects.filter(contract_id=contract_id, day__gte=first, day__lte=last,
                                    derived=True)._raw_delete(connection.alias)
    _insert_records(records)
    from yunwei.contracts.models import Contract

    audit.record("update", Contract.objects.get(pk=contract_id), None, {
        "staffing_attendance_derived": {"first": str(first), "last": str(last),
                                        "records": len(records)}})
    return len(records)


_RECORD_COLUMNS = ("contract_id", "person_id", "day", "shift_id", "kind", "minutes", "evidence",
                   "derived", "note")


def _insert_records(records: list[tuple[Any, ...]]) -> None:
    """Insert derived records (rows in _RECORD_COLUMNS order) with one executemany: a query
    count independent of the rows."""
    if not records:
        return
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(AttendanceRecord._meta.db_table)} "  # noqa: S608 - model table
           f"({', '.join(quote(c) for c in _RECORD_COLUMNS)}) "
           f"VALUES ({', '.join(['%s'] * len(_RECORD_COLUMNS))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, records)


def _raw(qs: Any) -> list[tuple[Any, ...]]:
    """The rows of a values_list queryset as the driver returns them (no per-value converters:
    datetimes are parsed by _py_time, ~4x faster on SQLite for a year of punches)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _text(field: str) -> Any:
    """A column read as the stored text on SQLite (no per-value converter), as is elsewhere."""
    if connection.vendor == "sqlite":
        return Cast(field, output_field=CharField())
    return F(field)


def _py_time(value: Any) -> dt.datetime:
    """A naive UTC datetime from a driver value (SQLite: UTC text; PostgreSQL: aware): the
    derivation compares naive UTC times throughout."""
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    if value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _py_day(value: Any) -> dt.date:
    """A date from a driver value (SQLite text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _violations(contract_id: int, first: dt.date, last: dt.date,
                hand_days: set[tuple[int, dt.date]]) -> list[AttendanceRecord]:
    """Worked before the entry check (the first punch before approval, once per person) and
    replacements without due notice (on the day they took effect)."""
    out = []
    decided = dict(Person.objects.filter(contract_id=contract_id).values_list(
        "pk", "entry_decided_at").filter(entry_status=EntryStatus.APPROVED))
    for pk, first_time in Punch.objects.filter(contract_id=contract_id).values(
            "person_id").annotate(first=Min("time")).values_list("person_id", "first"):
        approved_at = decided.get(pk)
        if approved_at is not None and first_time >= approved_at:
            continue
        local = timezone.localtime(first_time, TZ)
        day = local.date()
        if first <= day <= last and (pk, day) not in hand_days:
            out.append(AttendanceRecord(contract_id=contract_id, person_id=pk, day=day,
                                        kind=AttendanceKind.UNCHECKED_ENTRY,
                                        evidence=f"{local:%Y-%m-%d %H:%M}"))
    for r in ReplacementRequest.objects.filter(contract_id=contract_id, with_notice=False,
                                               effective_on__gte=first, effective_on__lte=last):
        out.append(AttendanceRecord(contract_id=contract_id, person_id=r.leaving_id,
                                    day=r.effective_on,
                                    kind=AttendanceKind.REPLACED_WITHOUT_NOTICE,
                                    evidence=f"staffing.replacementrequest:{r.pk}"))
    return out


def on_duty(contract_ids: list[int], at: dt.datetime) -> list[RosterShift]:
    """The shifts running at `at` on these contracts, with their people."""
    return list(RosterShift.objects.filter(contract_id__in=contract_ids, starts__lte=at,
                                           ends__gt=at).select_related(
                                               "person", "pattern__post", "contract")
                .order_by("pattern__post__name", "starts"))

