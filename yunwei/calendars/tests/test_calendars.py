"""Calendars in the platform: notices entered, deadlines flagged and recomputed, terms edited."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from yunwei.calendars import actions
from yunwei.calendars.models import HolidayDay, HolidayYear, SlaClockEvent, SlaClockRecord
from yunwei.calendars.provider import engine_for
from yunwei.core import context
from yunwei.core.models import AuditEvent
from yunwei.worktime import CalendarError
from yunwei.worktime.engine import TZ

pytestmark = pytest.mark.django_db

NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（农历除夕、周六）至14日（农历正月初八、周日）放假调休，共9天。2月20日（周六）上班。
"""


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def T(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def test_unentered_year_is_flagged_then_recomputed_when_entered(world):
    target = world.a.target  # 8 h on 09:00-17:30
    with context.acting(None):
        clock = actions.do_start_clock(world.a.contract, world.a.equipment, target,
                                       T(2027, 1, 1, 9, 0), label="受理")
    assert clock.deadline == T(2027, 1, 1, 17, 0)  # Friday assumed to be a working day
    assert clock.flags == ["2027 年节假日安排尚未录入，按周一至周五计算"]

    client = login(world.root)
    preview = client.post("/calendars/holidays/add/", {"text": NOTICE_2027})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "春节：放假 02-06 至 02-14，共 9 天" in page and "02-20（周六）" in page
    assert not HolidayYear.objects.filter(year=2027).exists()  # nothing stored by a preview

    saved = client.post("/calendars/holidays/add/", {"text": NOTICE_2027, "confirm": "1"})
    assert saved.status_code == 302
    year = HolidayYear.objects.get(year=2027)
    assert year.confirmed and year.days.count() == 13
    clock.refresh_from_db()
    assert clock.deadline == T(2027, 1, 4, 17, 0)  # 01-01..01-03 off now
    assert clock.flags == []
    assert AuditEvent.objects.filter(object_type="calendars.holidayday").count() >= 13


def test_notice_with_a_typo_is_refused_with_a_clear_message(world):
    client = login(world.root)
    bad = NOTICE_2027.replace("1月1日（周五）", "1月1日（周四）")
    response = client.post("/calendars/holidays/add/", {"text": bad, "confirm": "1"})
    assert response.status_code == 400
    assert "2027-01-01 是周五，通知写的是周四" in response.content.decode()
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_only_system_admins_enter_holidays(world):
    for role in ("agency_admin", "vendor_pm", "expert"):
        response = login(world.a.users[role]).post("/calendars/holidays/add/",
                                                    {"text": NOTICE_2027, "confirm": "1"})
        assert response.status_code == 403
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_entered_day_overrides_the_package(world):
    with context.acting(world.root):
        actions.do_save_arrangement(2026, {dt.date(2026, 11, 20): "测试调整"}, {},
                                    source="manual")
    engine = engine_for("office", "09:00-17:30")
    assert not engine.is_workday(dt.date(2026, 11, 20))
    assert engine.is_workday(dt.date(2026, 10, 1))  # the whole year is replaced


def _order_over_the_fixture_holiday(world):
    """A work order issued on Monday 2040-01-02 09:00, a holiday in the fixture: urgent, 8 h
    to resolve on the 09:00-17:30 calendar (yunwei.testing)."""
    from unittest import mock

    from yunwei.workorders.actions import do_create_workorder

    # A report time may not lie in the future: log it as if it were 2040-01-02 09:30.
    with mock.patch("yunwei.workorders.actions.intake.timezone.now",
                    return_value=T(2040, 1, 2, 9, 30)):
        return do_create_workorder(world.a.contract, actor=world.a.users["service_desk"],
                                   title="节假日 报修", channel="phone", level_code="urgent",
                                   requester_name="王五", reported_at=T(2040, 1, 2, 9, 0))


def _delete_fixture_holiday(world) -> None:
    day = HolidayDay.objects.get(date=dt.date(2040, 1, 2))
    response = login(world.root).post(f"/calendars/holidays/days/{day.pk}/delete/")
    assert response.status_code == 302


def test_manual_day_entry_recomputes(world):
    with context.acting(None):
        clock = actions.do_start_clock(world.a.contract, world.a.equipment, world.a.target,
                                       T(2040, 1, 2, 9, 0))
    # By hand: the holiday does not count; Tuesday 09:00 + 8 h = Tuesday 17:00.
    assert clock.deadline == T(2040, 1, 3, 17, 0)
    _delete_fixture_holiday(world)
    clock.refresh_from_db()
    # By hand: Monday is a working day again; 09:00 + 8 h = Monday 17:00.
    assert clock.deadline == T(2040, 1, 2, 17, 0)


def test_manual_day_entry_recomputes_the_work_orders_deadline(world):
    from yunwei.workorders.models import WorkOrder

    wo = _order_over_the_fixture_holiday(world)
    assert wo.resolution_deadline == T(2040, 1, 3, 17, 0)  # by hand, as above
    _delete_fixture_holiday(world)
    clock = SlaClockRecord.objects.get(subject_type="workorders.workorder",
                                       subject_id=str(wo.pk), target=world.a.target)
    assert clock.deadline == T(2040, 1, 2, 17, 0)  # the clock moved
    shown = login(world.a.users["vendor_engineer"]).get(f"/api/workorders/{wo.pk}/").json()
    stored = WorkOrder.objects.get(pk=wo.pk).resolution_deadline
    assert (stored, dt.datetime.fromisoformat(shown["resolution_deadline"])) == (
        T(2040, 1, 2, 17, 0), T(2040, 1, 2, 17, 0))


def test_clock_events_are_logged_and_explained(world):
    with context.acting(None):
        clock = actions.do_start_clock(world.a.contract, world.a.equipment, world.a.target,
                                       T(2026, 11, 2, 9, 0))
        actions.do_clock_event(clock, "pause", T(2026, 11, 2, 10, 0), reason="等待用户")
        actions.do_clock_event(clock, "resume", T(2026, 11, 2, 11, 0))
    clock.refresh_from_db()
    assert clock.state == "running" and clock.deadline == T(2026, 11, 3, 9, 30)
    status = actions.clock_status(clock, T(2026, 11, 2, 12, 0))
    assert "暂停 11-02 10:00–11:00（不计时）" in status.explanation.explain()
    kinds = list(clock.events.values_list("kind", flat=True))
    assert kinds == ["pause", "resume"] and clock.started_at == T(2026, 11, 2, 9, 0)
    with pytest.raises(CalendarError, match="不能"):
        actions.do_clock_event(clock, "resume", T(2026, 11, 2, 12, 0))
    assert clock.events.count() == 2  # the refused event left nothing behind


def test_breach_is_recorded_once(world):
    with context.acting(None):
        clock = actions.do_start_clock(world.a.contract, world.a.equipment, world.a.target,
                                       T(2026, 11, 2, 9, 0))
        actions.recompute_open_clocks(now=T(2026, 11, 4, 9, 0))
        actions.recompute_open_clocks(now=T(2026, 11, 5, 9, 0))
    clock.refresh_from_db()
    assert clock.breached
    assert SlaClockEvent.objects.filter(clock=clock, kind="breach").count() == 1


def test_worker_records_breaches_of_due_clocks(world):
    with context.acting(None):
        clock = actions.do_start_clock(world.a.contract, world.a.equipment, world.a.target,
                                       T(2026, 11, 2, 9, 0))
    assert actions.check_due_clocks(now=T(2026, 11, 2, 12, 0)) == 0
    assert actions.check_due_clocks(now=T(2026, 11, 3, 12, 0)) == 1
    assert actions.check_due_clocks(now=T(2026, 11, 4, 12, 0)) == 0
    clock.refresh_from_db()
    assert clock.breached and clock.events.filter(kind="breach").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_events_on_one_clock_do_not_both_apply():
    from yunwei.testing import make_world

    world = make_world()
    with context.acting(None):
        clock = actions.do_start_clock(world.a.contract, world.a.equipment, world.a.target,
                                       T(2026, 11, 2, 9, 0))
    results: list[str] = []

    def pause() -> None:
        try:
            with context.acting(None):
                actions.do_clock_event(clock, "pause", T(2026, 11, 2, 10, 0), reason="r")
            results.append("ok")
        except CalendarError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pause) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused", "refused", "refused"]
    assert SlaClockEvent.objects.filter(clock=clock, kind="pause").count() == 1


