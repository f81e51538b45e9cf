"""The staffing section of the periodic O&M report (registered with core.report_sections).

The figures come from what the assessment counts: the coverage is `rules.coverage_ratio`
over `actions.coverage` (the `staffing_coverage` measure), attendance counts the events of the
registry's `attendance` measure from every app that supplies it (this app's records and the
personnel records entered by hand in the assessment), so the report and the score page agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from yunwei.core import measures
from yunwei.worktime import TZ

from . import rules
from .choices import AttendanceKind


def figures(contract: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Coverage (person-shifts attended / required, %), roster shortfalls and attendance
    records by kind for the days start..end."""
    from .actions import coverage

    rows = coverage(contract.pk, start, end)
    ratio = rules.coverage_ratio(rows)
    nxt = end + dt.timedelta(days=1)
    kinds = Counter(e.attrs.get("kind") for e in measures.collect(
        contract, ["attendance"], dt.datetime(start.year, start.month, start.day, tzinfo=TZ),
        dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=TZ)))
    return {
        "required": sum(r.required for r in rows),
        "attended": sum(min(r.required, r.attended) for r in rows),
        "coverage": None if ratio is None else round(ratio * 100, 2),
        "shortfalls": sum(1 for r in rows if r.shortfall),
        "missing": sum(r.shortfall for r in rows if r.shortfall),
        "attendance": {k: kinds.get(k, 0) for k in AttendanceKind.values if k != "leave"},
    }


def build(contract: Any, start: dt.date, end: dt.date) -> dict[str, Any] | None:
    """The section, or None when the contract has no roster and no attendance in the period."""
    f = figures(contract, start, end)
    if not f["required"] and not any(f["attendance"].values()):
        return None
    labels = dict(AttendanceKind.choices)
    coverage = "—" if f["coverage"] is None else f"{f['coverage']}"
    link = reverse("staffing:attendancerecord_list") + "?" + urlencode({"contract": contract.pk})
    rows = [[str(labels[k]), n] for k, n in f["attendance"].items() if n]
    return {
        "title": _("Staffing: attendance and coverage"),
        "paragraphs": [
            _("Staffing coverage %(coverage)s%%: %(attended)s of %(required)s required "
              "person-shifts attended; %(shortfalls)s shifts rostered short (%(missing)s "
              "people missing).") % {**f, "coverage": coverage},
        ],
        "tables": [{"caption": _("Attendance records by kind"),
                    "header": [_("Kind"), _("Records")], "rows": rows}],
        "charts": [{"title": _("Attendance records by kind"), "unit": "",
                    "labels": [r[0] for r in rows], "values": [r[1] for r in rows]}],
        "records": [("staffing.attendancerecord:*", _("Attendance records of the period"),
                     link)],
        "figures": f,
    }


def plan(contract: Any, first: dt.date, last: dt.date) -> dict[str, Any] | None:
    """The report's next-period plan: each month's roster (published, draft or none yet)
    with the person-shifts required and rostered, and those rostered short; None when no
    shift is required then."""
    from .actions import coverage, roster_state
    from .choices import RosterStatus

    rows = coverage(contract.pk, first, last)
    if not rows:
        return None
    statuses = dict(RosterStatus.choices)
    out, records = [], []
    month = first.replace(day=1)
    while month <= last:
        nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        days = [r for r in rows if month <= r.day < nxt]
        roster = roster_state(contract.pk, month)
        out.append([month.strftime("%Y-%m"),
                    str(statuses[roster.status]) if roster else _("Not drafted yet"),
                    sum(r.required for r in days), sum(min(r.required, r.rostered) for r in days),
                    sum(1 for r in days if r.shortfall)])
        records.append((f"staffing.rostermonth:{roster.pk if roster else '*'}",
                        _("Roster of %(month)s") % {"month": month.strftime("%Y-%m")},
                        reverse("staffing:roster") + "?" + urlencode(
                            {"contract": contract.pk, "month": month.strftime("%Y-%m")})))
        month = nxt
    return {"title": _("Duty roster"),
            "header": [_("Month"), _("Roster"), _("Person-shifts required"),
                       _("Person-shifts rostered"), _("Shifts rostered short")],
            "rows": out, "records": records}


def register() -> None:
    """Called from StaffingConfig.ready()."""
    from yunwei.core import report_sections

    report_sections.register(report_sections.ReportSection(
        "staffing", build, order=40, app="staffing"))
    report_sections.register_plan(report_sections.PlanSource(
        "staffing", plan, order=20, app="staffing"))
