"""Demo data: the demo contract's scope (its equipment as devices, hosts, databases, a business
system), inspection plans with a month of rounds, outages and a 99.9 % target. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone


def load_demo(contracts: list[Any]) -> None:
    """Load the inventory of the first demo contract (nothing when it is already there)."""
    from .actions import (
        do_ensure_standard_types,
        do_generate_rounds,
        do_record_outage,
        do_record_result,
        do_sync_equipment,
    )
    from .models import (
        AvailabilityTarget,
        ConfigItem,
        InspectionPlan,
        InspectionRound,
        InspectionTemplate,
        ItemRelation,
        MaintenanceWindow,
        TemplateCheck,
    )

    contract = contracts[0]
    types = do_ensure_standard_types(contract)
    do_sync_equipment(contract)
    for other in contracts[1:]:
        do_ensure_standard_types(other)
        do_sync_equipment(other)
    if InspectionTemplate.objects.filter(contract=contract).exists():
        return
    system = ConfigItem.objects.create(
        contract=contract, item_type=types["system"], code="SYS-001", name="视频会议业务系统",
        criticality="high", owner="信息中心", attrs={"department": "办公室", "url": ""})
    db = ConfigItem.objects.create(
        contract=contract, item_type=types["database"], code="DB-001", name="会议管理数据库",
        criticality="high", owner="信息中心",
        attrs={"engine": "MySQL", "version": "8.0", "host": "10.20.1.11", "size_gb": "120"})
    hosts = []
    for n in range(1, 6):
        hosts.append(ConfigItem.objects.create(
            contract=contract, item_type=types["host"], code=f"HOST-{n:03d}",
            name=f"云主机{n:02d}", criticality="high" if n <= 2 else "medium", owner="乙方运维组",
            attrs={"os": "麒麟 V10", "ip": f"10.20.1.{10 + n}", "cpu": 8, "memory_gb": 32,
                   "disk_gb": 500, "environment": "生产"}))
    ItemRelation.objects.create(contract=contract, source=system, kind="depends_on", target=db)
    ItemRelation.objects.create(contract=contract, source=db, kind="runs_on", target=hosts[0])
    device_tpl = InspectionTemplate.objects.create(contract=contract, item_type=types["device"],
                                                   name="视频会议设备月度现场巡检")
    checks_dev = [TemplateCheck.objects.create(contract=contract, template=device_tpl,
                                               position=i, text=text, expected=exp,
                                               photo_required=photo)
                  for i, (text, exp, photo) in enumerate([
                      ("设备外观与指示灯", "正常", True),
                      ("音视频呼叫测试", "双向清晰", False)], 1)]
    host_tpl = InspectionTemplate.objects.create(contract=contract, item_type=types["host"],
                                                 name="云主机日常巡检")
    checks_host = [TemplateCheck.objects.create(contract=contract, template=host_tpl, position=i,
                                                text=text, expected=exp, max_value=mx)
                   for i, (text, exp, mx) in enumerate([
                       ("CPU 使用率(%)", "≤ 80", Decimal("80")),
                       ("磁盘使用率(%)", "≤ 85", Decimal("85"))], 1)]
    today = timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    from django.contrib.auth import get_user_model

    engineer = get_user_model().objects.filter(
        memberships__contract=contract, memberships__role="vendor_engineer").first()
    InspectionPlan.objects.create(contract=contract, template=device_tpl, name="视频设备月巡检",
                                  frequency="onsite_monthly", window_workdays=5, starts=first,
                                  assignee=engineer)
    InspectionPlan.objects.create(contract=contract, template=host_tpl, name="云主机日巡检",
                                  frequency="daily", window_workdays=1, starts=first,
                                  assignee=engineer)
    do_generate_rounds(today, first=first)
    host_round = InspectionRound.objects.filter(contract=contract,
                                                plan__template=host_tpl).order_by("due")
    for i, rnd in enumerate(host_round):
        if rnd.due >= today or i % 9 == 8:
            continue  # today's round open; one in nine missed
        at = timezone.make_aware(dt.datetime.combine(rnd.due, dt.time(9, 30)))
        for h in hosts:
            for c in checks_host:
                bad = (i == 3 and h is hosts[1] and c is checks_host[1])
                do_record_result(rnd, actor=None, item=h, check=c,
                                 outcome="abnormal" if bad else "normal",
                                 value="91" if bad else "42", note="磁盘空间不足" if bad else "",
                                 at=at)
    devices = list(ConfigItem.objects.filter(contract=contract, item_type=types["device"]))
    month_round = InspectionRound.objects.filter(contract=contract, plan__template=device_tpl,
                                                 period_start=first).first()
    if month_round is not None:
        at = timezone.make_aware(dt.datetime.combine(month_round.due, dt.time(15, 0)))
        for d in devices:
            for c in checks_dev:
                do_record_result(month_round, actor=None, item=d, check=c, outcome="normal",
                                 value="正常", at=at, photo=_demo_photo(d.code, c.pk))
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first + dt.timedelta(days=11), dt.time(23, 20), tzinfo=tz)
    do_record_outage(db, None, start=start, end=start + dt.timedelta(minutes=55),
                     cause="主库磁盘写满，切换备库")
    do_record_outage(hosts[0], None, start=start + dt.timedelta(days=5),
                     end=start + dt.timedelta(days=5, minutes=20), cause="宿主机迁移")
    MaintenanceWindow.objects.create(
        contract=contract, start=start + dt.timedelta(days=5, minutes=-10),
        end=start + dt.timedelta(days=5, minutes=30), description="月度计划维护")
    AvailabilityTarget.objects.create(contract=contract, item=db, percent=Decimal("99.9"))
    AvailabilityTarget.objects.create(contract=contract, item=system, percent=Decimal("99.9"),
                                      as_service=True)


def _demo_photo(code: str, check_id: int) -> Any:
    from django.core.files.base import ContentFile

    # a 1x1 PNG stands in for the engineer's photo
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                        "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    return ContentFile(png, name=f"{code}-{check_id}.png")
