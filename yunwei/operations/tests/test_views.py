"""The accident's pages and API: opened from a work order, steps posted, refusals shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yunwei.operations.models import Accident, AccidentLevel

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_vendor_opens_from_a_work_order_and_takes_the_steps(world):
    users = world.a.users
    wo = world.a.work_order
    level = AccidentLevel.objects.get(contract=world.a.contract, code="1")
    vendor = client_for(users["vendor_pm"])
    page = vendor.get(f"/operations/add/?work_order={wo.pk}")
    assert page.status_code == 200 and wo.title.encode() in page.content
    form = page.context["form"]
    assert form["contract"].value() == world.a.contract.pk  # preselected from the work order
    assert form["work_orders"].value() == [wo.pk]
    response = vendor.post("/operations/add/", {
        "contract": world.a.contract.pk, "title": "会议室视频中断", "work_orders": [wo.pk],
        "cause": "终端故障"})
    assert response.status_code == 302, response.content.decode()[:2000]
    acc = Accident.objects.get(title="会议室视频中断")
    assert list(acc.work_orders.all()) == [wo]
    url = acc.get_absolute_url()
    act = f"/operations/{acc.pk}/act/"
    assert vendor.post(act, {"step": "preliminary", "level": level.pk}).status_code == 302
    vendor.post(act, {"step": "report", "file": SimpleUploadedFile("分析报告.pdf", b"%PDF")})
    acc.refresh_from_db()
    assert acc.stage == "analysis" and acc.report_submitted_at is not None
    page = vendor.get(url).content.decode()
    assert f'href="{wo.get_absolute_url()}"' in page  # the evidence links to its record
    assert f"/operations/{acc.pk}/report/" in page
    assert vendor.get(f"/operations/{acc.pk}/report/").status_code == 200
    # a refusal is shown, never a 500: the supervisor may not submit the vendor's report
    supervisor = client_for(users["supervisor"])
    response = supervisor.post(act, {"step": "report",
                                     "file": SimpleUploadedFile("r.pdf", b"%PDF")},
                               follow=True)
    assert response.status_code == 200 and "只有乙方可以进行这一步" in response.content.decode()


def test_expert_reads_but_never_acts_and_foreign_accidents_are_hidden(world):
    acc = world.a.operations["accident"]
    expert = client_for(world.a.users["expert"])
    assert expert.get(acc.get_absolute_url()).status_code == 200
    assert expert.post(f"/operations/{acc.pk}/act/", {"step": "information",
                                                      "note": "x"}).status_code == 403
    foreign = client_for(world.b.users["vendor_pm"])
    assert foreign.get(acc.get_absolute_url()).status_code == 404
    assert foreign.post(f"/operations/{acc.pk}/act/", {"step": "information",
                                                       "note": "x"}).status_code == 404
    requester = client_for(world.a.users["requester"])
    assert requester.get(acc.get_absolute_url()).status_code == 404


def test_contract_page_shows_accidents_and_counts(world):
    page = client_for(world.a.users["agency_admin"]).get(
        world.a.contract.get_absolute_url()).content.decode()
    acc = world.a.operations["accident"]
    assert acc.get_absolute_url() in page
    assert world.a.operations["operationsterm"].get_absolute_url() in page


def test_api_opens_an_accident_and_refuses_in_chinese(world):
    wo = world.a.work_order
    api = client_for(world.a.users["vendor_engineer"])
    response = api.post("/api/accidents/", {"contract": world.a.contract.pk,
                                            "title": "接口登记", "work_orders": [wo.pk]},
                        content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["occurred_at"] is not None
    response = api.post("/api/accidents/", {"contract": world.a.contract.pk, "title": "无时间"},
                        content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == "请填写事故发生时间"
    foreign = api.post("/api/accidents/", {"contract": world.a.contract.pk, "title": "x",
                                           "work_orders": [world.b.work_order.pk]},
                       content_type="application/json")
    assert foreign.status_code == 400
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat()
    assert client_for(world.a.users["supervisor"]).post(
        "/api/vulnerabilities/", {"contract": world.a.contract.pk, "title": "x",
                                  "severity": "high", "found_at": at},
        content_type="application/json").status_code == 403
    created = client_for(world.a.users["vendor_pm"]).post(
        "/api/vulnerabilities/", {"contract": world.a.contract.pk, "title": "x",
                                  "severity": "high", "found_at": at},
        content_type="application/json")
    assert created.status_code == 201
    assert created.json()["deadline"].startswith("2026-01-0")  # 72 h later, from the term


def test_a_graded_accident_keeps_its_facts(world):
    from yunwei.operations.choices import Stage

    acc = world.a.operations["accident"]
    Accident.objects.filter(pk=acc.pk).update(stage=Stage.GRADED)
    admin = client_for(world.a.users["agency_admin"])
    response = admin.post(f"/operations/{acc.pk}/edit/", {"title": "改过的标题",
                                                         "cause": "改过的原因"})
    assert response.status_code == 302
    acc.refresh_from_db()
    assert acc.title != "改过的标题" and acc.cause != "改过的原因"
