"""Test fixtures: one operations object of every kind on a test world's contract."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def make_operations(side: Any, tag: str) -> dict[str, Any]:
    """A level, an accident (opened from the side's work order, its report in, one item of
    evidence uploaded), terms, a policy, a record, a change and a vulnerability; sets
    `side.operations` (model name -> object) and returns them keyed "operations.<model>"."""
    from django.core.files.base import ContentFile

    from yunwei.core import context

    from . import actions
    from .models import (
        AccidentLevel,
        Change,
        OperationsPolicy,
        OperationsRecord,
        OperationsTerm,
        Vulnerability,
        VulnerabilityDeadline,
    )

    with context.acting(None, source="test"):
        at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
        c = side.contract
        level = AccidentLevel.objects.create(contract=c, code="1", name=f"{tag} 一级事故",
                                             report_hours=Decimal(12))
        accident = actions.do_open_accident(c, actor=side.users["vendor_pm"],
                                            title=f"{tag} 视频会议中断", occurred_at=at,
                                            work_orders=[side.work_order])
        actions.do_set_preliminary_level(accident, actor=side.users["vendor_pm"], level=level)
        actions.do_submit_report(accident, actor=side.users["vendor_pm"],
                                 file=ContentFile(b"report", name="report.txt"), at=at)
        evidence = actions.do_add_evidence(accident, actor=side.users["vendor_pm"],
                                           kind="handling_log",
                                           file=ContentFile(b"log", name="log.txt"))
        objects = {
            "accidentlevel": level,
            "accident": accident,
            "accidentevidence": evidence,
            "operationsterm": OperationsTerm.objects.create(contract=c, kind="drill", maximum=4),
            "vulnerabilitydeadline": VulnerabilityDeadline.objects.create(
                contract=c, severity="high", hours=Decimal(72)),
            "operationspolicy": OperationsPolicy.objects.create(contract=c, repeat_window_days=30),
            "operationsrecord": OperationsRecord.objects.create(
                contract=c, kind="drill", title=f"{tag} 应急演练", performed_at=at,
                file=ContentFile(b"plan", name="plan.txt")),
            "change": Change.objects.create(contract=c, title=f"{tag} 变更", requested_at=at),
            "vulnerability": actions.do_schedule_vulnerability(Vulnerability.objects.create(
                contract=c, title=f"{tag} 漏洞", severity="high", found_at=at)),
        }
        side.operations = objects
        return {f"operations.{key}": obj for key, obj in objects.items()}

