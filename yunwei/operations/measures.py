"""The measures this app supplies to the assessment (registered in apps.py).

Attributes are a superset of what a scheme reads: a caller passes the engine only the
attributes its scheme declares (the engine refuses undeclared ones).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from yunwei.core.measures import Measure

from .choices import RecordKind
from .models import Accident, Change, OperationsRecord, Vulnerability

ACCIDENT_ATTRS = ("level", "report_submitted", "report_deadline", "final_level", "repeat",
                  "human_error", "mixed_fault")


def _event(*args: Any, **kw: Any) -> Any:
    from yunwei.scoring.engine import Event

    return Event(*args, **kw)


def accidents(contract: Any, start: dt.datetime, end: dt.datetime) -> Iterator[Any]:
    """One event per accident with a level: the level that counts (final once graded), the
    report's submission and deadline, the final level and the repeat flag."""
    rows = (Accident.objects.filter(contract=contract, occurred_at__gte=start,
                                    occurred_at__lt=end)
            .select_related("preliminary_level", "final_level").order_by("occurred_at", "pk"))
    for acc in rows:
        level = acc.level
        if level is None:
            continue
        yield _event("accident", acc.occurred_at, f"operations.accident:{acc.pk}",
                     f"事故 {acc.title}", {
                         "level": level.code,
                         "report_submitted": acc.report_submitted_at,
                         "report_deadline": acc.report_deadline,
                         "final_level": acc.final_level.code if acc.final_level else None,
                         "repeat": acc.is_repeat,
                         "human_error": acc.human_error,
                         "mixed_fault": acc.mixed_fault,
                     })


def records_of(kind: str):
    """A collector of one kind of operations record (one event each, for min/max counting)."""
    def collect(contract: Any, start: dt.datetime, end: dt.datetime) -> Iterator[Any]:
        from yunwei.scoring.engine import Event

        label = str(RecordKind(kind).label)
        rows = OperationsRecord.objects.filter(contract=contract, kind=kind,
                                               performed_at__gte=start, performed_at__lt=end)
        for pk, at, title, result in rows.order_by("performed_at", "pk").values_list(
                "pk", "performed_at", "title", "result"):
            yield Event(kind, at, f"operations.operationsrecord:{pk}", f"{label} {title}",
                        {"result": result})
    return collect


def vulnerabilities_overdue(contract: Any, start: dt.datetime,
                            end: dt.datetime) -> Iterator[Any]:
    """One event per vulnerability whose deadline fell in the range and was missed (fixed late,
    or still unfixed when the range ended or now, whichever is first)."""
    now = min(end, timezone.now())
    rows = Vulnerability.objects.filter(contract=contract, deadline__gte=start,
                                        deadline__lt=min(end, now))
    for vul in rows.order_by("deadline", "pk"):
        late = vul.late_seconds(now)
        if late > 0:
            yield _event("vulnerability_overdue", vul.deadline,
                         f"operations.vulnerability:{vul.pk}", f"漏洞 {vul.title}", {
                             "severity": vul.severity, "deadline": vul.deadline,
                             "fixed": vul.fixed_at, "late_hours": round(late / 3600, 2)})


def unapproved_changes(contract: Any, start: dt.datetime, end: dt.datetime) -> Iterator[Any]:
    """One event per change worked without approval or outside its approved window."""
    rows = Change.objects.filter(contract=contract, started_at__gte=start, started_at__lt=end)
    for change in rows.order_by("started_at", "pk"):
        if change.unapproved:
            yield _event("unapproved_change", change.started_at,
                         f"operations.change:{change.pk}", f"变更 {change.title}", {
                             "approved": change.approved_at is not None,
                             "risk": change.risk})


def all_measures() -> list[Measure]:
    """Every measure of this app."""
    out = [
        Measure("accident", "事故", "accident", "events", ACCIDENT_ATTRS, accidents,
                app="operations"),
        Measure("vulnerability_overdue", "漏洞逾期未修复", "vulnerability past its deadline",
                "events", ("severity", "deadline", "fixed", "late_hours"),
                vulnerabilities_overdue, app="operations"),
        Measure("unapproved_change", "未经批准的变更", "unapproved change", "events",
                ("approved", "risk"), unapproved_changes, app="operations"),
    ]
    labels_en = {k.value: k.name.lower().replace("_", " ") for k in RecordKind}
    zh = {"backup": "备份", "restore_test": "恢复测试", "drill": "应急演练",
          "special_duty": "重保值守", "training": "培训", "maintenance": "巡检维护"}
    for kind in RecordKind.values:
        out.append(Measure(kind, zh[kind], labels_en[kind], "events", ("result",),
                           records_of(kind), app="operations"))
    return out


