"""Test fixtures shared by every app: two contracts of different vendors, a user per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from yunwei.core import context
from yunwei.core.roles import Role


@dataclass
class Side:
    """One contract with its parties, a user per role and one equipment line."""

    contract: Any
    agency: Any
    vendor: Any
    supervisor: Any
    users: dict[str, Any] = field(default_factory=dict)
    equipment: Any = None
    memberships: dict[str, Any] = field(default_factory=dict)
    calendar: Any = None
    policy: Any = None
    target: Any = None
    pause_reason: Any = None
    desk: Any = None
    work_order: Any = None
    attachment: Any = None
    phone_notice: Any = None
    mailbox: Any = None
    mail_message: Any = None
    notification: Any = None
    scheme: Any = None
    records: dict[str, Any] = field(default_factory=dict)
    deliverables: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    """Contract A (ours) and contract B (a foreign vendor's), and a system administrator."""

    a: Side
    b: Side
    root: Any
    holiday_year: Any = None


def _side(tag: str, n: int) -> Side:
    from yunwei.assets.models import Equipment
    from yunwei.contracts.models import Contract, Membership
    from yunwei.organizations.models import Organization

    agency = Organization.objects.create(kind="agency", name=f"{tag} 甲方信息中心")
    vendor = Organization.objects.create(kind="vendor", name=f"{tag} 乙方科技公司")
    supervisor = Organization.objects.create(kind="supervisor", name=f"{tag} 监理公司")
    contract = Contract.objects.create(
        number=f"{tag}-HT-2026-{n:03d}", code=f"{tag}X", project_name=f"{tag} 项目运维服务",
        agency=agency, vendor=vendor, supervisor=supervisor,
        service_start=dt.date(2026, 1, 1), service_end=dt.date(2026, 12, 31),
        amount=Decimal("1118000.00"), status="active",
    )
    side = Side(contract, agency, vendor, supervisor)
    user_model = get_user_model()
    for role in Role.values:
        user = user_model.objects.create(username=f"{tag.lower()}_{role}", first_name=role)
        side.users[role] = user
        side.memberships[role] = Membership.objects.create(contract=contract, user=user,
                                                           role=role)
    side.equipment = Equipment.objects.create(contract=contract, category="终端",
                                              name=f"{tag} 视频终端", quantity=3)
    from yunwei.calendars.models import PauseReason, SlaPolicy, SlaTarget, WorkingCalendar

    side.calendar = WorkingCalendar.objects.create(contract=contract, name=f"{tag} 驻场时间",
                                                   kind="office", hours="09:00-17:30")
    side.policy = SlaPolicy.objects.create(contract=contract, name=f"{tag} 服务水平")
    side.target = SlaTarget.objects.create(policy=side.policy, level_code="urgent",
                                           level_name=f"{tag} 紧急", metric="resolution",
                                           minutes=480, calendar=side.calendar)
    side.pause_reason = PauseReason.objects.create(policy=side.policy, code="wait",
                                                   name=f"{tag} 等待用户")
    _desk(side, tag)
    _assessment(side, tag)
    _deliverables(side, tag)
    return side


def _deliverables(side: Side, tag: str) -> None:
    """A monthly report type, its instances (September submitted), a final acceptance with a
    finding and an opinion."""
    from yunwei.deliverables import actions
    from yunwei.deliverables.models import Acceptance, DocumentType, Finding, Opinion

    dtype = DocumentType.objects.create(contract=side.contract, name=f"{tag} 运维月报",
                                        frequency="monthly", due_workdays=5,
                                        generated_report=True)
    actions.do_generate(dtype, dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC))
    item = dtype.instances.get(period_end=dt.date(2026, 9, 30))
    submission = actions.do_submit(item, side.users["vendor_pm"], content=b"report",
                                   name=f"{tag}-月报.docx")
    acc = Acceptance.objects.create(contract=side.contract, name=f"{tag} 竣工验收",
                                    status="in_review")
    acc.required_types.set([dtype])
    side.deliverables = {
        "documenttype": dtype, "deliverable": item, "submission": submission,
        "acceptance": acc,
        "finding": Finding.objects.create(contract=side.contract, acceptance=acc,
                                          text=f"{tag} 缺少签字", deadline=dt.date(2026, 12, 1)),
        "opinion": Opinion.objects.create(contract=side.contract, acceptance=acc,
                                          reviewer=f"{tag} 专家", reviewer_role="expert",
                                          opinion="同意"),
    }


