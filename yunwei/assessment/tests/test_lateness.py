"""Lateness is what the contract's resolution clock says (its calendar, pauses and extensions
agreed in writing), and a level's class of lateness is data: an unmapped level is an error
shown to the agency, never a guess."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from yunwei.assessment.compute import assess_periods
from yunwei.calendars.models import SlaTarget
from yunwei.core import context
from yunwei.workorders import actions as wo_actions

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
YEAR_END = dt.datetime(2027, 1, 1, tzinfo=TZ)


def T(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def order(world, issued: dt.datetime, resolved: dt.datetime, level: str = "urgent",
          extend_to: dt.datetime | None = None):
    """An order through the lifecycle: issued, dispatched, worked, maybe extended with the
    requester's written consent, resolved and confirmed by the requester."""
    side = world.a
    desk, eng, req = side.users["service_desk"], side.users["vendor_engineer"], \
        side.users["requester"]
    with context.acting(desk):
        wo = wo_actions.do_create_workorder(side.contract, actor=desk, title="故障",
                                            channel="phone", requester=req, level_code=level,
                                            reported_at=issued)
        wo = wo_actions.do_transition(wo.pk, "dispatch", actor=desk, version=None,
                                      assignee=eng.pk, at=issued)
        wo = wo_actions.do_transition(wo.pk, "start", actor=eng, version=None, at=issued)
        if extend_to is not None:
            wo = wo_actions.do_transition(
                wo.pk, "extend", actor=desk, version=None, at=issued + dt.timedelta(hours=1),
                reason="等待厂商备件", approver="张科长（书面同意）", new_deadline=extend_to)
        wo = wo_actions.do_update_workorder(wo.pk, actor=eng, version=None,
                                            problem_analysis="a", resolution_steps="b",
                                            verification="c")
        wo = wo_actions.do_transition(wo.pk, "resolve", actor=eng, version=None, at=resolved)
        wo = wo_actions.do_transition(wo.pk, "confirm", actor=req, version=None,
                                      rating="satisfied", at=resolved + dt.timedelta(minutes=30))
    return wo


def late_lines(world, wo) -> list[tuple[str, Decimal, str]]:
    period = assess_periods(world.a.scheme, as_of=YEAR_END).period("all")
    return [(line.code, line.points, line.zh) for line in period.lines
            if line.code.startswith("W-LATE") and line.evidence[0].label == wo.number]


def test_lateness_is_counted_in_working_time_on_the_contracts_calendar(world):
    # Urgent: 8 h on 09:00-17:30 (the fixture's target). Issued Friday 2026-03-06 15:00:
    # Fri 15:00-17:30 = 2.5 h, Mon 09:00-14:30 = 5.5 h -> due Monday 03-09 14:30 (by hand),
    # while issue time + 8 wall-clock hours would be Friday 23:00.
    on_time = order(world, T(2026, 3, 6, 15, 0), T(2026, 3, 9, 12, 0))
    assert on_time.resolution_deadline is not None
    assert late_lines(world, on_time) == []  # 61 wall-clock hours "late" before the fix
    # Issued Friday 03-13 15:00, due Monday 03-16 14:30, resolved Tuesday 03-17 14:30:
    # late by Mon 14:30-17:30 (3 h) + Tue 09:00-14:30 (5.5 h) = 8.5 working hours.
    late = order(world, T(2026, 3, 13, 15, 0), T(2026, 3, 17, 14, 30))
    [(code, points, text)] = late_lines(world, late)
    assert (code, points) == ("W-LATE-4-24", Decimal("-0.2")) and "超时 8.5 小时" in text


def test_an_extension_agreed_in_writing_is_not_late(world):
    # Due Monday 03-23 17:00; extended with the requester's written consent to Friday 17:00,
    # resolved Thursday: on time (issue time + 8 h would make it 65 h late, -0.4).
    wo = order(world, T(2026, 3, 23, 9, 0), T(2026, 3, 26, 10, 0),
               extend_to=T(2026, 3, 27, 17, 0))
    assert late_lines(world, wo) == []


def test_an_unmapped_level_is_an_error_on_the_score_page_not_a_guess(world):
    side = world.a
    SlaTarget.objects.create(policy=side.policy, level_code="L3", level_name="三级",
                             metric="resolution", minutes=60, calendar=side.calendar)
    wo = order(world, T(2026, 3, 2, 9, 0), T(2026, 3, 4, 9, 0), level="L3")
    assessment = assess_periods(side.scheme, as_of=YEAR_END)
    assert assessment.problems == ["级别 L3 未对应考核条款（1 张工单未计入）：请在考核方案中设置该"
                                   "级别对应的考核类别。"]
    agency = login(side.users["agency_admin"])
    url = f"/assessment/{side.scheme.pk}/score/?period=all"
    assert "级别 L3 未对应考核条款" in agency.get(url).content.decode()
    statement = agency.get(f"/assessment/{side.scheme.pk}/statement.xlsx?period=all")
    assert statement.status_code == 409 and "级别 L3" in statement.content.decode()

    # A class that does not exist is refused; mapping L3 to "normal" settles it.
    edit = f"/assessment/{side.scheme.pk}/edit/"
    data = {"name": side.scheme.name, "base": "100", "final_payment": "559000.00"}
    refused = agency.post(edit, {**data, "level_map": "L3 = fast"})
    assert refused.status_code == 400
    assert agency.post(edit, {**data, "level_map": "L3 = normal"}).status_code == 302
    side.scheme.refresh_from_db()
    assert side.scheme.options["level_map"] == {"L3": "normal"}
    assert assess_periods(side.scheme, as_of=YEAR_END).problems == []
    # 1 h on 09:00-17:30 from Monday 09:00: due 10:00; resolved Wednesday 09:00 = 8.5 + 8.5
    # - 1 = 16 working hours late: the 4-24 h band, -0.2.
    [(code, points, text)] = late_lines(world, wo)
    assert (code, points) == ("W-LATE-4-24", Decimal("-0.2")) and "超时 16 小时" in text
    assert "级别 L3 未对应考核条款" not in agency.get(url).content.decode()
