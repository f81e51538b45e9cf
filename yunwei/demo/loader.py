"""Load (idempotently) a demo engagement written for the project.

The main contract is shaped like a city transport bureau's video-conference maintenance
contract: agency, vendor, supervisor, a team in every role, and an equipment ledger. A second
contract with another agency and vendor shows tenant isolation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from yunwei.core import context
from yunwei.core.roles import Role
from yunwei.demo import run_loaders

DEMO_PASSWORD = "yunwei-demo-2026"  # noqa: S105 - printed for the demo, demo data only

ORGS = {
    "agency": ("agency", "滨江市交通运输局信息中心", "91330100MA2B000010"),
    "vendor": ("vendor", "华诚视讯技术有限公司", "91330100MA2B000028"),
    "supervisor": ("supervisor", "明正信息工程监理有限公司", "91330100MA2B000036"),
    "agency2": ("agency", "滨江市教育局", "91330100MA2B000044"),
    "vendor2": ("vendor", "启航数据服务有限公司", "91330100MA2B000052"),
}

CONTRACTS = [
    {
        "number": "BJJT-YW-2026-001", "code": "JTW",
        "project_name": "视频会议系统运行维护服务",
        "agency": "agency", "vendor": "vendor", "supervisor": "supervisor",
        "service_start": dt.date(2026, 1, 1), "service_end": dt.date(2026, 12, 31),
        "amount": Decimal("1180000.00"), "signed_on": dt.date(2025, 12, 20),
        "status": "active",
        "description": "MCU 与约百台终端及音视频设备的日常保障、月度巡检、故障维修和应急保障。",
    },
    {
        "number": "BJJY-YW-2026-007", "code": "XSK",
        "project_name": "学生卡平台运营服务",
        "agency": "agency2", "vendor": "vendor2", "supervisor": None,
        "service_start": dt.date(2026, 3, 1), "service_end": dt.date(2027, 2, 28),
        "amount": Decimal("2400000.00"), "signed_on": dt.date(2026, 2, 10),
        "status": "active",
        "description": "学生卡平台软件维护、制卡发卡和客户服务。",
    },
]

# username, full name, contract index, role, position
PEOPLE = [
    ("jt_admin", "林建华", 0, Role.AGENCY_ADMIN, "信息中心副主任"),
    ("jt_liaison", "周敏", 0, Role.AGENCY_LIAISON, "外包联络员"),
    ("desk", "许晓东", 0, Role.SERVICE_DESK, "服务台坐席"),
    ("requester", "陈丽", 0, Role.REQUESTER, "综合处"),
    ("hc_pm", "王海涛", 0, Role.VENDOR_PM, "项目经理"),
    ("hc_eng", "刘洋", 0, Role.VENDOR_ENGINEER, "驻场工程师"),
    ("hc_eng2", "赵磊", 0, Role.VENDOR_ENGINEER, "驻场工程师"),
    ("supervisor", "孙振", 0, Role.SUPERVISOR, "总监理工程师"),
    ("expert", "郑教授", 0, Role.EXPERT, "验收专家"),
    ("jy_admin", "何静", 1, Role.AGENCY_ADMIN, "信息科科长"),
    ("qh_pm", "马骏", 1, Role.VENDOR_PM, "项目经理"),
    ("qh_eng", "钱程", 1, Role.VENDOR_ENGINEER, "运维工程师"),
]

# category, name, brand, model, quantity, location
EQUIPMENT = [
    ("核心设备", "多点控制单元 MCU", "华为", "VP9660", 1, "机房 A01 机柜"),
    ("核心设备", "录播服务器", "华为", "RSE6500", 1, "机房 A01 机柜"),
    ("视频终端", "高清视频会议终端", "华为", "TE40", 62, "各会议室"),
    ("视频终端", "高清视频会议终端", "宝利通", "Group 500", 36, "各区县分会场"),
    ("音频设备", "数字音频处理器", "百威", "Tesira Server", 2, "主会场控制室"),
    ("音频设备", "无线手持话筒", "舒尔", "ULXD24", 16, "主会场"),
    ("显示设备", "液晶拼接屏", "三星", "VH55R", 12, "指挥大厅"),
    ("摄像设备", "高清云台摄像机", "索尼", "SRG-X120", 8, "主会场"),
    ("中控设备", "中央控制主机", "快思聪", "CP4N", 1, "主会场控制室"),
]


def load_demo() -> list[tuple[str, str, str]]:
    """Create what is missing of the demo engagement; returns (username, role, contract)."""
    from yunwei.assets.models import Equipment
    from yunwei.contracts.models import Contract, Membership
    from yunwei.organizations.models import Organization

    user_model = get_user_model()
    logins: list[tuple[str, str, str]] = []
    with context.acting(None, source="demo"), transaction.atomic():
        orgs = {}
        for key, (kind, name, code) in ORGS.items():
            # By credit code (stable), then by name: either may have been edited since.
            orgs[key] = (Organization.objects.filter(credit_code=code).first()
                         or Organization.objects.filter(name=name).first()
                         or Organization.objects.create(
                             name=name, kind=kind, credit_code=code, address="滨江市滨江区",
                             contact_name="联系人"))
        contracts = []
        for spec in CONTRACTS:
            values = {k: (orgs[v] if k in ("agency", "vendor", "supervisor") and v else v)
                      for k, v in spec.items() if k != "number"}
            contract, _ = Contract.objects.get_or_create(number=spec["number"], defaults=values)
            contracts.append(contract)
        admin = user_model.objects.filter(username="admin").first()
        if admin is None:
            admin = user_model.objects.create_superuser("admin", "admin@example.invalid",
                                                        DEMO_PASSWORD)
            admin.first_name = "系统管理员"
            admin.save()
        logins.append(("admin", "系统管理员 system admin", "*"))
        for username, full_name, idx, role, title in PEOPLE:
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model(username=username, first_name=full_name,
                                  email=f"{username}@example.invalid")
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.get_or_create(contract=contracts[idx], user=user, role=role,
                                             defaults={"title": title})
            logins.append((username, f"{Role(role).label} {role}", contracts[idx].number))
        if not Equipment.objects.filter(contract=contracts[0]).exists():
            for category, name, brand, model_number, qty, location in EQUIPMENT:
                Equipment.objects.create(contract=contracts[0], category=category, name=name,
                                         brand=brand, model_number=model_number,
                                         quantity=qty, location=location)
        if not Equipment.objects.filter(contract=contracts[1]).exists():
            Equipment.objects.create(contract=contracts[1], category="服务器", name="制卡服务器",
                                     brand="浪潮", model_number="NF5280M6", quantity=2,
                                     location="教育城域网机房")
        _load_terms(contracts[0])
        run_loaders(contracts)  # the domain apps' own demo data (yunwei.demo.register)
    return logins


def _load_terms(contract: object) -> None:
    """Calendars and service levels shaped like the seed contracts' clauses.

    Each part is keyed by the contract (its stable identity), never by a name a user may have
    edited since: a part the contract already has is left as it is."""
    from yunwei.assessment.models import Scheme
    from yunwei.calendars.models import SlaPolicy, WorkingCalendar
    from yunwei.workorders.models import DeskSettings, WorkOrder

    calendars = WorkingCalendar.objects.filter(contract=contract).order_by("pk")
    desk = calendars.filter(kind="24x7").first() or WorkingCalendar.objects.create(
        contract=contract, name="7x24 服务台", kind="24x7", hours="")
    office = calendars.filter(kind="office").first() or WorkingCalendar.objects.create(
        contract=contract, name="驻场工作时间", kind="office", hours="09:00-17:30")
    settings = DeskSettings.objects.filter(contract=contract).select_related("sla_policy").first()
    policy = (settings.sla_policy if settings is not None and settings.sla_policy_id else
              SlaPolicy.objects.filter(contract=contract).order_by("pk").first())
    if policy is None:
        policy = SlaPolicy.objects.create(contract=contract, name="运维服务水平",
                                          description="工单、事件分级处置时限（演示数据）")
        _load_targets(policy, desk, office)
    if settings is None:
        DeskSettings.objects.create(contract=contract, sla_policy=policy, default_level="normal",
                                    allow_phone_confirmation=True)
    if not WorkOrder.objects.filter(contract=contract).exists():
        _load_workorders(contract)
    if not Scheme.objects.filter(contract=contract).exists():
        _load_assessment(contract)


def _load_targets(policy: object, desk: object, office: object) -> None:
    """The demo policy's targets and pause reasons."""
    from yunwei.calendars.models import PauseReason, SlaTarget

    targets = [
        ("urgent", "紧急工单", "resolution", 480, desk, "紧急工单 8 小时内解决"),
        ("normal", "一般工单", "resolution", 1440, desk, "一般工单 24 小时内解决"),
        ("L1", "一级事件", "resolution", 120, desk, "一级事件 2 小时内解决"),
        ("L2", "二级事件", "resolution", 240, desk, "二级事件 4 小时内解决"),
        ("L3", "三级事件", "resolution", 480, desk, "三级事件 8 小时内解决"),
        ("L4", "四级事件", "resolution", 960, desk, "四级事件 16 小时内解决"),
        ("urgent", "紧急工单", "response", 5, desk, "一线 5 分钟内响应"),
        ("normal", "一般工单", "response", 30, desk, "二线 30 分钟内响应"),
        ("urgent", "紧急工单", "on_site", 240, desk, "4 小时内到达现场"),
        ("normal", "一般工单", "on_site", 240, office, "工作时间内 4 小时到场"),
    ]
    for code, name, metric, minutes, calendar, clause in targets:
        SlaTarget.objects.create(policy=policy, level_code=code, level_name=name, metric=metric,
                                 minutes=minutes, calendar=calendar, clause=clause)
    PauseReason.objects.create(policy=policy, code="wait_requester", name="等待服务对象确认")
    PauseReason.objects.create(policy=policy, code="wait_parts", name="等待原厂备件",
                               needs_approval=True)