def _assessment(side: Side, tag: str) -> None:
    """A scheme copied from the template and one record of each kind, with an objection."""
    from yunwei.assessment import actions
    from yunwei.assessment.definition import with_late_payment_of
    from yunwei.assessment.models import (
        Accident,
        ManualEntry,
        Objection,
        PaymentMilestone,
        PersonnelRecord,
        Praise,
        QuarterEvaluation,
    )

    side.scheme = actions.do_copy_template(side.contract, "prison-2025",
                                           final_payment=Decimal("559000.00"))
    # The contract's own late-payment clause (the transport commission's: 0.03 % a day).
    side.scheme = actions.do_save_definition(side.scheme, with_late_payment_of(
        side.scheme.definition, "transport-video-2022"))
    # named after saving the definition (whose name the scheme takes): each side's its own
    side.scheme.name = f"{tag} 考核方案"
    side.scheme.save(update_fields=["name"])
    at = dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC)
    common = {"contract": side.contract, "evidence": f"{tag} 证据"}
    side.records = {
        "accident": Accident.objects.create(ref=f"{tag}-ACC-1", level=3, occurred_at=at,
                                            **common),
        "personnelrecord": PersonnelRecord.objects.create(kind="absent", person=f"{tag} 张三",
                                                          date=at.date(), **common),
        "quarterevaluation": QuarterEvaluation.objects.create(quarter="2026Q1", unit="一监区",
                                                              rating="unsatisfied", **common),
        "praise": Praise.objects.create(event=f"{tag} 春节保障", level="unit", date=at.date(),
                                        **common),
        "manualentry": ManualEntry.objects.create(rule="W-FORM", date=at.date(), **common),
        "objection": Objection.objects.create(contract=side.contract, rule="W-FORM",
                                              evidence=f"{tag} 证据", text="格式符合要求",
                                              filed_by=side.users["vendor_pm"]),
        "paymentmilestone": PaymentMilestone.objects.create(
            contract=side.contract, seq=1, name=f"{tag} 首付款",
            name_en=f"{tag} first payment", percent=Decimal(50), amount=Decimal("559000.00"),
            amount_capitals="人民币伍拾伍万玖仟元整", condition="合同生效",
            condition_en="Contract in force", condition_date=dt.date(2026, 9, 1),
            due_working_days=20),
    }


def _desk(side: Side, tag: str) -> None:
    """Desk settings, a work order of the requester with an attachment, a phone notice, a
    mailbox with one quarantined message."""
    from yunwei.workorders import actions
    from yunwei.workorders.models import (
        DeskSettings,
        Mailbox,
        MailMessage,
        Notification,
        PhoneNotice,
    )

    side.desk = DeskSettings.objects.create(contract=side.contract, sla_policy=side.policy,
                                            default_level="urgent", phone_first=True)
    side.work_order = actions.do_create_workorder(
        side.contract, actor=side.users["service_desk"], title=f"{tag} 会议室投影无信号",
        channel="phone", requester=side.users["requester"], location="3楼会议室")
    side.attachment = actions.do_add_attachment(side.work_order, actor=None, name="截图.png",
                                                content=b"\x89PNG fake", content_type="image/png")
    side.phone_notice = PhoneNotice.objects.create(
        contract=side.contract, title=f"{tag} 电话通知", called_at=dt.datetime(2026, 11, 2, 9, 0,
                                                                         tzinfo=dt.UTC),
        due_at=dt.datetime(2026, 11, 2, 11, 0, tzinfo=dt.UTC),
        engineer=side.users["vendor_engineer"])
    side.mailbox = Mailbox.objects.create(contract=side.contract, name=f"{tag} 运维邮箱",
                                          host="127.0.0.1", port=1, use_ssl=False,
                                          username=f"{tag.lower()}@example.invalid",
                                          password="x", enabled=False)  # noqa: S106
    side.mail_message = MailMessage.objects.create(mailbox=side.mailbox, message_id=f"<{tag}@x>",
                                                   subject=f"{tag} 无法解析", status="quarantined",
                                                   reason="test")
    side.notification = Notification.objects.create(
        user=side.users["vendor_engineer"], work_order=side.work_order, kind="test",
        text=f"{tag} 通知：工单已派给您")


def make_world() -> World:
    """Build the two-contract world (users have no password: use force_login)."""
    with context.acting(None, source="test"):
        a = _side("AAA", 1)
        b = _side("BBB", 2)
        root = get_user_model().objects.create_superuser("root", "root@example.invalid", None)
        from yunwei.calendars.models import HolidayDay, HolidayYear

        year = HolidayYear.objects.create(year=2040, source="manual", confirmed=True)
        HolidayDay.objects.create(year=year, date=dt.date(2040, 1, 2), kind="holiday",
                                  name="测试假日")
    return World(a, b, root, year)
