"""Import past records in the simulation format (docs/domains/assessment.md) into a contract,
so last year's work can be assessed on the platform. Idempotent: importing the same file twice
adds nothing the second time (work orders by number, records by their natural keys)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from yunwei.scoring import simulate as sim
from yunwei.workorders.choices import ConfirmMethod, State
from yunwei.workorders.models import Evaluation, WorkOrder

from .models import Accident, ManualEntry, PersonnelRecord, Praise, QuarterEvaluation


@transaction.atomic
def import_records(contract: Any, data: dict[str, Any], actor: Any = None) -> dict[str, int]:
    """Create what the file holds and the contract does not have yet; returns the counts.
    A file of the general format (`yunwei.simulation/1`) brings the payment milestones of its
    scheme (`import_payment_terms`)."""
    from yunwei.scoring.engine import simulate as general

    if general.is_new_format(data):
        return import_payment_terms(contract, data)
    sim.run(data)  # validate everything first: a bad file imports nothing
    counts = dict.fromkeys(("work_orders", "accidents", "personnel", "evaluations", "praises",
                            "manual"), 0)
    for i, item in enumerate(sim._items(data, "work_orders")):
        where = f"work_orders[{i}]"
        number = str(item.get("number") or "")
        if not number:
            raise sim.SimulationError(where, "导入时工单必须有编号", "a number is required")
        if WorkOrder.objects.filter(contract=contract, number=number).exists():
            continue
        issued = sim._time(item.get("issued"), where)
        resolved = sim._time(item.get("resolved"), where)
        year = issued.year
        # Imported history keeps its own numbers; its sequence stays clear of live numbering.
        seq = 900000 + WorkOrder.objects.filter(contract=contract, year=year).count() + 1
        wo = WorkOrder(contract=contract, number=number, year=year, seq=seq,
                       title=str(item.get("title") or f"历史工单 {number}"), channel="api",
                       level_code=str(item.get("urgency", "normal")), reported_at=issued,
                       resolved_at=resolved, closed_at=resolved if item.get("signed", True)
                       else None, state=State.CLOSED if resolved else State.IN_PROGRESS,
                       requester_name="历史导入",
                       problem_analysis="（导入）" if item.get("steps_recorded", True) else "",
                       resolution_steps="（导入）" if item.get("steps_recorded", True) else "",
                       verification="（导入）" if item.get("steps_recorded", True) else "")
        wo.refresh_search_text()
        wo.save()
        if resolved and item.get("signed", True):
            Evaluation.objects.create(work_order=wo, rating=item.get("rating") or "satisfied",
                                      method=ConfirmMethod.PHONE, confirmed_by_name="历史导入",
                                      confirmed_at=resolved, comment="导入的历史记录")
        counts["work_orders"] += 1
    for i, item in enumerate(sim._items(data, "accidents")):
        ref = str(item.get("ref") or f"ACC-{i + 1}")
        _, made = Accident.objects.get_or_create(
            contract=contract, ref=ref, defaults={
                "level": int(item["level"]), "occurred_at": sim._time(item["occurred"], ref),
                "report_submitted_at": sim._time(item.get("report_submitted"), ref),
                "evidence": "导入", "entered_by": actor})
        counts["accidents"] += made
    for i, item in enumerate(sim._items(data, "personnel")):
        day = sim._date(item.get("date"), f"personnel[{i}]")
        _, made = PersonnelRecord.objects.get_or_create(
            contract=contract, kind=item["kind"], person=str(item.get("person", "")),
            date=day, defaults={"minutes": int(item.get("minutes") or 0), "evidence": "导入",
                                "entered_by": actor})
        counts["personnel"] += made
    for item in sim._items(data, "quarterly_evaluations"):
        _, made = QuarterEvaluation.objects.get_or_create(
            contract=contract, quarter=str(item["quarter"]), unit=str(item.get("unit", "")),
            defaults={"rating": item["rating"], "evidence": "导入", "entered_by": actor})
        counts["evaluations"] += made
    for item in sim._items(data, "praises"):
        _, made = Praise.objects.get_or_create(
            contract=contract, event=str(item["event"]), level=str(item["level"]),
            defaults={"date": sim._date(item.get("date") or dt.date(int(data.get("year") or
                                                                      dt.date.today().year),
                                                                  12, 31), "praises"),
                      "checked": bool(item.get("checked", True)), "evidence": "导入",
                      "entered_by": actor})
        counts["praises"] += made
    for item in sim._items(data, "manual"):
        day = sim._date(item.get("date") or f"{data.get('year')}-12-31", "manual")
        _, made = ManualEntry.objects.get_or_create(
            contract=contract, rule=str(item["rule"]), evidence=str(item["evidence"]), date=day,
            defaults={"count": int(item.get("count") or 1), "entered_by": actor})
        counts["manual"] += made
    return counts


def import_payment_terms(contract: Any, data: dict[str, Any]) -> dict[str, int]:
    """The payment milestones of a general simulation file's scheme (a template name or the
    scheme itself) as the contract's milestone rows, exactly as `take_milestones` does for a
    saved definition (facts kept); the file is checked whole first and its contract total must
    be the contract's, so the rows are the instalments `assess simulate` prints."""
    from yunwei.scoring.engine import simulate as general
    from yunwei.scoring.engine.errors import fail
    from yunwei.scoring.money import yuan

    from .actions import take_milestones
    from .definition import milestones_given, template_data

    general.run(data)  # a bad file imports nothing
    total = yuan(data["contract"]["total"])
    if total != yuan(contract.amount):
        raise fail("contract.total", f"文件的合同总额 {total} 元与合同 {contract.number} 的总额 "
                   f"{yuan(contract.amount)} 元不符",
                   f"the file's contract total {total} is not contract {contract.number}'s "
                   f"{yuan(contract.amount)}")
    scheme = data.get("scheme")
    raw = scheme if isinstance(scheme, dict) else template_data(str(scheme or "")) or {}
    items = milestones_given(raw) or []
    if items:
        take_milestones(contract, items, from_template=not isinstance(scheme, dict))
    return {"milestones": len(items)}