def test_calendar_form_rejects_bad_hours(world):
    client = login(world.a.users["agency_admin"])
    response = client.post("/calendars/calendars/add/", {
        "contract": world.a.contract.pk, "name": "夜班", "kind": "office", "hours": "17:30-09:00"})
    assert response.status_code == 400
    assert "结束早于或等于开始" in response.content.decode()


def test_target_on_a_foreign_calendar_is_refused(world):
    client = login(world.a.users["agency_admin"])
    response = client.post("/calendars/sla-targets/add/", {
        "policy": world.a.policy.pk, "level_code": "L9", "level_name": "x", "metric": "response",
        "minutes": 5, "calendar": world.b.calendar.pk, "warn_percent": 75})
    assert response.status_code == 400


def test_vendor_sees_terms_read_only(world):
    client = login(world.a.users["vendor_pm"])
    page = client.get(f"/calendars/sla/{world.a.policy.pk}/").content.decode()
    assert world.a.target.level_name in page
    assert f"/calendars/sla/{world.a.policy.pk}/edit/" not in page
    assert client.get(f"/calendars/sla/{world.a.policy.pk}/edit/").status_code == 403


def test_deadline_calculator(world):
    client = login(world.a.users["vendor_engineer"])
    response = client.get(f"/calendars/sla/{world.a.policy.pk}/calculate/",
                          {"target": world.a.target.pk, "start": "2025-09-26T15:00"})
    assert response.status_code == 200
    assert "2025-09-28 14:30" in response.content.decode()
    bad = client.get(f"/calendars/sla/{world.a.policy.pk}/calculate/",
                     {"target": world.b.target.pk, "start": "2025-09-26T15:00"})
    assert world.b.target.level_name not in bad.content.decode()


