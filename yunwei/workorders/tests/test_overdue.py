"""Overdue means any of an order's clocks breached or runs past its deadline: the queue, the
dashboard and WorkOrder.is_overdue agree, and a response breach counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from yunwei.calendars.models import SlaTarget, WorkingCalendar
from yunwei.core import context
from yunwei.workorders import actions
from yunwei.workorders.models import Notification, WorkOrder
from yunwei.workorders.reports import dashboard

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def overdue_queue(side) -> str:
    return login(side.users["service_desk"]).get(
        f"/workorders/?contract={side.contract.pk}&queue=overdue").content.decode()


def test_a_response_breach_makes_the_order_overdue_everywhere(world):
    side = world.a
    always = WorkingCalendar.objects.create(contract=side.contract, name="全天", kind="24x7")
    SlaTarget.objects.create(policy=side.policy, level_code="urgent", level_name="紧急",
                             metric="response", minutes=5, calendar=always)
    now = timezone.now().replace(microsecond=0)
    with context.acting(None):
        late = actions.do_create_workorder(
            side.contract, actor=side.users["service_desk"], title="无人响应", channel="phone",
            requester=side.users["requester"],
            reported_at=now - dt.timedelta(minutes=30))
        answered = actions.do_create_workorder(
            side.contract, actor=side.users["service_desk"], title="及时响应", channel="phone",
            requester=side.users["requester"],
            reported_at=now - dt.timedelta(minutes=30))
        actions.do_transition(answered.pk, "accept", actor=side.users["service_desk"],
                              version=None, at=now - dt.timedelta(minutes=28))
        counts = actions.watch_sla(now)
    assert counts["breaches"] == 1
    assert Notification.objects.filter(work_order=late, kind__startswith="breach").exists()
    late.refresh_from_db()
    answered.refresh_from_db()
    # Resolution is still hours away (8 h on 09:00-17:30); the response is 25 min late.
    assert late.resolution_deadline > now
    assert late.sla_breached and late.is_overdue
    assert not answered.is_overdue  # its response clock stopped in time: no longer counted
    page = overdue_queue(side)
    assert late.number in page and answered.number not in page
    assert dashboard(side.contract, now=now)["overdue"] == 1


def test_an_open_clock_past_its_deadline_is_overdue_before_the_worker_runs(world):
    side = world.a
    always = WorkingCalendar.objects.create(contract=side.contract, name="全天", kind="24x7")
    SlaTarget.objects.create(policy=side.policy, level_code="urgent", level_name="紧急",
                             metric="on_site", minutes=60, calendar=always)
    now = timezone.now().replace(microsecond=0)
    with context.acting(None):
        wo = actions.do_create_workorder(
            side.contract, actor=side.users["service_desk"], title="未到场", channel="phone",
            requester=side.users["requester"],
            reported_at=now - dt.timedelta(hours=2))
    wo = WorkOrder.objects.get(pk=wo.pk)
    assert not wo.sla_breached  # nothing recorded yet
    assert wo.next_deadline == now - dt.timedelta(hours=1)
    assert wo.is_overdue
    assert wo.number in overdue_queue(side)
    assert dashboard(side.contract, now=now)["overdue"] == 1


def test_the_sla_worker_locks_the_order_before_its_clock(world):
    """The lifecycle locks an order, then its clocks; the worker recording a breach must take
    the same order, or the two can deadlock on PostgreSQL. Recorded from the SQL sent (the
    locking statements on PostgreSQL; on SQLite, which has no row locks, the reads in order)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    side = world.a
    always = WorkingCalendar.objects.create(contract=side.contract, name="全天", kind="24x7")
    SlaTarget.objects.create(policy=side.policy, level_code="urgent", level_name="紧急",
                             metric="response", minutes=5, calendar=always)
    now = timezone.now().replace(microsecond=0)
    with context.acting(None):
        actions.do_create_workorder(
            side.contract, actor=side.users["service_desk"], title="无人响应", channel="phone",
            requester=side.users["requester"], reported_at=now - dt.timedelta(minutes=30))
        with CaptureQueriesContext(connection) as queries:
            assert actions.watch_sla(now)["breaches"] == 1
    locking = connection.features.has_select_for_update
    tables = []
    for query in queries.captured_queries:
        sql = query["sql"]
        if not sql.startswith("SELECT") or (locking and "FOR UPDATE" not in sql):
            continue
        head, _, where = sql.partition(" WHERE ")
        for table in ("workorders_workorder", "calendars_slaclockrecord"):
            # one row read by its key: the lock (a listing of due clocks locks nothing)
            if (f'FROM "{table}"' in head and f'"{table}"."id" = ' in where
                    and table not in tables):
                tables.append(table)
    assert tables[:2] == ["workorders_workorder", "calendars_slaclockrecord"]
