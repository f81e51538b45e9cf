"""The scheme pages' other steps through the API (issue #11): adding a scheme from a template,
editing its fields, saving and previewing its definition, the statement files, and the
records and payment milestones. Who may (an audit row), who is refused (403), a foreign
contract's object (404), bad input (400 in Chinese and English, nothing saved), flat query
counts of the lists. Expected figures are worked out by hand in the comments."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yunwei.assessment.models import ManualEntry, PaymentMilestone, Scheme
from yunwei.core.models import AuditEvent

pytestmark = pytest.mark.django_db
ADMIN, LIAISON, PM, SUPERVISOR = "agency_admin", "agency_liaison", "vendor_pm", "supervisor"
TODAY = dt.date(2026, 11, 30)  # Q3 2026 is the last closed quarter


def login(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def send(client, method: str, url: str, body: dict):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def refused_in_both(response, zh: str, en: str) -> None:
    assert response.status_code == 400, response.content
    answer = response.json()
    assert zh in answer["detail"] and en in answer["detail_en"], answer


def audited(obj) -> bool:
    return AuditEvent.objects.for_object(obj).filter(source="api").exists()


def test_the_agency_admin_adds_a_scheme_from_a_template(world):
    side = world.a
    Scheme.objects.filter(pk=side.scheme.pk).delete()
    url = "/api/schemes/"
    body = {"contract": side.contract.pk, "template": "prison-2025",
            "final_payment": "120000.00", "guarantee": False}
    for role in (PM, SUPERVISOR, LIAISON):
        assert send(login(side.users[role]), "post", url, body).status_code == 403, role
    admin = login(side.users[ADMIN])
    refused_in_both(send(admin, "post", url, {**body, "template": "nope"}),
                    "template", "template")
    refused_in_both(send(admin, "post", url, {**body, "final_payment": "-1"}),
                    "final_payment", "final_payment")
    # another contract's: not among the choices, nothing made
    other = send(login(world.b.users[ADMIN]), "post", url, body)
    assert other.status_code == 400 and not Scheme.objects.filter(
        contract=side.contract).exists()
    # the template sets no performance bond: fines cannot be claimed against one
    refused_in_both(send(admin, "post", url, {**body, "guarantee": True}),
                    "合同未约定履约保证金", "the contract sets no performance bond")
    assert not Scheme.objects.filter(contract=side.contract).exists()
    made = send(admin, "post", url, body)
    assert made.status_code == 201, made.content
    scheme = Scheme.objects.get(contract=side.contract)
    assert scheme.template == "prison-2025" and not scheme.guarantee
    assert scheme.final_payment == Decimal("120000.00")
    assert made.json()["definition"]["rules"] and audited(scheme)
    # a contract holds one scheme: a second is refused
    assert send(admin, "post", url, body).status_code == 400


def test_editing_a_scheme_carries_name_and_base_into_the_definition(world):
    side = world.a
    url = f"/api/schemes/{side.scheme.pk}/"
    for role in (PM, SUPERVISOR, LIAISON):
        response = send(login(side.users[role]), "patch", url, {"final_payment": "1"})
        assert response.status_code == 403, role
    assert send(login(world.b.users[ADMIN]), "patch", url, {"base": "90"}).status_code == 404
    admin = login(side.users[ADMIN])
    refused_in_both(send(admin, "patch", url, {"level_map": {"L1": "no-such-class"}}),
                    "级别 = 类别", "write level = class")
    response = send(admin, "patch", url, {"name": "新方案", "base": "95",
                                          "final_payment": "80000"})
    assert response.status_code == 200, response.content
    scheme = Scheme.objects.get(pk=side.scheme.pk)
    assert scheme.name == "新方案" and scheme.base == Decimal("95")
    assert scheme.final_payment == Decimal("80000")
    assert scheme.definition["base"] == 95 and scheme.definition["name"]["zh"] == "新方案"
    assert audited(scheme)


def test_the_definition_is_saved_through_the_engine(world):
    side = world.a
    before = Scheme.objects.get(pk=side.scheme.pk).definition
    url = f"/api/schemes/{side.scheme.pk}/definition/"
    edited = copy.deepcopy(before)
    i = [r["code"] for r in edited["rules"]].index("W-FORM")
    edited["rules"][i]["points"] = -1.5
    assert send(login(side.users[PM]), "put", url, {"definition": edited}).status_code == 403
    assert send(login(world.b.users[ADMIN]), "put", url,
                {"definition": edited}).status_code == 404
    admin = login(side.users[ADMIN])
    bad = copy.deepcopy(before)
    bad["rules"].append(dict(bad["rules"][i]))  # the same code twice: the engine refuses
    response = send(admin, "put", url, {"definition": bad})
    assert response.status_code == 400, response.content
    assert response.json()["detail"] and response.json()["detail_en"]
    assert response.json()["detail"] != response.json()["detail_en"]
    refused_in_both(send(admin, "put", url, {"definition": [1]}), "对象", "object")
    assert Scheme.objects.get(pk=side.scheme.pk).definition == before  # nothing saved
    response = send(admin, "put", url, {"definition": edited})
    assert response.status_code == 200, response.content
    saved = Scheme.objects.get(pk=side.scheme.pk)
    assert Decimal(str(saved.definition["rules"][i]["points"])) == Decimal("-1.5")
    assert audited(saved)


def test_preview_computes_the_last_closed_period_and_saves_nothing(world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    side = world.a
    ManualEntry.objects.create(contract=side.contract, rule="W-FORM",
                               date=dt.date(2026, 8, 10), evidence="8 月工单格式检查")
    before = Scheme.objects.get(pk=side.scheme.pk).definition
    edited = copy.deepcopy(before)
    edited["periods"] = "quarters"
    i = [r["code"] for r in edited["rules"]].index("W-FORM")
    edited["rules"][i]["points"] = -1.5
    url = f"/api/schemes/{side.scheme.pk}/preview/"
    assert send(login(side.users[SUPERVISOR]), "post", url,
                {"definition": edited}).status_code == 403
    response = send(login(side.users[ADMIN]), "post", url, {"definition": edited})
    assert response.status_code == 200, response.content
    answer = response.json()
    # 2026Q3 holds only the 08-10 entry: 100 - 1.5 = 98.5
    assert answer["period"] == "2026Q3"
    assert Decimal(answer["preview"]["score"]) == Decimal("98.5")
    assert [(ln["code"], Decimal(ln["points"])) for ln in answer["preview"]["lines"]] == [
        ("W-FORM", Decimal("-1.5"))]
    assert answer["current"] is None  # saved: one whole period, still open
    assert Scheme.objects.get(pk=side.scheme.pk).definition == before


def test_the_statement_files_are_the_pages(world):
    side = world.a
    for suffix, kind in (("xlsx", "spreadsheetml"), ("pdf", "application/pdf")):
        url = f"/api/schemes/{side.scheme.pk}/statement-{suffix}/?period=all"
        response = login(side.users[SUPERVISOR]).get(url)
        assert response.status_code == 200, response.content[:300]
        assert kind in response["Content-Type"]
        assert login(world.b.users[ADMIN]).get(url).status_code == 404
        assert login(side.users["requester"]).get(url).status_code == 404
        missing = login(side.users[SUPERVISOR]).get(url.replace("=all", "=1999Q1"))
        assert missing.status_code == 404
        assert missing.json()["detail_en"] == "no such assessment period"


def test_hand_entries_are_validated_by_the_pages_form(world):
    side = world.a
    url = "/api/manual-entries/"
    body = {"contract": side.contract.pk, "rule": "W-FORM", "date": "2026-08-10",
            "count": 1, "evidence": "8 月工单格式检查"}
    assert send(login(side.users[PM]), "post", url, body).status_code == 403
    liaison = login(side.users[LIAISON])
    refused_in_both(send(liaison, "post", url, {**body, "rule": "NOPE"}),
                    "没有此代码的手工录入规则", "no rule with this code entered by hand")
    response = send(liaison, "post", url, body)
    assert response.status_code == 201, response.content
    entry = ManualEntry.objects.get(pk=response.json()["id"])
    assert entry.entered_by == side.users[LIAISON] and audited(entry)
    # change one field, the others kept
    response = send(liaison, "patch", f"{url}{entry.pk}/", {"count": 2})
    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert entry.count == 2 and entry.rule == "W-FORM"
    foreign = world.b.records["manualentry"]
    assert send(liaison, "patch", f"{url}{foreign.pk}/", {"count": 3}).status_code == 404
    # deleting is the agency administrator's
    assert login(side.users[SUPERVISOR]).delete(f"{url}{entry.pk}/").status_code == 403
    assert login(side.users[ADMIN]).delete(f"{url}{entry.pk}/").status_code == 204
    assert not ManualEntry.objects.filter(pk=entry.pk).exists()


def test_payment_milestones_follow_the_pages_rules(world):
    side = world.a
    milestone = side.records["paymentmilestone"]
    url = f"/api/payment-milestones/{milestone.pk}/"
    assert send(login(side.users[PM]), "patch", url, {"status": "paid"}).status_code == 403
    admin = login(side.users[ADMIN])
    refused_in_both(send(admin, "patch", url, {"status": "delayed"}),
                    "请说明延期原因", "Say why the payment is delayed")
    response = send(admin, "patch", url, {"status": "paid", "paid_on": "2026-10-09"})
    assert response.status_code == 200, response.content
    milestone.refresh_from_db()
    assert milestone.status == "paid" and milestone.paid_on == dt.date(2026, 10, 9)
    assert audited(milestone)


@pytest.mark.parametrize("prefix", ["assessment-accidents", "personnel-records",
                                    "quarter-evaluations", "praises", "manual-entries",
                                    "payment-milestones"])
def test_record_lists_take_the_same_queries_for_one_row_or_many(world, prefix):
    client = login(world.a.users[SUPERVISOR])
    url = f"/api/{prefix}/"
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    assert first.status_code == 200 and len(first.json()["results"]) == 1
    for n in range(4):
        ManualEntry.objects.create(contract=world.a.contract, rule="W-FORM",
                                   date=dt.date(2026, 8, 1 + n), evidence="e")
        PaymentMilestone.objects.create(contract=world.a.contract, seq=2 + n, name=f"款{n}",
                                        percent=Decimal(10), amount=Decimal(1),
                                        condition="c", due_working_days=5)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one)