def _load_assessment(contract: object) -> None:
    """The prison-2025 template copied for the demo contract, with a few records."""
    import datetime as dt

    from django.utils import timezone

    from yunwei.assessment.actions import do_copy_template, do_save_definition
    from yunwei.assessment.definition import with_late_payment_of
    from yunwei.assessment.models import Accident, PaymentMilestone, PersonnelRecord, Praise

    scheme = do_copy_template(contract, "prison-2025", final_payment=Decimal("590000.00"))
    scheme.name = "视频会议系统运维服务考核"
    scheme.save()
    # The transport commission's own late-payment clause (0.03 % a day from working day 15).
    do_save_definition(scheme, with_late_payment_of(scheme.definition, "transport-video-2022"))
    # The contract's two payments (the transport commission's: half on signing, half after
    # the final review), named in both languages.
    PaymentMilestone.objects.create(
        contract=contract, seq=1, name="首付款", name_en="First payment", percent=50,
        amount=Decimal("590000.00"), amount_capitals="人民币伍拾玖万元整",
        condition="合同生效且市财政拨付后", condition_en="Contract in force and the city's "
        "funds arrived", condition_date=dt.date(2026, 1, 15), paid_on=dt.date(2026, 2, 3),
        status="paid")
    PaymentMilestone.objects.create(
        contract=contract, seq=2, name="尾款", name_en="Final payment", percent=50,
        amount=Decimal("590000.00"), amount_capitals="人民币伍拾玖万元整",
        condition="运维服务通过甲方最终审核后", condition_en="After the agency's final review")
    now = timezone.now()
    Accident.objects.create(contract=contract, ref="SG-2026-01", level=3,
                            occurred_at=now - dt.timedelta(days=40),
                            report_submitted_at=now - dt.timedelta(days=37),
                            description="分会场网络中断导致会议中断 12 分钟",
                            evidence="事故分析报告 SG-2026-01")
    PersonnelRecord.objects.create(contract=contract, kind="late", person="刘洋",
                                   date=(now - dt.timedelta(days=20)).date(), minutes=35,
                                   evidence="门禁打卡记录")
    PersonnelRecord.objects.create(contract=contract, kind="late", person="赵磊",
                                   date=(now - dt.timedelta(days=12)).date(), minutes=80,
                                   evidence="门禁打卡记录")
    Praise.objects.create(contract=contract, event="全市交通工作视频会议保障", level="in_charge",
                          date=(now - dt.timedelta(days=60)).date(), checked=True,
                          evidence="表扬信 2026-09")


