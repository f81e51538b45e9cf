"""Reminders before an accident's report deadline and a vulnerability's fix deadline
(operations.reminders through core.notices): once per deadline, at the lead time the contract
sets, to the vendor, in the app and by mail as each person chose, in their language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from yunwei.core import jobs
from yunwei.core.accounts import do_set_preferences
from yunwei.core.models import Notice
from yunwei.operations import actions
from yunwei.operations.models import AccidentLevel, OperationsPolicy, Vulnerability
from yunwei.operations.reminders import send_reminders

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def t(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def accident(world):
    """A level-2 accident (report due 24 h after it occurred) at 2025-03-02 09:00."""
    c = world.a.contract
    for key in ("vendor_pm", "vendor_engineer"):
        user = world.a.users[key]
        user.email = f"{key}@vendor.example"
        user.save()
    level = AccidentLevel.objects.create(contract=c, code="2", name="二级事故",
                                         report_hours=D(24), rank=2)
    acc = actions.do_open_accident(c, actor=world.a.users["vendor_pm"], title="分会场中断",
                                   occurred_at=t(2, 9))
    return actions.do_set_preliminary_level(acc, actor=world.a.users["vendor_pm"], level=level)


def vendor(world):
    return {world.a.users["vendor_pm"], world.a.users["vendor_engineer"]}


def run(now, capture):
    with capture(execute=True):
        return send_reminders(now)


def test_report_reminder_at_the_hand_computed_time_once(world, accident,
                                                        django_capture_on_commit_callbacks):
    # due 2025-03-03 09:00 (+08); the default lead is 4 h: reminded from 05:00 on
    assert accident.report_deadline == t(3, 9)
    assert run(t(3, 4, 59), django_capture_on_commit_callbacks)["operations.report_due"] == 0
    assert not Notice.objects.exists()
    told = run(t(3, 5, 0), django_capture_on_commit_callbacks)
    assert told["operations.report_due"] == 2
    assert {n.user for n in Notice.objects.all()} == vendor(world)
    assert run(t(3, 5, 5), django_capture_on_commit_callbacks)["operations.report_due"] == 0
    assert Notice.objects.count() == 2  # one reminder per person and deadline
    notice = Notice.objects.first()
    assert notice.url == accident.get_absolute_url()
    assert notice.contract_id == world.a.contract.pk
    assert notice.message("zh-hans") == "事故“分会场中断”的分析报告须于 2025-03-03 09:00 前提交。"
    assert notice.message("en") == ("The analysis report of accident “分会场中断” is due at "
                                    "2025-03-03 09:00.")
    # the mails left on commit, one per language (both users: Chinese by default)
    assert len(mail.outbox) == 1 and set(mail.outbox[0].to) == {
        "vendor_pm@vendor.example", "vendor_engineer@vendor.example"}
    assert mail.outbox[0].subject.startswith("事故“分会场中断”的分析报告")


def test_no_reminder_once_submitted_or_past(world, accident, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    actions.do_submit_report(accident, actor=world.a.users["vendor_pm"],
                             file=ContentFile(b"%PDF", name="r.pdf"), at=t(2, 20))
    assert run(t(3, 6), django_capture_on_commit_callbacks)["operations.report_due"] == 0
    assert not Notice.objects.exists()


def test_past_deadline_is_not_reminded(world, accident, django_capture_on_commit_callbacks):
    assert run(t(3, 9, 1), django_capture_on_commit_callbacks)["operations.report_due"] == 0


def test_contract_lead_time_and_a_moved_deadline(world, accident,
                                                 django_capture_on_commit_callbacks):
    OperationsPolicy.objects.filter(contract=world.a.contract).update(
        report_reminder_hours=10, vulnerability_reminder_hours=0)
    # 10 h before 2025-03-03 09:00 is 2025-03-02 23:00
    assert run(t(2, 22, 59), django_capture_on_commit_callbacks)["operations.report_due"] == 0
    assert run(t(2, 23), django_capture_on_commit_callbacks)["operations.report_due"] == 2
    # the level moves the deadline (12 h: 2025-03-02 21:00 is past; 48 h: 2025-03-04 09:00)
    level3 = AccidentLevel.objects.create(contract=world.a.contract, code="3", name="三级",
                                          report_hours=D(48), rank=3)
    actions.do_set_preliminary_level(accident, actor=world.a.users["vendor_pm"], level=level3)
    assert run(t(3, 23), django_capture_on_commit_callbacks)["operations.report_due"] == 2
    assert Notice.objects.count() == 4  # a new deadline, a new reminder


def test_vulnerability_reminder_and_lead_zero(world, django_capture_on_commit_callbacks):
    c = world.a.contract
    vul = Vulnerability.objects.create(contract=c, title="OpenSSH 高危漏洞", severity="high",
                                       found_at=t(1, 9))
    Vulnerability.objects.filter(pk=vul.pk).update(deadline=t(8, 18))
    # default lead 24 h: from 2025-03-07 18:00
    assert run(t(7, 17, 59), django_capture_on_commit_callbacks)[
        "operations.vulnerability_due"] == 0
    assert run(t(7, 18), django_capture_on_commit_callbacks)["operations.vulnerability_due"] == 2
    assert run(t(7, 19), django_capture_on_commit_callbacks)["operations.vulnerability_due"] == 0
    Notice.objects.all().delete()
    OperationsPolicy.objects.filter(contract=c).update(vulnerability_reminder_hours=0)
    assert run(t(8, 17), django_capture_on_commit_callbacks)["operations.vulnerability_due"] == 0
    OperationsPolicy.objects.filter(contract=c).update(vulnerability_reminder_hours=24)
    Vulnerability.objects.filter(pk=vul.pk).update(fixed_at=t(8, 10))  # fixed: no reminder
    assert run(t(8, 17), django_capture_on_commit_callbacks)["operations.vulnerability_due"] == 0
    assert not Notice.objects.exists()


def test_email_only_and_language(world, accident, django_capture_on_commit_callbacks):
    pm = world.a.users["vendor_pm"]
    pm.refresh_from_db()
    do_set_preferences(pm, "email", "en")
    run(t(3, 6), django_capture_on_commit_callbacks)
    mine = Notice.objects.get(user=pm)
    assert mine.read_at is not None  # told by mail: the row is kept, already read
    english = [m for m in mail.outbox if pm.email in m.to]
    assert english and english[0].subject.startswith("The analysis report")


def test_the_job_is_registered():
    assert jobs.JOBS["operations.reminders"].every_seconds == 300


# -- the user's list: the bell page and the API ------------------------------------------------
def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_notices_are_the_users_own_in_the_list_and_the_api(world, accident,
                                                           django_capture_on_commit_callbacks):
    run(t(3, 6), django_capture_on_commit_callbacks)
    pm, eng = world.a.users["vendor_pm"], world.a.users["vendor_engineer"]
    page = client_for(pm).get("/workorders/notifications/")
    assert page.status_code == 200
    assert "分析报告须于 2025-03-03 09:00 前提交" in page.content.decode()
    api = client_for(pm)
    rows = api.get("/api/notices/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert [r["text"] for r in rows] == [
        "The analysis report of accident “分会场中断” is due at 2025-03-03 09:00."]
    mine = rows[0]["id"]
    theirs = Notice.objects.get(user=eng).pk
    # marking someone else's notice read touches nothing; bad input is refused with 400
    assert api.post("/api/notices/read/", {"ids": [theirs]},
                    content_type="application/json").json() == {"marked": 0}
    assert Notice.objects.get(pk=theirs).read_at is None
    assert api.post("/api/notices/read/", {"ids": ["x"]},
                    content_type="application/json").status_code == 400
    assert api.post("/api/notices/read/", {"ids": [mine]},
                    content_type="application/json").json() == {"marked": 1}
    assert api.get("/api/notices/?unread=1").json()["results"] == []
    assert client_for(world.b.users["vendor_pm"]).get("/api/notices/").json()["results"] == []
    assert Client().get("/api/notices/").status_code in (401, 403)
    with translation.override("zh-hans"):
        assert client_for(eng).post("/workorders/notifications/read/").status_code == 302
    assert Notice.objects.get(pk=theirs).read_at is not None
