"""The SLA clock state machine."""

from __future__ import annotations

import datetime as dt

import pytest

from yunwei.worktime import CalendarError, WorkCalendar
from yunwei.worktime.clock import TRANSITIONS, ClockEvent, SlaClock

TZ = dt.timezone(dt.timedelta(hours=8))


def T(*args):
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture
def office():
    return WorkCalendar("09:00-17:30", known_years=range(2000, 2061))


def test_running_paused_resumed_met(office):
    clock = SlaClock(office, 8 * 3600, label="受理")
    clock.apply(ClockEvent("start", T(2026, 11, 2, 9, 0)))
    clock.apply(ClockEvent("pause", T(2026, 11, 2, 10, 0), reason="等待用户确认"))
    paused = clock.status(T(2026, 11, 2, 10, 30))
    assert paused.state == "paused" and paused.deadline is None
    assert paused.remaining == 7 * 3600
    clock.apply(ClockEvent("resume", T(2026, 11, 2, 11, 0)))
    status = clock.status(T(2026, 11, 2, 12, 0))
    assert status.deadline == T(2026, 11, 3, 9, 30)
    assert status.remaining == 6 * 3600
    assert "暂停 11-02 10:00–11:00（不计时）" in status.explanation.explain()
    clock.apply(ClockEvent("stop", T(2026, 11, 3, 9, 0)))
    done = clock.status(T(2026, 11, 9))
    assert done.met is True and not done.breached


def test_warning_and_breach(office):
    clock = SlaClock(office, 4 * 3600, warn_ratio=0.75)
    clock.apply(ClockEvent("start", T(2026, 11, 2, 9, 0)))
    assert clock.status(T(2026, 11, 2, 11, 59)).warning is False
    assert clock.status(T(2026, 11, 2, 12, 0)).warning is True
    assert clock.status(T(2026, 11, 2, 12, 0)).warn_at == T(2026, 11, 2, 12, 0)
    late = clock.status(T(2026, 11, 2, 13, 1))
    assert late.breached and late.remaining == -60
    clock.apply(ClockEvent("stop", T(2026, 11, 2, 14, 0)))
    assert clock.status(T(2026, 11, 3)).met is False


def test_extension_needs_reason_and_approver(office):
    clock = SlaClock(office, 8 * 3600)
    clock.apply(ClockEvent("start", T(2026, 11, 2, 9, 0)))
    with pytest.raises(CalendarError, match="原因和批准人"):
        clock.apply(ClockEvent("extend", T(2026, 11, 2, 10, 0), extra_seconds=3600))
    clock.apply(ClockEvent("extend", T(2026, 11, 2, 10, 0), reason="等待原厂备件",
                           approver="陈丽", extra_seconds=3600))
    status = clock.status(T(2026, 11, 2, 10, 0))
    assert status.target == 9 * 3600 and status.deadline == T(2026, 11, 3, 9, 30)
    assert "延期：等待原厂备件（批准人 陈丽）" in status.extensions[0].text_zh
    clock.apply(ClockEvent("extend", T(2026, 11, 2, 11, 0), reason="书面同意", approver="陈丽",
                           new_deadline=T(2026, 11, 6, 17, 0)))
    assert clock.status(T(2026, 11, 2, 11, 0)).deadline == T(2026, 11, 6, 17, 0)


@pytest.mark.parametrize(("events", "bad"), [
    ([], "resume"), ([], "pause"), ([], "stop"),
    (["start"], "start"), (["start"], "resume"),
    (["start", "stop"], "start"), (["start", "stop"], "pause"),
])
def test_illegal_transitions_are_refused(office, events, bad):
    clock = SlaClock(office, 3600)
    for i, kind in enumerate(events):
        clock.apply(ClockEvent(kind, T(2026, 11, 2, 9, i)))
    with pytest.raises(CalendarError, match="不能"):
        clock.apply(ClockEvent(bad, T(2026, 11, 2, 10, 0), reason="r"))
    assert (clock.state, bad) not in TRANSITIONS


def test_events_out_of_order_are_refused(office):
    clock = SlaClock(office, 3600)
    clock.apply(ClockEvent("start", T(2026, 11, 2, 9, 0)))
    with pytest.raises(CalendarError, match="早于上一事件"):
        clock.apply(ClockEvent("pause", T(2026, 11, 2, 8, 0), reason="r"))


def test_engine_has_no_django_import():
    import subprocess
    import sys

    code = ("import sys, yunwei.worktime, yunwei.worktime.clock, yunwei.worktime.notice, "
            "yunwei.worktime.china; assert 'django' not in sys.modules, 'django imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
