"""The accident on the score page (which accident, its level, who set it, a link; a hand entry
it replaces counted once) and the work-order page's button that opens one from the order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from yunwei.assessment.models import Accident as HandEntered
from yunwei.core import measures
from yunwei.core.errors import Refused
from yunwei.operations import actions
from yunwei.operations.models import Accident, AccidentLevel

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 1, 1, tzinfo=TZ)
END = dt.datetime(2027, 1, 1, tzinfo=TZ)
#: The contract's rule table (the prison scheme, by hand): level -> (points, % of the total)
RULES = {"1": (D(-5), D(3)), "2": (D(-4), D(2)), "3": (D(-2), D(1))}
AMOUNT = D("1118000.00")  # world.a's contract total


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def graded(world, level, *, title="监控平台宕机", at=None, by="agency_admin"):
    """An accident through the whole procedure to its final level (report on time)."""
    users = world.a.users
    acc = actions.do_open_accident(world.a.contract, actor=users["vendor_pm"], title=title,
                                   occurred_at=at or dt.datetime(2026, 6, 3, 9, tzinfo=TZ))
    actions.do_set_preliminary_level(acc, actor=users["vendor_engineer"], level=level)
    actions.do_submit_report(acc, actor=users["vendor_pm"], file=ContentFile(b"%PDF", "r.pdf"),
                             at=acc.occurred_at + dt.timedelta(hours=1))
    actions.do_consider_special_cases(acc, actor=users["supervisor"], human_error=False,
                                      mixed_fault=False, note="非人为")
    for kind in ("user_feedback", "mail", "handling_log", "signed_order"):
        actions.do_add_evidence(acc, actor=users["vendor_pm"], kind=kind,
                                file=ContentFile(b"x", name=f"{kind}.png"))
    for party, user in (("agency", "agency_admin"), ("vendor", "vendor_pm"),
                        ("supervisor", "supervisor")):
        actions.do_record_position(acc, actor=users[user], party=party, level=level,
                                   opinion="同意")
    return actions.do_final_grading(acc, actor=users[by], level=level, conclusion="定级")


@pytest.fixture
def level2(world):
    return AccidentLevel.objects.create(contract=world.a.contract, code="2", name="二级事故",
                                        report_hours=D(24), rank=2)


def accident_events(world):
    return [(e.ref, e.label) for e in measures.collect(world.a.contract, ["accident"],
                                                        START, END)]


def score_rows(world, client):
    """(rule, points, fine, evidence html) of the score page's accident lines."""
    page = client.get(f"/assessment/{world.a.scheme.pk}/score/?period=all")
    assert page.status_code == 200
    r = page.context["r"]
    return page.content.decode(), sorted(
        (line.rule, line.points, line.fine_yuan, tuple(line.evidence)) for line in r.lines
        if line.rule.startswith("A-"))


# -- the score page ----------------------------------------------------------------------------
def test_score_page_line_says_which_accident_its_level_who_graded_and_links(world, level2):
    acc = graded(world, level2)
    admin = world.a.users["agency_admin"]
    who = admin.get_full_name() or admin.username
    body, rows = score_rows(world, client_for(world.a.users["supervisor"]))
    points, percent = RULES["2"]
    fine = (AMOUNT * percent / 100).quantize(D("0.01"))
    today = f"{timezone.localdate():%Y-%m-%d}"  # the grading was recorded today
    label = f"运维事故记录：监控平台宕机（二级事故；三方共同定级，{who} 于 {today} 登记）"
    assert ("A-L2", points, fine, ((label, acc.get_absolute_url()),)) in rows
    assert f'<a href="{acc.get_absolute_url()}">{label}</a>' in body
    # the fixture's hand entry (3rd level) says where it comes from, and links to its record
    entry = world.a.records["accident"]
    hand = ("A-L3", RULES["3"][0], (AMOUNT * RULES["3"][1] / 100).quantize(D("0.01")),
            ((f"考核手工登记：{entry.ref}", entry.get_absolute_url()),))
    assert hand in rows
    assert 'id="line-sources"' in body
    # an ungraded one: the vendor's preliminary level, said to be so
    prelim = world.a.operations["accident"]
    vendor = world.a.users["vendor_pm"]
    labels = dict(accident_events(world))
    assert labels[f"operations.accident:{prelim.pk}"] == (
        f"运维事故记录：AAA 视频会议中断（AAA 一级事故；"
        f"{vendor.get_full_name() or vendor.username} 于 {today} 初步定级，尚未最终定级）")


