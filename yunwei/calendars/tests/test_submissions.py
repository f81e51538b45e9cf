"""Holiday notices submitted by agency administrators, confirmed or rejected by the system
administrator (issue #10)."""

from __future__ import annotations

import pytest
from django.core import mail

from yunwei.calendars import actions
from yunwei.calendars.models import HolidaySubmission, HolidayYear
from yunwei.calendars.tests.test_calendars import NOTICE_2027, T, login
from yunwei.core import context
from yunwei.core.errors import Refused
from yunwei.core.models import AuditEvent

pytestmark = pytest.mark.django_db

def _with_mail(world) -> None:
    for user in (world.root, world.a.users["agency_admin"], world.b.users["agency_admin"]):
        user.email = f"{user.username}@example.cn"
        user.save()


def _clock_on_new_years_day(world):
    with context.acting(None):
        clock = actions.do_start_clock(world.a.contract, world.a.equipment, world.a.target,
                                       T(2027, 1, 1, 9, 0), label="受理")
    # 2027 not entered: Friday 01-01 counts; 09:00 + 8 h = 17:00 the same day.
    assert clock.deadline == T(2027, 1, 1, 17, 0)
    return clock


def test_agency_admin_submits_system_admin_confirms(world, django_capture_on_commit_callbacks):
    _with_mail(world)
    clock = _clock_on_new_years_day(world)
    admin = world.b.users["agency_admin"]  # an agency admin of any contract
    client = login(admin)
    page = client.get("/calendars/holidays/").content.decode()
    assert "/calendars/holidays/submit/" in page and "系统管理员确认" in page
    assert "/calendars/holidays/add/" not in page  # no direct import button
    preview = client.post("/calendars/holidays/submit/", {"text": NOTICE_2027})
    assert preview.status_code == 200 and "春节：放假 02-06 至 02-14，共 9 天" in (
        preview.content.decode())
    assert not HolidaySubmission.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/calendars/holidays/submit/", {"text": NOTICE_2027, "confirm": "1"})
    assert sent.status_code == 302
    submission = HolidaySubmission.objects.get()
    assert (submission.year, submission.status, submission.submitted_by) == (
        2027, "pending", admin)
    # Unconfirmed: not stored as the year's arrangement, no clock moved.
    assert not HolidayYear.objects.filter(year=2027).exists()
    clock.refresh_from_db()
    assert clock.deadline == T(2027, 1, 1, 17, 0)
    assert [m.to for m in mail.outbox] == [["root@example.cn"]]
    assert "2027 年节假日通知待确认" in mail.outbox[0].subject

    # The agency admin may not confirm their own submission.
    assert client.post(f"/calendars/holidays/submissions/{submission.pk}/confirm/"
                       ).status_code == 403
    assert "/confirm/" not in client.get(submission.get_absolute_url()).content.decode()

    root = login(world.root)
    listed = root.get("/calendars/holidays/").content.decode()
    assert submission.get_absolute_url() in listed
    detail = root.get(submission.get_absolute_url()).content.decode()
    assert "/confirm/" in detail and "/reject/" in detail
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = root.post(f"/calendars/holidays/submissions/{submission.pk}/confirm/")
    assert done.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.reviewed_by) == ("confirmed", world.root)
    year = HolidayYear.objects.get(year=2027)
    assert year.confirmed and year.days.count() == 13  # 3 + 9 holidays, 1 make-up day
    clock.refresh_from_db()
    # By hand: 01-01..01-03 off; Monday 01-04 09:00 + 8 h = 17:00.
    assert clock.deadline == T(2027, 1, 4, 17, 0)
    assert clock.flags == []
    assert [m.to for m in mail.outbox] == [["bbb_agency_admin@example.cn"]]
    assert "已确认" in mail.outbox[0].subject
    rows = AuditEvent.objects.filter(object_type="calendars.holidaysubmission",
                                     object_id=str(submission.pk))
    assert rows.filter(action="create", actor_username=admin.username).exists()
    assert rows.filter(action="update", actor_username="root").exists()
    # Reviewed once only.
    with context.acting(world.root), pytest.raises(Refused, match="已处理"):
        actions.do_confirm_holiday_submission(world.root, submission)


