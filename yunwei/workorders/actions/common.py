"""What every work-order action shares: errors, timeline events, clocks and deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from yunwei.calendars.choices import ClockState
from yunwei.calendars.models import SlaClockRecord
from yunwei.contracts.models import Contract
from yunwei.core.errors import Refused

from ..models import DeskSettings, WorkOrder, WorkOrderEvent

MAX_ATTACHMENT = 20 * 1024 * 1024
#: Every clock of an order starts at its report time (a call taken earlier: the time given).
CLOCK_LABELS = {"response": "报告", "on_site": "报告", "resolution": "报告"}


class Conflict(Exception):
    """The work order changed since the user loaded it."""

    def __init__(self, work_order: WorkOrder) -> None:
        self.work_order = work_order
        super().__init__("该工单已被他人更新，请查看最新状态后重试 / "
                         "someone else changed this work order: check its new state and retry")


class InputError(Refused):
    """Bad input to a work-order action; `str()` gives 'Chinese / English'."""


def desk_settings(contract: Contract) -> DeskSettings | None:
    """The contract's desk settings, if any."""
    return DeskSettings.objects.filter(contract=contract).select_related("sla_policy").first()


def _event(wo: WorkOrder, kind: str, actor: Any, at: dt.datetime, *, from_state: str = "",
           to_state: str = "", note: str = "", data: dict[str, Any] | None = None
           ) -> WorkOrderEvent:
    """Add an entry to the work order's timeline."""
    return WorkOrderEvent.objects.create(
        work_order=wo, kind=kind, from_state=from_state, to_state=to_state,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(actor.get_full_name() or actor.username) if getattr(actor, "pk", None)
        else "系统", at=at, note=note, data=data or {})


def copy_deadlines(wo: WorkOrder, records: list[SlaClockRecord]) -> list[str]:
    """Set the work order's stored copies of its clocks (the one place that writes them):
    each metric's deadline, `sla_breached` when any clock recorded a breach, and
    `next_deadline`, the earliest deadline of its running clocks (what the overdue and due-soon
    queues read). Returns the names of the fields that changed (no query, no write)."""
    values: dict[str, Any] = dict.fromkeys(DEADLINE_FIELDS.values())
    values["sla_breached"] = False
    running = []
    for record in records:
        field = DEADLINE_FIELDS.get(record.target.metric)
        if field:
            values[field] = record.deadline
        values["sla_breached"] = values["sla_breached"] or record.breached
        if record.state == ClockState.RUNNING and record.deadline is not None:
            running.append(record.deadline)
    values["next_deadline"] = min(running, default=None)
    changed = [name for name, value in values.items() if getattr(wo, name) != value]
    for name in changed:
        setattr(wo, name, values[name])
    return changed


def _sync_deadlines(wo: WorkOrder) -> list[str]:
    """Refresh the copies from the stored clocks (the caller saves the order)."""
    return copy_deadlines(wo, clocks_of(wo))


def rewrite_copies(subject_ids: list[str]) -> None:
    """After calendars recomputed clocks (holidays or hours changed): rewrite the copies of
    these work orders, each under its row lock (the version users edit against is kept)."""
    ids = [int(i) for i in subject_ids]
    records: dict[str, list[SlaClockRecord]] = {}
    for record in SlaClockRecord.objects.filter(
            subject_type=WorkOrder._meta.label_lower, subject_id__in=subject_ids
    ).select_related("target").order_by("id"):
        records.setdefault(record.subject_id, []).append(record)
    for wo in WorkOrder.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        changed = copy_deadlines(wo, records.get(str(wo.pk), []))
        if changed:
            wo.save(update_fields=[*changed, "updated"])


def lock_orders(subject_ids: list[str]) -> None:
    """Lock these work orders' rows in id order (before a recompute locks their clocks, as
    every lifecycle step does: the order, then its clocks)."""
    ids = sorted(int(i) for i in subject_ids)
    for start in range(0, len(ids), 1000):
        list(WorkOrder.objects.select_for_update().filter(pk__in=ids[start:start + 1000])
             .order_by("pk").values_list("pk", flat=True))


def clocks_of(wo: WorkOrder) -> list[SlaClockRecord]:
    """The work order's SLA clocks."""
    return list(SlaClockRecord.objects.filter(subject_type="workorders.workorder",
                                              subject_id=str(wo.pk))
                .select_related("target", "terms__calendar").order_by("id"))


DEADLINE_FIELDS = {"response": "response_deadline", "on_site": "on_site_deadline",
                   "resolution": "resolution_deadline"}