def test_level_changed_after_grading_says_who_changed_it(world, level2):
    acc = graded(world, level2)
    level3 = AccidentLevel.objects.create(contract=world.a.contract, code="3", name="三级事故",
                                          report_hours=D(48), rank=3)
    liaison = world.a.users["agency_liaison"]
    actions.do_change_level(acc, actor=liaison, level=level3, reason="复核后降级")
    label = dict(accident_events(world))[f"operations.accident:{acc.pk}"]
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert label.endswith(f"（三级事故；{liaison.get_full_name() or liaison.username} "
                          f"于 {today} 变更定级）")
    with translation.override("en"):  # an English page reads English
        label = dict(accident_events(world))[f"operations.accident:{acc.pk}"]
    assert label == (f"Operations accident record: 监控平台宕机 (三级事故; level changed by "
                     f"{liaison.get_full_name() or liaison.username} on {today})")


def test_an_accident_is_never_counted_twice(world, level2):
    entry = world.a.records["accident"]  # entered by hand: level 3, 2026-05-01
    ref = f"assessment.accident:{entry.pk}"
    acc = graded(world, level2, at=dt.datetime(2026, 5, 1, 18, tzinfo=TZ))
    refs = [r for r, _label in accident_events(world)]
    assert ref in refs and f"operations.accident:{acc.pk}" in refs  # not linked: both count
    actions.do_take_over_entry(acc, actor=world.a.users["agency_admin"], ref=ref)
    refs = [r for r, _label in accident_events(world)]
    assert ref not in refs and f"operations.accident:{acc.pk}" in refs
    body, rows = score_rows(world, client_for(world.a.users["agency_admin"]))
    assert [row[:2] for row in rows if row[0] in ("A-L2", "A-L3")] == [("A-L2", RULES["2"][0])]
    assert "取代考核中手工登记的事故" in body
    page = client_for(world.a.users["expert"]).get(acc.get_absolute_url()).content.decode()
    assert f'href="{entry.get_absolute_url()}"' in page  # the record says which entry
    assert "assessment.accident:" not in page  # never the raw reference
    # the other contract's score is untouched by this contract's take-over
    assert f"assessment.accident:{world.b.records['accident'].pk}" in [
        e.ref for e in measures.collect(world.b.contract, ["accident"], START, END)]