def test_api_deadline_and_notice_import(world):
    token, _ = Token.objects.get_or_create(user=world.a.users["supervisor"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get(f"/api/calendars/{world.a.calendar.pk}/deadline/",
                       {"start": "2025-09-26T15:00:00+08:00", "minutes": 480})
    assert response.status_code == 200, response.content
    assert response.json()["deadline"].startswith("2025-09-28T14:30")
    assert api.get(f"/api/calendars/{world.b.calendar.pk}/deadline/",
                   {"start": "2025-09-26T15:00:00+08:00", "minutes": 480}).status_code == 404
    assert api.post("/api/holiday-years/import/", {"text": NOTICE_2027}).status_code == 403

    root_token, _ = Token.objects.get_or_create(user=world.root)
    api.credentials(HTTP_AUTHORIZATION=f"Token {root_token.key}")
    dry = api.post("/api/holiday-years/import/", {"text": NOTICE_2027}, format="json")
    assert dry.status_code == 200 and dry.json()["stored"] is False
    typo = api.post("/api/holiday-years/import/",
                    {"text": NOTICE_2027.replace("共9天", "共8天"), "dry_run": False},
                    format="json")
    assert typo.status_code == 400 and "共 8 天" in typo.json()["detail"]
    assert typo.json()["detail_en"] and typo.json()["request_id"]  # one error shape everywhere
    stored = api.post("/api/holiday-years/import/", {"text": NOTICE_2027, "dry_run": False},
                      format="json")
    assert stored.status_code == 200 and stored.json()["stored"] is True


def test_cli(world, capsys, tmp_path):
    call_command("calendar", "add", "2025-09-26 15:00", "8h", "--hours", "09:00-17:30")
    assert capsys.readouterr().out.strip() == "2025-09-28 14:30"
    call_command("calendar", "add", "2025-09-26 15:00", "30m", "--calendar", "24x7")
    assert capsys.readouterr().out.strip() == "2025-09-26 15:30"
    call_command("calendar", "workdays-add", "2025-09-30", "10")
    assert capsys.readouterr().out.strip() == "2025-10-21"
    call_command("calendar", "show", "2026-10")
    out = capsys.readouterr().out
    assert "1休" in out and "10班" in out and "国庆节" in out
    with pytest.raises(CommandError, match="未知的时长单位"):
        call_command("calendar", "add", "2025-09-26 15:00", "8x")
    with pytest.raises(CommandError, match="无法识别的时间"):
        call_command("calendar", "add", "yesterday", "8h")
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    call_command("calendar", "import-notice", str(notice))
    assert "春节" in capsys.readouterr().out
    assert not HolidayYear.objects.filter(year=2027).exists()
    call_command("calendar", "import-notice", str(notice), "--save")
    assert HolidayYear.objects.get(year=2027).confirmed


@pytest.mark.parametrize("url", ["/calendars/sla-targets/", "/calendars/calendars/",
                                 "/calendars/sla/", "/calendars/holidays/",
                                 "/calendars/pause-reasons/"])
def test_list_query_counts(world, url):
    from django.test.utils import CaptureQueriesContext

    from yunwei.calendars.models import PauseReason, SlaPolicy, SlaTarget, WorkingCalendar

    client = login(world.a.users["agency_admin"])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(20):
        cal = WorkingCalendar.objects.create(contract=world.a.contract, name=f"c{i}")
        policy = SlaPolicy.objects.create(contract=world.a.contract, name=f"p{i}")
        SlaTarget.objects.create(policy=policy, level_code=f"x{i}", level_name=f"n{i}",
                                 metric="response", minutes=5 + i, calendar=cal)
        PauseReason.objects.create(policy=policy, code=f"r{i}", name=f"r{i}")
        HolidayYear.objects.create(year=2041 + i)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small) <= 14


def test_clock_records_are_scoped(world):
    from yunwei.core.scoping import restrict

    with context.acting(None), transaction.atomic():
        actions.do_start_clock(world.b.contract, world.b.equipment, world.b.target,
                               T(2026, 11, 2, 9, 0))
    visible = restrict(SlaClockRecord.objects.all(), world.a.users["agency_admin"])
    assert visible.exists()
    assert not visible.filter(contract=world.b.contract).exists()
