"""What every work-order action shares: errors, timeline events, clocks and deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from yunwei.calendars.models import SlaClockRecord
from yunwei.contracts.models import Contract
from yunwei.core.errors import Refused

from ..models import DeskSettings, WorkOrder, WorkOrderEvent

MAX_ATTACHMENT = 20 * 1024 * 1024
CLOCK_LABELS = {"response": "报告", "on_site": "报告", "resolution": "受理"}


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


def _sync_deadlines(wo: WorkOrder) -> None:
    for record in SlaClockRecord.objects.filter(subject_type="workorders.workorder",
                                                subject_id=str(wo.pk)).select_related("target"):
        field = DEADLINE_FIELDS.get(record.target.metric)
        if field:
            setattr(wo, field, record.deadline)
        if record.target.metric == "resolution" and record.breached:
            wo.sla_breached = True


def clocks_of(wo: WorkOrder) -> list[SlaClockRecord]:
    """The work order's SLA clocks."""
    return list(SlaClockRecord.objects.filter(subject_type="workorders.workorder",
                                              subject_id=str(wo.pk))
                .select_related("target__calendar").order_by("id"))


DEADLINE_FIELDS = {"response": "response_deadline", "on_site": "on_site_deadline",
                   "resolution": "resolution_deadline"}
