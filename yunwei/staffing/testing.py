"""Test fixtures: one staffing object of every kind on a test world's contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

from yunwei.worktime import TZ


def make_staffing(side: Any, tag: str) -> dict[str, Any]:
    """Posts, patterns, two people (one on two posts), a roster, leave, an import, records."""
    from yunwei.core import context

    from . import actions
    from .models import (
        AttendanceRecord,
        LeaveRequest,
        LeaveRule,
        Person,
        Post,
        Qualification,
        ReplacementRequest,
        RosterChange,
        ShiftPattern,
        SpecialPeriod,
        StaffingTerms,
        SwapRequest,
    )

    c = side.contract
    with context.acting(None, source="test"):
        terms = StaffingTerms.objects.create(contract=c)
        leave_rule = LeaveRule.objects.create(contract=c, kind="sick", notice_hours=0,
                                              emergency_hours=48)
        host = Post.objects.create(contract=c, name=f"{tag} 驻场主机工程师",
                                   calendar=side.calendar, qualifications="本科")
        desk = Post.objects.create(contract=c, name=f"{tag} 服务台")
        day = ShiftPattern.objects.create(contract=c, post=host, name="白班",
                                          start=dt.time(9), end=dt.time(17, 30))
        night = ShiftPattern.objects.create(contract=c, post=desk, name="夜班",
                                            start=dt.time(20), end=dt.time(8), days="daily")
        special = SpecialPeriod.objects.create(contract=c, name=f"{tag} 国庆重保",
                                               pattern=night, first_day=dt.date(2026, 10, 1),
                                               last_day=dt.date(2026, 10, 7))
        wang = Person.objects.create(contract=c, name=f"{tag}王磊", employee_no="E1",
                                     phone="13800001111", id_number="110101199001011234",
                                     user=side.users["vendor_engineer"],
                                     entry_status="approved",
                                     entry_decided_at=dt.datetime(2026, 1, 1, tzinfo=TZ))
        wang.posts.set([host, desk])
        li = Person.objects.create(contract=c, name=f"{tag}李娜", employee_no="E2",
                                   phone="13900002222", id_number="110101199202025678")
        li.posts.set([host])
        for p in (wang, li):
            Qualification.objects.create(contract=c, person=p, name="本科")
        shift = actions.do_add_shift(wang, day, dt.date(2026, 3, 2), actor=None)
        leave = LeaveRequest.objects.create(
            contract=c, person=wang, starts=dt.datetime(2026, 3, 3, 9, tzinfo=TZ),
            ends=dt.datetime(2026, 3, 3, 17, 30, tzinfo=TZ), reason="病假",
            asked_at=dt.datetime(2026, 3, 1, 9, tzinfo=TZ))
        replacement = ReplacementRequest.objects.create(
            contract=c, leaving=li, joining=wang, notified_at=dt.datetime(2026, 3, 1, tzinfo=TZ),
            effective_on=dt.date(2026, 3, 20))
        csv = f"姓名,打卡时间\n{wang.name},2026-03-02 08:55\n{wang.name},2026-03-02 17:40\n"
        batch = actions.do_import_attendance(c.pk, csv.encode(), f"{tag}.csv", actor=None)
        actions.do_derive_attendance(c.pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
        record = AttendanceRecord.objects.filter(contract=c).first()
        # February's roster, published; a shift added afterwards is a recorded change
        actions.do_add_shift(wang, day, dt.date(2026, 2, 2), actor=None)
        roster = actions.do_publish_roster(c.pk, 2026, 2, actor=None)
        feb = actions.do_add_shift(li, day, dt.date(2026, 2, 3), actor=None)
        change = RosterChange.objects.get(roster=roster)
        swap = SwapRequest.objects.create(contract=c, shift=feb, requester=li, colleague=wang,
                                          reason="家中有事",
                                          asked_at=dt.datetime(2026, 2, 1, 9, tzinfo=TZ))
    return {"staffing.staffingterms": terms, "staffing.post": host,
            "staffing.shiftpattern": day, "staffing.specialperiod": special,
            "staffing.person": wang, "staffing.leaverequest": leave,
            "staffing.replacementrequest": replacement, "staffing.rostershift": shift,
            "staffing.importbatch": batch, "staffing.attendancerecord": record,
            "staffing.rostermonth": roster, "staffing.rosterchange": change,
            "staffing.swaprequest": swap, "staffing.leaverule": leave_rule,
            "people": {"wang": wang, "li": li}, "patterns": {"day": day, "night": night}}


def make_world_with_staffing() -> Any:
    """The test world with make_staffing's objects on contract A as `world.a.staffing`: a
    module's `world_builder`, so that they are built once for the module."""
    from yunwei.testing import make_world

    built = make_world()
    built.a.staffing = make_staffing(built.a, "A")
    return built
