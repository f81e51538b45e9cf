"""UI pages of contracts: lists without N+1, forms with clear errors, history on the page."""

from __future__ import annotations

import pytest
from django.test import Client

from yunwei.assets.models import Equipment
from yunwei.contracts.models import Membership

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", ["/contracts/", "/contracts/members/", "/organizations/", "/"])
def test_list_pages_have_a_fixed_query_count(world, url, django_assert_max_num_queries):
    client = login(world.a.users["vendor_pm"])
    client.get(url)
    for i in range(40):
        Equipment.objects.create(contract=world.a.contract, category="c", name=f"设备{i}")
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_contract_detail_shows_team_items_and_history(world):
    client = login(world.a.users["supervisor"])
    page = client.get(f"/contracts/{world.a.contract.pk}/").content.decode()
    assert world.a.contract.project_name in page
    assert "配置项" in page and "设备台账" not in page  # one ledger: the items' panel
    assert "历史" in page or "History" in page
    assert world.b.contract.project_name not in page


def test_detail_query_count(world):
    """The contract page (with every app's panel) costs the same number of queries however
    many members and equipment lines the contract has."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yunwei.assets.models import Equipment
    from yunwei.contracts.models import Membership

    client = login(world.a.users["agency_admin"])
    url = f"/contracts/{world.a.contract.pk}/"
    client.get(url)
    counts = []
    for round_ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
        for i in range(5):
            user = get_user_model().objects.create(username=f"more_{round_}_{i}")
            Membership.objects.create(contract=world.a.contract, user=user, role="requester")
            Equipment.objects.create(contract=world.a.contract, category="终端",
                                     name=f"更多 {round_}-{i}", quantity=1)
    assert counts[0] == counts[1], counts


def test_membership_form_reports_missing_user_in_chinese(world):
    client = login(world.a.users["agency_admin"])
    response = client.post("/contracts/members/add/", {
        "contract": world.a.contract.pk, "username": "ghost", "role": "requester"})
    assert response.status_code == 400
    assert "没有使用此用户名的有效用户" in response.content.decode()


def test_membership_form_refuses_a_foreign_contract(world):
    client = login(world.a.users["agency_admin"])
    response = client.post("/contracts/members/add/", {
        "contract": world.b.contract.pk, "username": world.a.users["expert"].username,
        "role": "requester"})
    assert response.status_code == 400
    assert not Membership.objects.filter(contract=world.b.contract,
                                         user=world.a.users["expert"]).exists()


def test_csrf_is_enforced_on_forms(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a.users["agency_admin"])
    response = client.post(f"/contracts/{world.a.contract.pk}/edit/", {"description": "x"})
    assert response.status_code == 403


def test_deleting_an_organization_in_use_explains_why(world):
    client = login(world.root)
    response = client.post(f"/organizations/{world.a.vendor.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert "仍被其他记录使用" in response.content.decode()
