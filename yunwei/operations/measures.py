"""The measures this app supplies to the assessment (registered in apps.py).

Attributes are a superset of what a scheme reads: a caller passes the engine only the
attributes its scheme declares (the engine refuses undeclared ones).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from yunwei.core.measures import Measure

from .choices import RecordKind, StepKind
from .models import Accident, AccidentStep, Change, OperationsRecord, Vulnerability

ACCIDENT_ATTRS = ("level", "report_submitted", "report_deadline", "final_level", "repeat",
                  "human_error", "mixed_fault")


def _event(*args: Any, **kw: Any) -> Any:
    from yunwei.scoring.engine import Event

    return Event(*args, **kw)


def _name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else _("(unknown)")


def accident_label(acc: Accident, level: Any, steps: list[Any]) -> str:
    """What the score page says of an accident's line: where it comes from, which accident,
    its level and who set it (the agency's final grading after the three parties' positions,
    a later change, or the vendor's preliminary level), the hand entry it replaces."""
    who = {}
    for step in steps:  # in order: the latest of each kind wins
        who[step.kind] = step
    if acc.final_level_id:
        last = who.get(StepKind.LEVEL_CHANGED) or who.get(StepKind.FINAL)
        how = (_("level changed by %(who)s on %(day)s") if last is not None
               and last.kind == StepKind.LEVEL_CHANGED
               else _("graded jointly, recorded by %(who)s on %(day)s"))
    else:
        last = who.get(StepKind.PRELIMINARY)
        how = _("preliminary level by %(who)s on %(day)s, not yet graded")
    done = how % {"who": _name(last.actor if last else None),
                  "day": f"{timezone.localtime(last.at):%Y-%m-%d}" if last else "—"}
    fmt = (_("Operations accident record: %(title)s (%(level)s; %(how)s), replacing the "
             "accident entered by hand in the assessment") if acc.replaces_entry
           else _("Operations accident record: %(title)s (%(level)s; %(how)s)"))
    return fmt % {"title": acc.title, "level": level.name or level.code, "how": done}


def accidents(contract: Any, start: dt.datetime, end: dt.datetime) -> Iterator[Any]:
    """One event per accident with a level: the level that counts (final once graded), the
    report's submission and deadline, the final level and the repeat flag; labelled with the
    level and who set it (two queries, whatever the number of accidents)."""
    level_steps = Prefetch("steps", queryset=AccidentStep.objects.filter(
        kind__in=[StepKind.PRELIMINARY, StepKind.FINAL, StepKind.LEVEL_CHANGED])
        .select_related("actor").order_by("at", "id"), to_attr="level_steps")
    rows = (Accident.objects.filter(contract=contract, occurred_at__gte=start,
                                    occurred_at__lt=end)
            .select_related("preliminary_level", "final_level").prefetch_related(level_steps)
            .order_by("occurred_at", "pk"))
    for acc in rows:
        level = acc.level
        if level is None:
            continue
        yield _event("accident", acc.occurred_at, f"operations.accident:{acc.pk}",
                     accident_label(acc, level, acc.level_steps), {
                         "level": level.code,
                         "report_submitted": acc.report_submitted_at,
                         "report_deadline": acc.report_deadline,
                         "final_level": acc.final_level.code if acc.final_level else None,
                         "repeat": acc.is_repeat,
                         "human_error": acc.human_error,
                         "mixed_fault": acc.mixed_fault,
                     })


def replaced_entries(contract: Any) -> list[str]:
    """The hand-entered assessment accidents that this contract's operations accidents stand
    for: the measures registry leaves them out (one query)."""
    return list(Accident.objects.filter(contract=contract).exclude(replaces_entry="")
                .values_list("replaces_entry", flat=True))


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
                app="operations", replaces=replaced_entries),
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


