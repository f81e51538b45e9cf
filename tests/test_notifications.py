"""Notifications that reach people (issue #10): the bell with the unread count in the header,
the desk told of a requester's own report, and each mail with a link to the order."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_bell_shows_the_unread_count(world):
    engineer = world.a.users["vendor_engineer"]  # the world's one unread notification
    page = _client(engineer).get("/").content.decode()
    assert 'href="/workorders/notifications/"' in page
    assert '<span class="badge">1</span>' in page
    other = _client(world.a.users["supervisor"]).get("/").content.decode()
    assert 'href="/workorders/notifications/"' in other and 'class="badge"' not in other


def test_self_report_tells_the_desk_by_mail_with_a_link(world, settings,
                                                         django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://yunwei.example.gov.cn"
    desk = world.a.users["service_desk"]
    desk.email = "desk@example.invalid"
    desk.save()
    from yunwei.workorders import actions
    from yunwei.workorders.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        order = actions.do_create_workorder(
            world.a.contract, actor=world.a.users["requester"], title="门禁失灵",
            channel="self_service", requester=world.a.users["requester"])
    told = Notification.objects.get(user=desk, work_order=order)
    assert order.number in told.text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["desk@example.invalid"]
    assert f"https://yunwei.example.gov.cn/workorders/{order.pk}/" in mail.outbox[0].body
    # A call the desk logs itself tells nobody at the desk.
    with django_capture_on_commit_callbacks(execute=True):
        logged = actions.do_create_workorder(world.a.contract, actor=desk, title="电话报修",
                                             channel="phone",
                                             requester=world.a.users["requester"])
    assert not Notification.objects.filter(work_order=logged).exists()
