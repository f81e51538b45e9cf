"""The work-order measure of the assessment registry (yunwei.core.measures): one event per work
order issued in the range, with the resolution clock's verdict. Registration only: the scheme's
rules are the assessment's business.

`urgency` carries the order's level code as it is: the assessment maps it to the scheme's class
through the scheme's level map (an unmapped level is a problem shown to the agency, never a
guess). `deadline` is the resolution clock's deadline; `overdue_hours` is given only for a
stopped clock, from what the clock counted (its calendar, pauses and extensions), so the engine
never replaces the clock by wall-clock arithmetic. Two queries, whatever the number of orders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Cast

from yunwei.core import measures

ATTRIBUTES = ("urgency", "resolved", "deadline", "signed", "rating", "steps_recorded",
              "archived", "overdue_hours")
_HOUR = Decimal(3600)


def _instant(text: str | None) -> dt.datetime | None:
    """A datetime column read as SQLite stores it (UTC text), without Django's per-value
    converters (a third of the time at 100,000 orders)."""
    return dt.datetime.fromisoformat(text + "+00:00") if text else None  # (4x .replace())


def _times(*fields: str) -> tuple[list[Any], Any]:
    """The datetime fields to select and how to read them: as text on SQLite, else as is."""
    if connection.vendor == "sqlite":
        return [Cast(f, CharField()) for f in fields], _instant
    return list(fields), None


def collect(contract: Any, start: dt.datetime, end: dt.datetime) -> list[Any]:
    """The work orders issued in [start, end) as engine events."""
    from yunwei.calendars.models import SlaClockRecord
    from yunwei.scoring.engine import Event

    from .models import WorkOrder

    contract_id = getattr(contract, "pk", contract)
    (deadline_col,), read = _times("deadline")
    clocks: dict[str, tuple[str, Any, Any]] = {
        subject: (state, read(deadline) if read else deadline, remaining)
        for subject, state, deadline, remaining in SlaClockRecord.objects.filter(
            contract_id=contract_id, subject_type="workorders.workorder",
            target__metric="resolution", started_at__gte=start - dt.timedelta(days=1),
            started_at__lt=end).values_list("subject_id", "state", deadline_col,
                                            "remaining_seconds")}
    (reported_col, resolved_col), read = _times("reported_at", "resolved_at")
    rows = (WorkOrder.objects.filter(contract_id=contract_id, reported_at__gte=start,
                                     reported_at__lt=end)
            .annotate(steps=Case(When(~Q(problem_analysis="") & ~Q(resolution_steps="")
                                      & ~Q(verification=""), then=Value(True)),
                                 default=Value(False)))
            .order_by("reported_at", "id")
            .values_list("pk", "number", "level_code", reported_col, resolved_col, "steps",
                         "evaluation__rating", "evaluation__id"))
    events = []
    for pk, number, level, reported, resolved, steps, rating, evaluation_id in rows:
        if read is not None:
            reported, resolved = read(reported), read(resolved)
        state, deadline, remaining = clocks.get(str(pk), ("", None, None))
        overdue = None
        if state == "stopped" and remaining is not None:
            overdue = Decimal(-remaining) / _HOUR
        events.append(Event("work_order", reported, f"workorders.workorder:{pk}", number, {
            "urgency": level, "resolved": resolved, "deadline": deadline,
            "signed": evaluation_id is not None, "rating": rating,
            "steps_recorded": bool(steps), "overdue_hours": overdue}))
    return events


def register() -> None:
    """Register the work-order measure (from WorkOrdersConfig.ready)."""
    measures.register(measures.Measure("work_order", "工单", "work order", "events", ATTRIBUTES,
                                       collect, app="workorders"))
