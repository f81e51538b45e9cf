"""The REST API: token auth, scoping, validation in Chinese, audit actor, query counts."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from yunwei.assets.models import Equipment
from yunwei.contracts.models import Membership
from yunwei.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_token_user_creates_equipment_and_is_the_audit_actor(world):
    engineer = world.a.users["vendor_engineer"]
    client = token_client(engineer)
    response = client.post("/api/equipment/", {
        "contract": world.a.contract.pk, "category": "终端", "name": "新终端", "quantity": 2,
    }, format="json", HTTP_X_REQUEST_ID="integration-req-42")
    assert response.status_code == 201, response.content
    event = AuditEvent.objects.filter(object_type="assets.equipment",
                                      object_id=str(response.json()["id"])).get()
    assert event.actor_username == engineer.username
    assert event.request_id == "integration-req-42"
    assert event.source == "api"


def test_creating_under_a_foreign_contract_reveals_nothing(world):
    client = token_client(world.a.users["vendor_pm"])
    response = client.post("/api/equipment/", {
        "contract": world.b.contract.pk, "category": "x", "name": "y",
    }, format="json")
    assert response.status_code == 400
    assert "contract" in response.json()
    assert not Equipment.objects.filter(name="y").exists()


def test_validation_errors_are_chinese_by_default_and_english_on_request(world):
    client = token_client(world.a.users["vendor_pm"])
    zh = client.post("/api/equipment/", {"contract": world.a.contract.pk, "quantity": 0},
                     format="json")
    assert zh.status_code == 400
    assert "该字段是必填项" in zh.content.decode()
    en = client.post("/api/equipment/", {"contract": world.a.contract.pk, "quantity": 0},
                     format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert "This field is required." in en.content.decode()


def test_bad_json_is_a_400_not_a_500(world):
    client = token_client(world.a.users["vendor_pm"])
    response = client.generic("POST", "/api/equipment/", "{not json",
                              content_type="application/json")
    assert response.status_code == 400


def test_membership_by_username(world):
    admin = world.a.users["agency_admin"]
    client = token_client(admin)
    response = client.post("/api/memberships/", {
        "contract": world.a.contract.pk, "username": world.b.users["requester"].username,
        "role": "requester",
    }, format="json")
    assert response.status_code == 201, response.content
    missing = client.post("/api/memberships/", {
        "contract": world.a.contract.pk, "username": "nobody", "role": "requester",
    }, format="json")
    assert missing.status_code == 400


def test_agency_admin_cannot_change_parties_or_money(world):
    client = token_client(world.a.users["agency_admin"])
    response = client.patch(f"/api/contracts/{world.a.contract.pk}/",
                            {"amount": "1.00", "description": "补充说明"}, format="json")
    assert response.status_code == 200
    world.a.contract.refresh_from_db()
    assert str(world.a.contract.amount) == "1118000.00"
    assert world.a.contract.description == "补充说明"


def test_system_admin_contract_validation(world):
    client = token_client(world.root)
    response = client.post("/api/contracts/", {
        "number": "NEW-1", "code": "NEW", "project_name": "p", "agency": world.a.vendor.pk,
        "vendor": world.a.vendor.pk, "service_start": "2026-05-01", "service_end": "2026-04-01",
        "amount": "100.00",
    }, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "service_end" in body and "agency" in body


def test_deleting_a_party_in_use_is_a_conflict(world):
    client = token_client(world.root)
    response = client.delete(f"/api/organizations/{world.a.vendor.pk}/")
    assert response.status_code == 409


def test_unauthenticated_api_is_refused():
    assert APIClient().get("/api/contracts/").status_code == 401


def test_schema_and_docs_are_served_locally(world):
    client = Client()
    client.force_login(world.a.users["expert"])
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/contracts/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"//cdn" not in docs.content and b"unpkg" not in docs.content


def _more_of_everything(world, user, n: int) -> None:
    """n more contracts (with their own organizations) on which `user` is vendor PM, each with
    equipment lines and other members: every list the user reads grows."""
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from yunwei.contracts.models import Contract
    from yunwei.organizations.models import Organization

    start = Contract.objects.count()
    for i in range(start, start + n):
        orgs = [Organization.objects.create(kind=kind, name=f"增长 {kind} {i}")
                for kind in ("agency", "vendor", "supervisor")]
        contract = Contract.objects.create(
            number=f"GROW-{i:03d}", code=f"GR{i:03d}", project_name=f"增长 项目 {i}",
            agency=orgs[0], vendor=orgs[1], supervisor=orgs[2],
            service_start=dt.date(2026, 1, 1), service_end=dt.date(2026, 12, 31),
            amount=Decimal("1000.00"), status="active")
        Membership.objects.create(contract=contract, user=user, role="vendor_pm")
        for role in ("requester", "expert", "supervisor"):
            other = get_user_model().objects.create(username=f"grow_{i}_{role}")
            Membership.objects.create(contract=contract, user=other, role=role)
        for k in range(3):
            Equipment.objects.create(contract=contract, category="c", name=f"增长 {i}-{k}")


@pytest.mark.parametrize("url", ["/api/equipment/", "/api/memberships/", "/api/contracts/",
                                 "/api/organizations/"])
def test_api_list_query_count_does_not_grow(world, url):
    """The number of queries of a list does not depend on how many rows, contracts or
    organizations the user sees (no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = world.a.users["vendor_pm"]
    client = token_client(user)
    client.get(url)  # warm up (token, caches)

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    few_queries, few_rows = measure()
    _more_of_everything(world, user, 3)
    more_queries, more_rows = measure()
    _more_of_everything(world, user, 9)
    most_queries, most_rows = measure()
    assert few_rows < more_rows < most_rows  # the lists did grow
    assert few_queries == more_queries == most_queries, (few_queries, more_queries,
                                                         most_queries)
