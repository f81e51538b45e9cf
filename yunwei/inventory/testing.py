"""Test helpers of the inventory app: one object of every model of a contract."""

from __future__ import annotations

import datetime as dt
from typing import Any


def make_inventory(side: Any, tag: str) -> dict[str, Any]:
    """One object of every inventory model of the side's contract, keyed "inventory.<model>"
    (for the access matrix and this app's tests)."""
    from yunwei.inventory import models as inv

    c = side.contract
    t = inv.ItemType.objects.create(contract=c, code="vm", name=f"{tag} 主机", key_field="code")
    item = inv.ConfigItem.objects.create(contract=c, item_type=t, code=f"{tag}-H1",
                                         name=f"{tag} 云主机")
    tpl = inv.InspectionTemplate.objects.create(contract=c, item_type=t, name=f"{tag} 日巡检")
    check = inv.TemplateCheck.objects.create(contract=c, template=tpl, text=f"{tag} CPU")
    plan = inv.InspectionPlan.objects.create(contract=c, template=tpl, name=f"{tag} 巡检计划",
                                             frequency="daily", starts=dt.date(2026, 3, 2))
    rnd = inv.InspectionRound.objects.create(
        contract=c, plan=plan, period_start=dt.date(2026, 3, 2), period_end=dt.date(2026, 3, 2),
        due=dt.date(2026, 3, 2), items_due=1)
    start = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    from django.core.files.base import ContentFile

    photo_check = inv.TemplateCheck.objects.create(contract=c, template=tpl, position=2,
                                                   text=f"{tag} 机房照片")
    result = inv.RoundResult(contract=c, round=rnd, item=item, point=photo_check,
                             outcome="normal", checked_at=start)
    result.photo.save(f"{tag}.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    result.save()
    objects = {
        "itemtype": t, "configitem": item, "inspectiontemplate": tpl, "templatecheck": check,
        "inspectionplan": plan, "inspectionround": rnd, "roundresult": result,
        "outage": inv.Outage.objects.create(contract=c, item=item, start=start,
                                            end=start + dt.timedelta(hours=1),
                                            cause=f"{tag} 宕机"),
        "maintenancewindow": inv.MaintenanceWindow.objects.create(
            contract=c, start=start, end=start + dt.timedelta(hours=2),
            description=f"{tag} 维护"),
        "availabilitytarget": inv.AvailabilityTarget.objects.create(contract=c, item=item),
    }
    return {f"inventory.{key}": obj for key, obj in objects.items()}


def make_world_with_inventory() -> Any:
    """The test world with make_inventory's objects on both contracts, A's by model name as
    `world.a.inventory` (what the `inv` fixture gives): a module's `world_builder`, so that
    they are built once for the module."""
    from yunwei.testing import make_world

    built = make_world()
    make_inventory(built.b, "BBB")
    built.a.inventory = {k.split(".", 1)[1]: v
                         for k, v in make_inventory(built.a, "AAA").items()}
    return built
