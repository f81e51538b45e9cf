"""Correcting an accident: one action (`do_update_accident`) behind the edit page and the API's
PATCH; the repeat check runs again, the audit keeps the change, the refusals are clear."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from yunwei.core.errors import Refused
from yunwei.core.models.audit import AuditEvent
from yunwei.operations import actions
from yunwei.operations.models import Accident, OperationsPolicy

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def t(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2025, 5, day, hour, tzinfo=TZ)


def test_a_corrected_cause_makes_a_repeat_and_is_audited(world):
    c = world.a.contract
    OperationsPolicy.objects.filter(contract=c).update(repeat_window_days=30)
    pm = world.a.users["vendor_pm"]
    first = actions.do_open_accident(c, actor=pm, title="停电", occurred_at=t(1), cause="UPS故障")
    second = actions.do_open_accident(c, actor=pm, title="又停电", occurred_at=t(20))
    assert not second.is_repeat
    second = actions.do_update_accident(second, actor=world.a.users["supervisor"],
                                        fields={"cause": " UPS故障 "})
    assert (second.is_repeat, second.repeat_of_id, second.cause) == (True, first.pk, "UPS故障")
    row = AuditEvent.objects.filter(object_type="operations.accident",
                                    object_id=str(second.pk), action="update").last()
    assert row.after["cause"] == "UPS故障"


@pytest.mark.parametrize(("fields", "field"), [
    ({"title": "  "}, "title"),
    ({"ended_at": t(1, 8)}, "ended_at"),
    ({"occurred_at": t(2)}, "occurred_at"),
])
def test_bad_corrections_are_refused(world, fields, field):
    acc = actions.do_open_accident(world.a.contract, actor=world.a.users["vendor_pm"],
                                   title="停电", occurred_at=t(1))
    with pytest.raises(Refused) as refused:
        actions.do_update_accident(acc, actor=world.a.users["vendor_pm"], fields=fields)
    assert refused.value.field == field and refused.value.zh and refused.value.en
    assert Accident.objects.get(pk=acc.pk).title == "停电"


def test_api_patch_corrects_and_refuses(world):
    acc = actions.do_open_accident(world.a.contract, actor=world.a.users["vendor_pm"],
                                   title="停电", occurred_at=t(1))
    url = f"/api/accidents/{acc.pk}/"
    engineer = Client()
    engineer.force_login(world.a.users["vendor_engineer"])
    ok = engineer.patch(url, {"title": "机房停电", "ended_at": "2025-05-01T11:30:00+08:00"},
                        content_type="application/json")
    assert ok.status_code == 200 and ok.json()["title"] == "机房停电"
    assert Accident.objects.get(pk=acc.pk).ended_at == t(1, 11) + dt.timedelta(minutes=30)
    bad = engineer.patch(url, {"title": ""}, content_type="application/json")
    assert bad.status_code == 400
    expert = Client()
    expert.force_login(world.a.users["expert"])
    assert expert.patch(url, {"title": "x"}, content_type="application/json").status_code == 403
    requester = Client()
    requester.force_login(world.a.users["requester"])
    assert requester.patch(url, {"title": "x"},
                           content_type="application/json").status_code == 404
    assert Accident.objects.get(pk=acc.pk).title == "机房停电"
