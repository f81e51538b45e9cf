"""Lists name people by their names: the plans' engineer as 刘洋, not the login aaa_vendor_...;
the contract's members as 刘洋 (login), since an administrator also needs the login."""

import pytest

from yunwei.inventory.testing import make_world_with_inventory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_builder():
    """The world with the inventory objects on both contracts, built once for the module."""
    return make_world_with_inventory


def test_inspection_plans_list_the_engineer_by_name(world, client, inv):
    engineer = world.a.users["vendor_engineer"]
    engineer.first_name = "刘洋"
    engineer.save()
    plan = inv["inspectionplan"]
    plan.assignee = engineer
    plan.save()
    client.force_login(world.a.users["vendor_pm"])
    html = client.get("/inventory/plans/").content.decode()
    assert ">刘洋<" in html
    assert engineer.username not in html


def test_members_list_name_and_login(world, client):
    engineer = world.a.users["vendor_engineer"]
    engineer.first_name = "刘洋"
    engineer.save()
    client.force_login(world.a.users["agency_admin"])
    html = client.get("/contracts/members/").content.decode()
    assert f"刘洋 ({engineer.username})" in html
