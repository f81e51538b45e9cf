"""The staffing measures the assessment can count (registered from AppConfig.ready())."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from yunwei.core.measures import Measure
from yunwei.scoring.engine import Event, Value
from yunwei.worktime import TZ

from . import rules
from .choices import AttendanceKind

COMPENSATORY = "compensatory_unreported"
#: Attendance kinds the schemes' `attendance` measure knows (approved leave is not an event).
SCHEME_KINDS = ("present", "late", "early", "absent", "leave_unreported", "unchecked_entry",
                "replaced_without_notice")


def _days(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    """The local days of [start, end) as an inclusive range."""
    first = timezone.localtime(start, TZ).date() if timezone.is_aware(start) else start.date()
    last_moment = end - dt.timedelta(microseconds=1)
    last = (timezone.localtime(last_moment, TZ).date() if timezone.is_aware(last_moment)
            else last_moment.date())
    return first, last


def collect_attendance(contract: Any, start: dt.datetime, end: dt.datetime) -> list[Event]:
    """One event per attendance record: kind, person, minutes; the record as evidence."""
    from .models import AttendanceRecord

    first, last = _days(start, end)
    rows = AttendanceRecord.objects.filter(
        contract_id=contract.pk, day__gte=first, day__lte=last,
        kind__in=(*SCHEME_KINDS, COMPENSATORY),
    ).values_list("pk", "day", "kind", "person__name", "minutes").order_by("day", "pk")
    out = []
    for pk, day, kind, name, minutes in rows:
        # time off in lieu taken without a request is time off not reported, to the schemes
        scheme_kind = "leave_unreported" if kind == COMPENSATORY else kind
        out.append(Event("attendance", day, f"staffing.attendancerecord:{pk}",
                         f"{day} {name} {AttendanceKind(kind).label}",
                         {"kind": scheme_kind, "person": name, "minutes": minutes}))
    return out


def collect_in_lieu(contract: Any, start: dt.datetime, end: dt.datetime) -> list[Event]:
    """One event per unreported time off in lieu (调休): the person, the shift missed and the
    day worked off the roster that it was taken for (its punches are the record's evidence)."""
    from .models import AttendanceRecord, Punch

    first, last = _days(start, end)
    rows = list(AttendanceRecord.objects.filter(
        contract_id=contract.pk, day__gte=first, day__lte=last, kind=COMPENSATORY,
    ).values_list("pk", "day", "person__name", "shift__pattern__name", "evidence")
        .order_by("day", "pk"))
    ids = {int(x) for *_r, ev in rows for x in ev.split(",") if x.isdigit()}
    worked = {pk: timezone.localtime(t, TZ).date()
              for pk, t in Punch.objects.filter(pk__in=ids).values_list("pk", "time")}
    out = []
    for pk, day, name, shift, evidence in rows:
        keys = [int(x) for x in evidence.split(",") if x.isdigit()]
        on = worked.get(keys[0]) if keys else None
        out.append(Event("staffing_unreported_lieu", day, f"staffing.attendancerecord:{pk}",
                         f"{day} {name}", {"person": name, "shift": shift or "",
                                           "worked_on": on.isoformat() if on else ""}))
    return out


def collect_shortfalls(contract: Any, start: dt.datetime, end: dt.datetime) -> list[Event]:
    """One event per post's shift and day rostered below the required headcount."""
    from .actions import coverage

    first, last = _days(start, end)
    names = _names(contract.pk)
    return [Event("staffing_shortfall", row.day, f"staffing.shiftpattern:{row.pattern}",
                  f"{row.day} {names.get(row.pattern, '')}",
                  {"missing": row.shortfall, "post": names.get(("post", row.post), ""),
                   "required": row.required, "rostered": row.rostered})
            for row in coverage(contract.pk, first, last) if row.shortfall]


def collect_coverage(contract: Any, start: dt.datetime, end: dt.datetime) -> list[Value]:
    """Coverage achieved per month: person-shifts attended over person-shifts required, %."""
    from .actions import coverage

    first, last = _days(start, end)
    by_month: dict[str, list[rules.CoverageRow]] = defaultdict(list)
    for row in coverage(contract.pk, first, last):
        by_month[f"{row.day:%Y-%m}"].append(row)
    out = []
    for period, rows in sorted(by_month.items()):
        ratio = rules.coverage_ratio(rows)
        if ratio is not None:
            value = (Decimal(ratio) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
            out.append(Value("staffing_coverage", period, value, f"staffing.coverage:{period}",
                             f"{period} {value}%"))
    return out


def _names(contract_id: int) -> dict[Any, str]:
    from .models import ShiftPattern

    names: dict[Any, str] = {}
    for pk, name, post_id, post in ShiftPattern.objects.filter(
            contract_id=contract_id).values_list("pk", "name", "post_id", "post__name"):
        names[pk] = f"{post} {name}"
        names[("post", post_id)] = post
    return names


MEASURES = (
    Measure("attendance", "考勤", "attendance", "events", ("kind", "person", "minutes"),
            collect_attendance, app="staffing"),
    Measure("staffing_unreported_lieu", "未报备调休", "unreported time off in lieu", "events",
            ("person", "shift", "worked_on"), collect_in_lieu, app="staffing"),
    Measure("staffing_shortfall", "排班缺口", "roster shortfall", "events",
            ("missing", "post", "required", "rostered"), collect_shortfalls, app="staffing"),
    Measure("staffing_coverage", "在岗覆盖率", "staffing coverage", "values", (),
            collect_coverage, app="staffing"),
)
