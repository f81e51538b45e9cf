"""Leave asked tells the agency administrator (who decides it); the decision tells the vendor
PM and the person (when they have an account), in each reader's language, times in Shanghai."""

import datetime as dt

import pytest

from yunwei.core.models import Notice
from yunwei.staffing import actions
from yunwei.staffing.testing import make_staffing
from yunwei.worktime import TZ

pytestmark = pytest.mark.django_db


def test_leave_asked_and_decided_are_told(world):
    st = make_staffing(world.a, "A")
    users = world.a.users
    wang = st["people"]["wang"]  # the vendor engineer's own record
    assert wang.user_id == users["vendor_engineer"].pk
    leave = actions.do_request_leave(
        wang, actor=users["vendor_pm"], starts=dt.datetime(2026, 5, 6, 9, tzinfo=TZ),
        ends=dt.datetime(2026, 5, 6, 18, tzinfo=TZ), reason="家中有事",
        now=dt.datetime(2026, 5, 1, 9, tzinfo=TZ))
    asked = Notice.objects.get(user=users["agency_admin"], code="staffing.leave_asked")
    assert asked.url == f"/staffing/leave/{leave.pk}/"
    assert asked.message("zh-hans") == (
        f"待审批请假：{wang.name}，2026-05-06 09:00 至 2026-05-06 18:00。")
    assert asked.message("en") == (
        f"Leave to decide: {wang.name}, 2026-05-06 09:00 to 2026-05-06 18:00.")
    assert not Notice.objects.filter(user=users["agency_liaison"],
                                     code__startswith="staffing.leave").exists()

    actions.do_decide_leave(leave, actor=users["agency_admin"], approve=True)
    told = set(Notice.objects.filter(code="staffing.leave_approved").values_list(
        "user_id", flat=True))
    assert told == {users["vendor_pm"].pk, users["vendor_engineer"].pk}
    note = Notice.objects.get(user=users["vendor_pm"], code="staffing.leave_approved")
    assert note.message("en") == (
        f"Leave approved: {wang.name}, 2026-05-06 09:00 to 2026-05-06 18:00.")
