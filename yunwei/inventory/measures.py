"""The inventory's measures for the assessment (registered from apps.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from . import fields as fieldrules
from . import reports
from .choices import Outcome
from .models import ConfigItem, ItemType, RoundResult


def _days(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    return (timezone.localtime(start).date(),
            timezone.localtime(end - dt.timedelta(microseconds=1)).date())


def inspections(contract: Any, start: dt.datetime, end: dt.datetime) -> Iterable[Any]:
    """One event per round whose window ends in the range: status on_time / late / missed /
    pending, with its items due and done."""
    from yunwei.scoring.engine import Event

    first, last = _days(start, end)
    report = reports.completeness(contract.pk, first, last)
    for line in report.lines:
        r = line.round
        yield Event("inspection", r.due, f"inventory.inspectionround:{r.pk}", str(r),
                    {"status": line.status, "frequency": r.plan.frequency,
                     "items_due": r.items_due, "items_done": line.items_done,
                     "abnormal": line.abnormal})


def abnormal_open(contract: Any, start: dt.datetime, end: dt.datetime) -> Iterable[Any]:
    """Abnormal checks found in the range whose work order is not closed (or has none)."""
    from yunwei.scoring.engine import Event

    rows = RoundResult.objects.filter(
        contract_id=contract.pk, outcome=Outcome.ABNORMAL, checked_at__gte=start,
        checked_at__lt=end).exclude(work_order__state="closed").select_related("item", "point")
    for r in rows:
        yield Event("inspection_abnormal_open", r.checked_at, f"inventory.roundresult:{r.pk}",
                    str(r), {"item": r.item.code, "work_order": r.work_order_id or 0})


#: what a scheme may choose the availability's items by (a threshold's `filter`)
AVAILABILITY_FILTERS = (("item_type", "配置项类型", "item type"), ("item", "配置项", "item"))


def availability(contract: Any, start: dt.datetime, end: dt.datetime) -> Iterable[Any]:
    """One value per target and month: the availability in percent, tagged with the item's
    type code and its code (a scheme's threshold may read the database items only)."""
    from yunwei.scoring.engine import Value

    first, last = _days(start, end)
    for line in reports.availability_table(contract.pk, first, last):
        item = line.target.item
        tags = {"item_type": item.item_type.code, "item": item.code}
        for p in line.periods:
            yield Value("availability", p.period, p.percent,
                        f"inventory.configitem:{line.target.item_id}",
                        f"{item} {p.percent}%（停机 {p.down_minutes} 分钟）", tags)


def ledger_completeness(contract: Any, start: dt.datetime, end: dt.datetime) -> Iterable[Any]:
    """One value per month: the percentage of items whose required fields are all filled."""
    from yunwei.scoring.engine import Value

    first, last = _days(start, end)
    schemas = {t.pk: t.fields for t in ItemType.objects.filter(contract=contract)}
    items = list(ConfigItem.objects.filter(contract=contract).exclude(status="retired")
                 .values_list("item_type_id", "attrs"))
    full = sum(1 for t, attrs in items if fieldrules.complete(schemas.get(t, []), attrs or {}))
    value = (Decimal(full * 100) / len(items)).quantize(Decimal("0.01")) if items \
        else Decimal("100.00")
    tz = timezone.get_current_timezone()
    from . import availability as av

    for code, _a, _b in av.months(first, last, tz):
        yield Value("ledger_completeness", code, value, f"contracts.contract:{contract.pk}",
                    f"{full}/{len(items)}")


def register_all() -> None:
    """Register the measures with core."""
    from yunwei.core.measures import Measure, register

    register(Measure("inspection", "巡检", "inspection", "events",
                     ("status", "frequency", "items_due", "items_done", "abnormal"),
                     inspections, app="inventory"))
    register(Measure("inspection_abnormal_open", "巡检异常未关闭", "abnormal checks left open",
                     "events", ("item", "work_order"), abnormal_open, app="inventory"))
    register(Measure("availability", "可用性", "availability", "values", (), availability,
                     app="inventory", filters=AVAILABILITY_FILTERS))
    register(Measure("ledger_completeness", "台账完整率", "ledger completeness", "values", (),
                     ledger_completeness, app="inventory"))
