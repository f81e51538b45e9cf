"""变更历史 reads as the page does (issue #10): field labels, choice labels, 是/否 and local
times instead of field codes, codes, True/False and UTC ISO timestamps. The audit itself keeps
the codes."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from yunwei.core import context
from yunwei.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _history(html: str) -> str:
    return html[html.index('id="history"'):]


def test_history_shows_labels_yes_no_and_local_time(world):
    desk = world.a.desk
    with context.acting(world.a.users["agency_admin"], source="test"):
        desk.phone_first = False
        desk.save()
    event = AuditEvent.objects.filter(object_type="workorders.desksettings",
                                      object_id=str(desk.pk)).order_by("id").last()
    assert event.before["phone_first"] is True and event.after["phone_first"] is False

    client = Client()
    client.force_login(world.a.users["agency_admin"])
    history = _history(client.get(f"/workorders/settings/{desk.pk}/").content.decode())
    assert "phone_first" not in history and "先电话后工单" in history
    assert "<del>是</del> → 否" in history
    assert "True" not in history and "False" not in history

    order = world.a.work_order
    history = _history(client.get(f"/workorders/{order.pk}/").content.decode())
    assert "reported_at" not in history and "报告时间" in history
    assert "渠道: 电话" in history  # the choice's label, not the code "phone"
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", history), "an ISO timestamp"
    from django.utils import timezone

    local = timezone.localtime(order.reported_at).strftime("%Y-%m-%d %H:%M:%S")
    assert local in history