def test_rejected_notice_changes_nothing(world, django_capture_on_commit_callbacks):
    _with_mail(world)
    clock = _clock_on_new_years_day(world)
    admin = world.a.users["agency_admin"]
    with context.acting(admin):
        submission = actions.do_submit_holiday_year(admin, NOTICE_2027)
    root = login(world.root)
    empty = root.post(f"/calendars/holidays/submissions/{submission.pk}/reject/", {"reason": ""})
    assert empty.status_code == 400
    submission.refresh_from_db()
    assert submission.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        done = root.post(f"/calendars/holidays/submissions/{submission.pk}/reject/",
                         {"reason": "与国务院原文不符"})
    assert done.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.reason) == ("rejected", "与国务院原文不符")
    assert not HolidayYear.objects.filter(year=2027).exists()
    clock.refresh_from_db()
    assert clock.deadline == T(2027, 1, 1, 17, 0)
    assert [m.to for m in mail.outbox] == [["aaa_agency_admin@example.cn"]]
    assert "与国务院原文不符" in mail.outbox[0].body
    assert AuditEvent.objects.filter(object_type="calendars.holidaysubmission",
                                     object_id=str(submission.pk), action="update",
                                     actor_username="root").exists()
    assert not AuditEvent.objects.filter(object_type="calendars.holidayday").filter(
        timestamp__gte=submission.submitted_at).exists()


@pytest.mark.parametrize("role", ["vendor_pm", "vendor_engineer", "supervisor",
                                  "agency_liaison", "service_desk", "expert"])
def test_other_roles_may_not_submit(world, role):
    user = world.a.users[role]
    client = login(user)
    page = client.get("/calendars/holidays/").content.decode()
    assert "/calendars/holidays/submit/" not in page
    assert "请联系甲方管理员" in page
    assert client.post("/calendars/holidays/submit/",
                       {"text": NOTICE_2027, "confirm": "1"}).status_code == 403
    with context.acting(user), pytest.raises(Refused, match="只有甲方管理员"):
        actions.do_submit_holiday_year(user, NOTICE_2027)
    assert not HolidaySubmission.objects.exists()


def test_only_the_system_admin_confirms_or_rejects(world):
    admin = world.a.users["agency_admin"]
    with context.acting(admin):
        submission = actions.do_submit_holiday_year(admin, NOTICE_2027)
    for user in (admin, world.b.users["agency_admin"], world.a.users["supervisor"],
                 world.a.users["vendor_pm"]):
        client = login(user)
        assert client.post(f"/calendars/holidays/submissions/{submission.pk}/confirm/"
                           ).status_code == 403
        assert client.post(f"/calendars/holidays/submissions/{submission.pk}/reject/",
                           {"reason": "x"}).status_code == 403
        assert "/confirm/" not in client.get(submission.get_absolute_url()).content.decode()
        with context.acting(user), pytest.raises(Refused, match="只有系统管理员"):
            actions.do_confirm_holiday_submission(user, submission)
    submission.refresh_from_db()
    assert submission.status == "pending"
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_unreadable_notice_is_a_clear_error(world):
    admin = world.a.users["agency_admin"]
    client = login(admin)
    typo = NOTICE_2027.replace("1月1日（周五）", "1月1日（周四）")
    response = client.post("/calendars/holidays/submit/", {"text": typo, "confirm": "1"})
    assert response.status_code == 400
    assert "2027-01-01 是周五，通知写的是周四" in response.content.decode()
    garbage = client.post("/calendars/holidays/submit/", {"text": "今天天气很好", "confirm": "1"})
    assert garbage.status_code == 400
    english = client.post("/calendars/holidays/submit/", {"text": typo, "confirm": "1"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    with context.acting(admin):
        with pytest.raises(Refused) as refused:
            actions.do_submit_holiday_year(admin, typo)
        assert refused.value.zh.startswith("通知无法识别") and refused.value.en.startswith(
            "the notice could not be read")
        with pytest.raises(Refused, match="请粘贴"):
            actions.do_submit_holiday_year(admin, "  ")
    assert not HolidaySubmission.objects.exists()