def _load_workorders(contract: object) -> None:
    """A few work orders in different states, as a desk would have them on a normal day."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from yunwei.workorders import actions

    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["desk", "hc_eng", "hc_eng2", "requester"])}
    now = timezone.now().replace(second=0, microsecond=0)
    specs = [
        ("主会场 MCU 告警，部分分会场掉线", "urgent", "phone", 3, "closed"),
        ("3 楼会议室投影仪无法开机", "normal", "qq", 26, "pending_confirmation"),
        ("指挥大厅拼接屏第 4 块黑屏", "urgent", "phone", 5, "in_progress"),
        ("区县分会场终端无声音", "normal", "walk_in", 2, "dispatched"),
        ("录播服务器磁盘空间不足", "normal", "email", 1, "new"),
    ]
    desk, eng, requester = users["desk"], users["hc_eng"], users["requester"]
    for title, level, channel, hours_ago, state in specs:
        at = now - dt.timedelta(hours=hours_ago)
        wo = actions.do_create_workorder(contract, actor=desk, title=title, channel=channel,
                                         requester=requester, level_code=level,
                                         location="交通运输局", reported_at=at)
        if state == "new":
            continue
        wo = actions.do_transition(wo.pk, "dispatch", actor=desk, version=wo.version,
                                   assignee=eng.pk, at=at + dt.timedelta(minutes=3))
        if state == "dispatched":
            continue
        wo = actions.do_transition(wo.pk, "arrive", actor=eng, version=wo.version,
                                   at=at + dt.timedelta(minutes=40))
        if state == "in_progress":
            continue
        wo = actions.do_update_workorder(
            wo.pk, actor=eng, version=wo.version, problem_analysis="设备长时间运行，电源模块老化。",
            resolution_steps="1. 断电检查；2. 更换电源模块；3. 重新上电并恢复配置。",
            verification="与主会场联调 15 分钟，图像和声音正常。")
        wo = actions.do_transition(wo.pk, "resolve", actor=eng, version=wo.version,
                                   at=at + dt.timedelta(hours=2))
        if state == "pending_confirmation":
            continue
        actions.do_transition(wo.pk, "confirm", actor=requester, version=wo.version,
                              rating="satisfied", comment="处理及时。",
                              at=at + dt.timedelta(hours=2, minutes=30))