def test_taking_over_a_hand_entry_is_the_agencys_and_checked(world, level2):
    entry = world.a.records["accident"]
    ref = f"assessment.accident:{entry.pk}"
    acc = graded(world, level2)
    for role in ("vendor_pm", "supervisor"):
        with pytest.raises(Refused) as exc:
            actions.do_take_over_entry(acc, actor=world.a.users[role], ref=ref)
        assert exc.value.zh == "只有甲方可以指定该事故取代手工登记的考核事故"
    with pytest.raises(Refused) as exc:  # another contract's entry
        actions.do_take_over_entry(acc, actor=world.a.users["agency_admin"],
                                   ref=f"assessment.accident:{world.b.records['accident'].pk}")
    assert exc.value.zh == "该合同下没有这条手工登记的考核事故"
    for bad in ("assessment.accident:x", "workorders.workorder:1", "nonsense"):
        with pytest.raises(Refused):
            actions.do_take_over_entry(acc, actor=world.a.users["agency_admin"], ref=bad)
    actions.do_take_over_entry(acc, actor=world.a.users["agency_liaison"], ref=ref)
    other = world.a.operations["accident"]
    with pytest.raises(Refused) as exc:  # one entry, one accident
        actions.do_take_over_entry(other, actor=world.a.users["agency_admin"], ref=ref)
    assert exc.value.en == "that hand-entered accident is already replaced by “监控平台宕机”"
    # the UI and the API answer alike: 400 with the reason, never a 500
    vendor = client_for(world.a.users["vendor_pm"])
    response = vendor.post("/operations/add/", {
        "contract": world.a.contract.pk, "title": "x", "occurred_at": "2026-06-01 10:00",
        "replaces_entry": ref})
    assert response.status_code == 400
    assert "只有甲方可以指定该事故取代手工登记的考核事故" in response.content.decode()
    api = vendor.post("/api/accidents/", {"contract": world.a.contract.pk, "title": "x",
                                          "occurred_at": "2026-06-01T10:00:00+08:00",
                                          "replaces_entry": ref},
                      content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and "only the agency" in api.content.decode()
    assert not Accident.objects.filter(title="x").exists()
    # the agency's form offers its contract's hand entries, and the choice is saved
    admin = client_for(world.a.users["agency_admin"])
    form = admin.get("/operations/add/").context["form"]
    assert ref in dict(form.fields["replaces_entry"].choices)
    assert f"assessment.accident:{world.b.records['accident'].pk}" not in dict(
        form.fields["replaces_entry"].choices)
    assert HandEntered.objects.filter(pk=entry.pk).exists()
    # the vendor edits the accident: the agency's choice is shown, not editable, and kept
    form = vendor.get(f"/operations/{acc.pk}/edit/").context["form"]
    assert form.fields["replaces_entry"].disabled
    assert form["replaces_entry"].value() == ref


def test_score_page_query_count_does_not_grow_with_accidents(world, level2):
    client = client_for(world.a.users["supervisor"])
    url = f"/assessment/{world.a.scheme.pk}/score/?period=all"
    graded(world, level2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for day in range(4, 8):
        graded(world, level2, title=f"事故{day}", at=dt.datetime(2026, 6, day, 9, tzinfo=TZ))
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert page.content.decode().count("运维事故记录：") >= 5
    assert len(large) == len(small)


# -- the work-order page -----------------------------------------------------------------------
ADD = {"agency_admin": True, "agency_liaison": True, "vendor_pm": True,
       "vendor_engineer": True, "supervisor": True, "service_desk": False, "expert": False}


@pytest.mark.parametrize(("role", "shown"), sorted(ADD.items()))
def test_work_order_page_button_for_whom_may_record_an_accident(world, role, shown):
    wo = world.a.work_order
    body = client_for(world.a.users[role]).get(wo.get_absolute_url()).content.decode()
    button = f'href="/operations/add/?work_order={wo.pk}"'
    assert (button in body) is shown
    # the link back: the fixture's accident was opened from this work order
    acc = world.a.operations["accident"]
    assert f'href="{acc.get_absolute_url()}"' in body  # all but requesters see accidents


def test_the_button_is_refused_where_it_is_not_shown(world):
    wo = world.a.work_order
    for role in ("service_desk", "expert"):
        client = client_for(world.a.users[role])
        assert client.get(f"/operations/add/?work_order={wo.pk}").status_code == 403
        response = client.post("/api/accidents/", {"contract": world.a.contract.pk,
                                                   "title": "x", "work_orders": [wo.pk]},
                               content_type="application/json")
        assert response.status_code == 403
    # another contract's vendor sees no button and no pre-fill from a foreign work order
    foreign = client_for(world.b.users["vendor_pm"])
    assert foreign.get(wo.get_absolute_url()).status_code == 404
    form = foreign.get(f"/operations/add/?work_order={wo.pk}").context["form"]
    assert not form.initial.get("work_orders")


def test_opening_from_the_work_order_is_prefilled_and_linked_both_ways(world):
    wo = world.a.work_order
    wo.description = "3楼会议室投影无信号，视频会议中断"
    wo.equipment = world.a.equipment
    wo.save()
    vendor = client_for(world.a.users["vendor_engineer"])
    form = vendor.get(f"/operations/add/?work_order={wo.pk}").context["form"]
    assert form["contract"].value() == world.a.contract.pk
    assert form["work_orders"].value() == [wo.pk]
    assert form["title"].value() == wo.title
    assert form["description"].value() == wo.description
    assert f'{form["occurred_at"].value():%Y-%m-%d %H:%M}' == (
        f"{timezone.localtime(wo.reported_at):%Y-%m-%d %H:%M}")
    assert form["equipment"].value() == [wo.equipment_id]
    data = {"contract": world.a.contract.pk, "title": wo.title, "work_orders": [wo.pk],
            "occurred_at": f"{timezone.localtime(wo.reported_at):%Y-%m-%d %H:%M}",
            "description": wo.description, "equipment": [wo.equipment_id]}
    response = vendor.post("/operations/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    acc = Accident.objects.filter(title=wo.title).latest("pk")
    assert list(acc.work_orders.all()) == [wo]
    assert acc.description == wo.description
    assert list(acc.equipment.all()) == [world.a.equipment]
    detail = vendor.get(acc.get_absolute_url()).content.decode()
    assert f'href="{wo.get_absolute_url()}"' in detail  # accident -> work order
    page = vendor.get(wo.get_absolute_url()).content.decode()
    assert f'href="{acc.get_absolute_url()}"' in page  # work order -> accident
    # bad input: a clear error, nothing opened
    response = vendor.post("/operations/add/", {**data, "title": " ", "occurred_at": "昨天"})
    assert response.status_code == 400
    assert "输入" in response.content.decode() or "请填写" in response.content.decode()


def test_work_order_page_query_count_does_not_grow_with_accidents(world, level2):
    wo = world.a.work_order
    client = client_for(world.a.users["vendor_pm"])
    client.get(wo.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        client.get(wo.get_absolute_url())
    for n in range(3):
        actions.do_open_accident(world.a.contract, actor=world.a.users["vendor_pm"],
                                 title=f"事故{n}", work_orders=[wo])
    with CaptureQueriesContext(connection) as large:
        body = client.get(wo.get_absolute_url()).content.decode()
    assert body.count("/operations/") >= 4
    assert len(large) == len(small)
