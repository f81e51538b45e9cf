"""The measures the assessment's own hand-entered records supply to the registry
(yunwei.core.measures) until the domain apps replace them: accident, attendance (from
PersonnelRecord), evaluation, praise. One query per measure, whatever the row count."""

from __future__ import annotations

import datetime as dt
from typing import Any

from yunwei.core import measures


def _id(contract: Any) -> int:
    return getattr(contract, "pk", contract)


def accidents(contract: Any, start: dt.datetime, end: dt.datetime) -> list[Any]:
    """Accidents that occurred in [start, end)."""
    from django.utils.translation import gettext as _

    from yunwei.scoring.engine import Event

    from .models import Accident

    return [Event("accident", at, f"assessment.accident:{pk}",
                  _("Entered by hand in the assessment: %(ref)s") % {"ref": ref},
                  {"level": level, "report_submitted": submitted})
            for pk, ref, level, at, submitted in Accident.objects.filter(
                contract_id=_id(contract), occurred_at__gte=start, occurred_at__lt=end)
            .order_by("occurred_at", "id")
            .values_list("pk", "ref", "level", "occurred_at", "report_submitted_at")]


def attendance(contract: Any, start: dt.datetime, end: dt.datetime) -> list[Any]:
    """Personnel records dated in [start, end)."""
    from yunwei.scoring.engine import Event

    from .models import PersonnelRecord

    return [Event("attendance", day, f"assessment.personnelrecord:{pk}",
                  f"{person} {evidence}".strip(),
                  {"kind": kind, "person": person, "minutes": minutes})
            for pk, kind, person, day, minutes, evidence in PersonnelRecord.objects.filter(
                contract_id=_id(contract), date__gte=start.date(), date__lt=end.date())
            .order_by("date", "id")
            .values_list("pk", "kind", "person", "date", "minutes", "evidence")]


def _quarter_start(quarter: str) -> dt.date | None:
    try:
        year, q = quarter.upper().split("Q")
        return dt.date(int(year), 3 * (int(q) - 1) + 1, 1)
    except ValueError:
        return None


def evaluations(contract: Any, start: dt.datetime, end: dt.datetime) -> list[Any]:
    """Quarterly evaluations whose quarter starts in [start, end)."""
    from yunwei.scoring.engine import Event

    from .models import QuarterEvaluation

    out = []
    for pk, quarter, unit, rating in QuarterEvaluation.objects.filter(
            contract_id=_id(contract)).order_by("quarter", "id").values_list(
            "pk", "quarter", "unit", "rating"):
        day = _quarter_start(quarter)
        if day is not None and start.date() <= day < end.date():
            out.append(Event("evaluation", day, f"assessment.quarterevaluation:{pk}",
                             f"{quarter} {unit}", {"rating": rating}))
    return out


def praises(contract: Any, start: dt.datetime, end: dt.datetime) -> list[Any]:
    """Praises dated in [start, end)."""
    from yunwei.scoring.engine import Event

    from .models import Praise

    return [Event("praise", day, f"assessment.praise:{pk}", f"{event} {evidence}".strip(),
                  {"event": event, "level": level, "checked": checked})
            for pk, event, level, checked, evidence, day in Praise.objects.filter(
                contract_id=_id(contract), date__gte=start.date(), date__lt=end.date())
            .order_by("date", "id")
            .values_list("pk", "event", "level", "checked", "evidence", "date")]


def _register(measure: measures.Measure) -> None:
    """Register the hand-entered records as one source of the measure: a domain app's own
    records (staffing's attendance, operations' accidents) count beside them."""
    measures.register(measure)


def register() -> None:
    """Register the assessment's own measures (from AssessmentConfig.ready)."""
    M = measures.Measure
    _register(M("accident", "事故", "accident", "events",
                        ("level", "report_submitted"), accidents, app="assessment"))
    _register(M("attendance", "考勤", "attendance", "events",
                        ("kind", "person", "minutes"), attendance, app="assessment"))
    _register(M("evaluation", "季度评价", "quarterly evaluation", "events",
                        ("rating",), evaluations, app="assessment"))
    _register(M("praise", "表扬", "praise", "events", ("event", "level", "checked"),
                        praises, app="assessment"))
