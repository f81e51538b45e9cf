"""The clock is the only source of a deadline: an order keeps the terms in force when it was
reported; a change of the law (holidays, a calendar's hours) moves open deadlines and every copy
of them; the triggers live in the actions, so the API recomputes like the pages do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from yunwei.calendars import actions
from yunwei.calendars.models import SlaClockRecord, SlaTarget, WorkingCalendar
from yunwei.core import context
from yunwei.workorders import actions as wo_actions
from yunwei.workorders import printing
from yunwei.workorders.models import WorkOrder
from yunwei.worktime.china import package_arrangement

pytestmark = pytest.mark.django_db

MIN = dt.timedelta(minutes=1)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def new_order(side, level: str, reported_at: dt.datetime, title: str = "故障") -> WorkOrder:
    with context.acting(None):
        return wo_actions.do_create_workorder(
            side.contract, actor=side.users["service_desk"], title=title, channel="phone",
            requester=side.users["requester"], level_code=level, reported_at=reported_at)


def clock(wo: WorkOrder, metric: str) -> SlaClockRecord:
    return SlaClockRecord.objects.get(subject_type="workorders.workorder",
                                      subject_id=str(wo.pk), target__metric=metric)


def test_editing_a_target_keeps_the_terms_of_orders_already_reported(world, monkeypatch):
    side = world.a
    always = WorkingCalendar.objects.create(contract=side.contract, name="全天", kind="24x7")
    target = SlaTarget.objects.create(policy=side.policy, level_code="p1", level_name="一级",
                                      metric="on_site", minutes=240, calendar=always)
    reported = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    old = new_order(side, "p1", reported, "旧工单")
    due = reported + dt.timedelta(minutes=240)  # 4 h on 7x24, by hand
    assert old.on_site_deadline == due

    before_edit = timezone.now().replace(microsecond=0) - dt.timedelta(seconds=1)
    response = api(side.users["agency_admin"]).patch(f"/api/sla-targets/{target.pk}/",
                                                      {"minutes": 180}, format="json")
    assert response.status_code == 200, response.content

    # The order keeps 4 h, and says so everywhere: its clock, its copies, the API, the page,
    # the PDF (the requirement of the clock's own version next to its own deadline).
    old.refresh_from_db()
    assert clock(old, "on_site").deadline == due
    assert old.on_site_deadline == due
    body = api(side.users["service_desk"]).get(f"/api/workorders/{old.pk}/").json()
    assert dt.datetime.fromisoformat(body["on_site_deadline"]) == due
    page = login(side.users["service_desk"]).get(old.get_absolute_url()).content.decode()
    assert "</strong> · 4 小时 " in page and local(due) in page  # the clock's limit and due
    assert "</strong> · 3 小时 " not in page and local(due - dt.timedelta(hours=1)) not in page
    seen = {}
    monkeypatch.setattr(printing, "render_pdf", lambda template, ctx: seen.update(ctx) or b"%PDF")
    printing.workorder_pdf(old)
    assert [(c["minutes"], c["deadline"]) for c in seen["clocks"]] == [(240, due)]

    # An order reported after the edit runs on the new terms; one entered late but reported
    # before the edit keeps the old ones.
    now = timezone.now().replace(microsecond=0) + dt.timedelta(seconds=1)
    assert new_order(side, "p1", now).on_site_deadline == now + dt.timedelta(minutes=180)
    assert new_order(side, "p1", before_edit).on_site_deadline == \
        before_edit + dt.timedelta(minutes=240)


def test_editing_a_target_in_the_page_keeps_open_deadlines_too(world):
    side = world.a
    wo = side.work_order
    due = clock(wo, "resolution").deadline
    target = side.target
    response = login(side.users["agency_admin"]).post(
        f"/calendars/sla-targets/{target.pk}/edit/",
        {"policy": side.policy.pk, "level_code": "urgent", "level_name": target.level_name,
         "metric": "resolution", "minutes": 60, "calendar": side.calendar.pk,
         "warn_percent": 75, "clause": "第五条"})
    assert response.status_code == 302, response.content.decode()[:2000]
    wo.refresh_from_db()
    assert clock(wo, "resolution").deadline == due == wo.resolution_deadline
    assert [(v.minutes, v.clause) for v in target.versions.order_by("id")] == \
        [(480, ""), (60, "第五条")]


def test_calendar_edited_through_the_api_recomputes_open_clocks_and_their_copies(world):
    side = world.a
    reported = timezone.now().replace(microsecond=0) - dt.timedelta(hours=10)
    wo = new_order(side, "urgent", reported)  # 8 h on 09:00-17:30
    response = api(side.users["agency_admin"]).patch(
        f"/api/calendars/{side.calendar.pk}/", {"kind": "24x7"}, format="json")
    assert response.status_code == 200, response.content
    due = reported + dt.timedelta(hours=8)  # on 7x24 now: two hours ago
    wo.refresh_from_db()
    assert clock(wo, "resolution").deadline == due
    assert wo.resolution_deadline == due and wo.next_deadline == due
    assert wo.is_overdue
    queue = login(side.users["service_desk"]).get(
        f"/workorders/?contract={side.contract.pk}&queue=overdue").content.decode()
    assert wo.number in queue and side.work_order.number not in queue


def test_calendar_edited_in_the_page_recomputes_too(world):
    side = world.a
    reported = timezone.now().replace(microsecond=0) - dt.timedelta(hours=10)
    wo = new_order(side, "urgent", reported)
    response = login(side.users["agency_admin"]).post(
        f"/calendars/calendars/{side.calendar.pk}/edit/",
        {"contract": side.contract.pk, "name": side.calendar.name, "kind": "24x7", "hours": "",
         "description": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    wo.refresh_from_db()
    assert wo.resolution_deadline == reported + dt.timedelta(hours=8)


def test_a_renamed_calendar_recomputes_nothing(world):
    side = world.a
    response = api(side.users["agency_admin"]).patch(
        f"/api/calendars/{side.calendar.pk}/", {"name": "驻场（新名）"}, format="json")
    assert response.status_code == 200
    versions = set(SlaClockRecord.objects.values_list("pk", "version"))
    assert actions.do_save_calendar(WorkingCalendar.objects.get(pk=side.calendar.pk))[1] == 0
    assert set(SlaClockRecord.objects.values_list("pk", "version")) == versions


def test_a_holiday_year_entered_moves_open_deadlines_and_every_copy(world):
    side = world.a
    wo = new_order(side, "urgent", timezone.now().replace(microsecond=0) - MIN)
    before = wo.resolution_deadline
    day = timezone.localtime(before).date()
    holidays, workdays, _years = package_arrangement()
    year_holidays = {d: n for d, n in holidays.items() if d.year == day.year}
    year_workdays = {d: n for d, n in workdays.items() if d.year == day.year}
    year_holidays[day] = "测试假日"  # the day the order was due is now a holiday
    with context.acting(world.root):
        actions.do_save_arrangement(day.year, year_holidays, year_workdays, source="manual")
    wo.refresh_from_db()
    moved = clock(wo, "resolution").deadline
    assert timezone.localtime(moved).date() > day
    assert wo.resolution_deadline == moved == wo.next_deadline
    body = api(side.users["service_desk"]).get(f"/api/workorders/{wo.pk}/").json()
    assert dt.datetime.fromisoformat(body["resolution_deadline"]) == moved
