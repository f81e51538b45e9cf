"""The audit trail shows a work order's timeline rows as people read them: the actor by name,
the event and its states by their labels, the event's data as "label: value" lines, times in
Beijing time; and resolving the names costs the same queries for any number of people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from yunwei.core import context
from yunwei.core.models import AuditEvent
from yunwei.workorders.models import WorkOrderEvent

pytestmark = pytest.mark.django_db

#: 02:30 UTC is 10:30 in Beijing (UTC+8, no daylight saving).
AT = dt.datetime(2026, 11, 20, 2, 30, tzinfo=dt.UTC)


def page(user, language: str, **params) -> str:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/audit/", {"object_type": "workorders.workorderevent", **params})
    assert response.status_code == 200
    return response.content.decode().split("<tbody>")[1]


def add_event(side, actor, **fields) -> WorkOrderEvent:
    with context.acting(actor):
        return WorkOrderEvent.objects.create(work_order=side.work_order, actor=actor,
                                             actor_name="", at=AT, **fields)


def named(user, name: str):
    user.first_name, user.last_name = name, ""
    user.save()
    return user


# What each language must show, and the codes it must not (hand-written from the labels of
# workorders.lifecycle and workorders.choices).
EXPECTED = {
    "zh-hans": ["陈丽", "待确认", "已关闭", "满意", "刘洋", "2026-11-20 10:30",
                "Site visit logged"],
    "en": ["陈丽", "Waiting for confirmation", "Closed", "Satisfied", "刘洋", "2026-11-20 10:30",
           "Site visit logged"],
}
CODES = ["pending_confirmation", "&quot;rating&quot;", '"rating"', "satisfied<", "hc_eng",
         "site_visit_logged", "2026-11-20 02:30"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_event_rows_read_as_labels_and_names(world, language):
    side = world.a
    requester = named(side.users["requester"], "陈丽")
    engineer = named(side.users["vendor_engineer"], "刘洋")
    engineer.username = "hc_eng"
    engineer.save()
    add_event(side, requester, kind="confirm", from_state="pending_confirmation",
              to_state="closed", data={"rating": "satisfied"})
    add_event(side, side.users["service_desk"], kind="dispatch", from_state="new",
              to_state="dispatched", data={"assignee": "hc_eng"})
    add_event(side, requester, kind="site_visit_logged")  # a code nobody labelled
    rows = page(side.users["agency_admin"], language)
    for text in EXPECTED[language]:
        assert text in rows, text
    with translation.override(language):
        actor, changes = translation.gettext("actor"), translation.gettext("changes")

    def cells(label: str) -> list[str]:
        return [cell.split("</td>")[0] for cell in rows.split('data-label="')[1:]
                if cell.startswith(label + '"')]

    shown = "".join(cells(actor) + cells(changes))  # the object's stored name is as stored
    for code in CODES:
        assert code not in shown, code
    actor_cells = cells(actor)
    assert len(actor_cells) == 3 and all("#" not in c for c in actor_cells)
    assert "陈丽" in actor_cells[0]
    # the stored rows keep the codes
    stored = [e.after for e in AuditEvent.objects.filter(
        object_type="workorders.workorderevent")]
    assert {"from_state": "pending_confirmation", "data": {"rating": "satisfied"}}.items() \
        <= next(a for a in stored if a["kind"] == "confirm").items()


def test_naming_actors_costs_the_same_queries_for_many_people(world):
    side = world.a
    users = get_user_model()

    def count() -> int:
        client = Client()
        client.force_login(side.users["agency_admin"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/audit/", {"object_type": "workorders.workorderevent"}
                              ).status_code == 200
        return len(ctx.captured_queries)

    add_event(side, side.users["requester"], kind="dispatch",
              data={"assignee": side.users["vendor_engineer"].username})
    few = count()
    for i in range(30):
        person = users.objects.create(username=f"person{i}", first_name=f"人员{i}")
        add_event(side, person, kind="dispatch", from_state="new", to_state="dispatched",
                  data={"assignee": person.username})
    assert count() == few
    rows = page(side.users["agency_admin"], "zh-hans")
    assert "人员7" in rows and "person7" not in rows
