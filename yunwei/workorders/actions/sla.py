"""Worker job: SLA warnings and breaches of work orders, once each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from yunwei.calendars import actions as clocks
from yunwei.calendars.models import SlaClockRecord
from yunwei.contracts.models import Membership
from yunwei.core.roles import Role
from yunwei.worktime import CalendarError

from ..messages import params_of
from ..models import WorkOrder
from ..notify import notify
from .common import _event, _sync_deadlines


def watch_sla(now: dt.datetime | None = None) -> dict[str, int]:
    """Worker job: warn at the threshold, record and announce breaches, once each."""
    now = now or timezone.now()
    counts = {"warnings": 0, "breaches": 0}
    base = SlaClockRecord.objects.filter(subject_type="workorders.workorder", state="running")
    # Each step locks the order first, then its clock: the lifecycle's actions lock in that
    # order too, so a warning or breach recorded while the order moves cannot deadlock with it.
    due = base.filter(warned=False, warn_at__lte=now).values_list("pk", "subject_id")
    for record_id, subject_id in due:
        with transaction.atomic():
            wo = WorkOrder.objects.select_for_update().get(pk=int(subject_id))
            record = SlaClockRecord.objects.select_for_update(of=("self",)).select_related(
                "target").get(pk=record_id)
            if record.warned or record.state != "running":
                continue
            record.warned = True
            record.save()
            _event(wo, "sla_warning", None, now, data={"metric": record.target.metric})
            notify(_watchers(wo), wo, f"warning:{record.pk}", "sla_warning",
                   params_of(wo, metric=record.target.metric, deadline=record.deadline))
            counts["warnings"] += 1
    due = base.filter(breached=False, deadline__lte=now).values_list("pk", "subject_id")
    for record_id, subject_id in due:
        with transaction.atomic():
            wo = WorkOrder.objects.select_for_update().get(pk=int(subject_id))
            record = SlaClockRecord.objects.select_for_update(of=("self",)).select_related(
                "target", "terms__calendar").get(pk=record_id)
            if record.breached:
                continue
            try:
                new = clocks.store_status(record, clocks.engine_clock(record).status(now))
            except CalendarError:
                continue
            if not new:
                continue
            _event(wo, "sla_breach", None, now, data={"metric": record.target.metric})
            _sync_deadlines(wo)
            wo.save()
            notify(_watchers(wo), wo, f"breach:{record.pk}", "sla_breach",
                   params_of(wo, metric=record.target.metric))
            counts["breaches"] += 1
    return counts


def _watchers(wo: WorkOrder) -> list[Any]:
    pms = [m.user for m in Membership.objects.filter(contract_id=wo.contract_id,
                                                     role=Role.VENDOR_PM).select_related("user")]
    return [wo.assignee, *pms]
