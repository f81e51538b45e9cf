"""Each person chooses how they are told (My account: in the app, by e-mail, or both);
notification texts are a code and parameters, rendered in the reader's language; rows stored
in Chinese before are given their code by the migration."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.test import Client

from yunwei.core.accounts import do_set_preferences
from yunwei.core.models import AccountSettings, AuditEvent
from yunwei.workorders import actions
from yunwei.workorders.messages import render
from yunwei.workorders.models import Notification

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _client(user, lang: str | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if lang:
        client.cookies["yunwei_language"] = lang
    return client


def _self_report(world, capture):
    with capture(execute=True):
        return actions.do_create_workorder(
            world.a.contract, actor=world.a.users["requester"], title="门禁失灵",
            channel="self_service", requester=world.a.users["requester"])


@pytest.mark.parametrize(("channel", "email", "unread", "mailed"), [
    ("both", "desk@example.invalid", True, True),
    ("in_app", "desk@example.invalid", True, False),
    ("email", "desk@example.invalid", False, True),
    ("email", "", True, False),  # no address: told in the app all the same
])
def test_the_channel_is_respected(world, django_capture_on_commit_callbacks, channel, email,
                                  unread, mailed):
    desk = world.a.users["service_desk"]
    desk.email = email
    desk.save()
    do_set_preferences(desk, channel, "zh-hans")
    order = _self_report(world, django_capture_on_commit_callbacks)
    told = Notification.objects.get(user=desk, work_order=order)
    assert (told.read_at is None) == unread
    assert [m.to for m in mail.outbox] == ([[email]] if mailed else [])


def test_the_default_is_app_and_mail(world, django_capture_on_commit_callbacks):
    desk = world.a.users["service_desk"]
    desk.email = "desk@example.invalid"
    desk.save()
    order = _self_report(world, django_capture_on_commit_callbacks)
    assert Notification.objects.get(user=desk, work_order=order).read_at is None
    assert len(mail.outbox) == 1


def test_texts_are_codes_rendered_in_the_readers_language(world,
                                                          django_capture_on_commit_callbacks):
    desk = world.a.users["service_desk"]
    desk.email = "desk@example.invalid"
    desk.save()
    do_set_preferences(desk, "both", "en")
    order = _self_report(world, django_capture_on_commit_callbacks)
    told = Notification.objects.get(user=desk, work_order=order)
    assert told.code == "self_report"
    assert told.params == {"number": order.number, "title": "门禁失灵"}
    assert told.message("zh-hans") == f"新的自助报修 {order.number}：门禁失灵"
    assert told.message("en") == f"New self-service report {order.number}: 门禁失灵"
    assert mail.outbox[0].subject == f"[{order.number}] New self-service report " \
                                     f"{order.number}: 门禁失灵"
    zh_page = _client(desk).get("/workorders/notifications/").content.decode()
    en_page = _client(desk, "en").get("/workorders/notifications/").content.decode()
    assert "新的自助报修" in zh_page and "New self-service report" not in zh_page
    assert "New self-service report" in en_page and "新的自助报修" not in en_page


# code, params -> (Chinese, English), written by hand
RENDERED = [
    ("assigned", {"number": "A-1", "title": "t"}, "工单 A-1 已派给您：t",
     "Work order A-1 was assigned to you: t"),
    ("sla_warning", {"number": "A-1", "title": "t", "metric": "resolution",
                     "deadline": "2026-11-30T06:05:00+00:00"},
     "工单 A-1 的解决时限即将到期（2026-11-30 14:05）",
     "The resolution deadline of work order A-1 is near (2026-11-30 14:05)"),
    ("sla_breach", {"number": "A-1", "title": "t", "metric": "on_site"},
     "工单 A-1 的到场已超时", "Work order A-1 is past its on-site arrival deadline"),
]


@pytest.mark.parametrize(("code", "params", "zh", "en"), RENDERED)
def test_messages_in_both_languages(code, params, zh, en):
    assert render(code, params, "zh-hans") == zh
    assert render(code, params, "en") == en


def test_unknown_codes_and_missing_parameters_fall_back_to_the_stored_text(world):
    assert render("nope", {}, "en") is None
    assert render("assigned", {"number": "A-1"}, "en") is None
    row = world.a.notification  # a row without a code
    assert row.message("en") == row.text


def test_my_account_saves_the_choice_audited(world):
    user = world.a.users["vendor_engineer"]
    client = _client(user)
    page = client.get("/account/").content.decode()
    assert 'name="notify_channel"' in page and 'value="both"' in page
    response = client.post("/account/notifications/", {"notify_channel": "in_app",
                                                       "language": "en"})
    assert response.status_code == 302
    saved = AccountSettings.objects.get(user=user)
    assert (saved.notify_channel, saved.language) == ("in_app", "en")
    assert AuditEvent.objects.filter(object_type="core.accountsettings",
                                     object_id=str(user.pk)).exists()
    bad = client.post("/account/notifications/", {"notify_channel": "pigeon",
                                                  "language": "en"})
    assert bad.status_code == 200 and "pigeon" in bad.content.decode()
    assert AccountSettings.objects.get(user=user).notify_channel == "in_app"


def test_the_migration_gives_old_rows_their_code(world):
    from yunwei.calendars.models import SlaClockRecord

    migration = importlib.import_module(
        "yunwei.workorders.migrations.0005_notification_message_code")
    wo = world.a.work_order
    user = world.a.users["vendor_engineer"]
    clock = SlaClockRecord.objects.filter(subject_type="workorders.workorder").first()
    rows = {
        "assigned": Notification.objects.create(user=user, work_order=wo, kind="assigned:3",
                                                text=f"工单 {wo.number} 已派给您：{wo.title}"),
        "breach": Notification.objects.create(user=user, work_order=wo, kind="breach:9",
                                              text=f"工单 {wo.number} 的响应已超时"),
        "odd": Notification.objects.create(user=user, work_order=wo, kind="assigned:4",
                                           text="手写的通知"),
    }
    if clock is not None and clock.deadline is not None:
        rows["warning"] = Notification.objects.create(
            user=user, work_order=wo, kind=f"warning:{clock.pk}",
            text=f"工单 {wo.number} 的解决时限即将到期（11-30 14:05）")
    migration.forwards(django_apps, None)
    for row in rows.values():
        row.refresh_from_db()
    assert rows["assigned"].code == "assigned"
    assert rows["assigned"].message("en") == f"Work order {wo.number} was assigned to you: " \
                                             f"{wo.title}"
    assert rows["breach"].code == "sla_breach" and rows["breach"].params["metric"] == "response"
    assert rows["odd"].code == "" and rows["odd"].message("en") == "手写的通知"
    if "warning" in rows:
        assert rows["warning"].params["deadline"] == clock.deadline.isoformat()
