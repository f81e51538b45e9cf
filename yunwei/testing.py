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
    return side


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
