"""A request reads each user's memberships once; a change of a membership in it is seen."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yunwei.contracts.models import Membership
from yunwei.core import scoping
from yunwei.core.roles import Role
from yunwei.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db

#: Who sees which buttons on the queue: the desk's form ("Log a call") and self-service
#: ("Report a problem"), from docs/domains/workorders.md (requesters report for themselves).
BUTTONS = {
    "agency_admin": (True, True), "agency_liaison": (True, True),
    "service_desk": (True, True), "vendor_pm": (True, True),
    "requester": (False, True), "vendor_engineer": (False, False),
    "supervisor": (False, False), "expert": (False, False),
}


@pytest.mark.parametrize(("role", "expected"), BUTTONS.items())
def test_queue_buttons_by_role(client, world, role, expected):
    client.force_login(world.a.users[role])
    html = client.get(reverse("workorders:workorder_list") + "?queue=all").content.decode()
    shown = (f'href="{reverse("workorders:workorder_add")}"' in html,
             f'href="{reverse("workorders:workorder_report")}"' in html)
    assert shown == expected


def test_queue_buttons_for_the_system_administrator(client, world):
    client.force_login(world.root)
    html = client.get(reverse("workorders:workorder_list")).content.decode()
    assert f'href="{reverse("workorders:workorder_add")}"' in html
    assert f'href="{reverse("workorders:workorder_report")}"' in html


def test_memberships_are_read_once_per_request(world):
    user = world.a.users["service_desk"]
    with scoping.request_memo():
        with CaptureQueriesContext(connection) as first:
            roles = scoping.roles_on(user, world.a.contract.pk)
        with CaptureQueriesContext(connection) as then:
            assert scoping.roles_on(user, world.a.contract.pk) == roles == {Role.SERVICE_DESK}
            assert scoping.roles_on(user, world.b.contract.pk) == frozenset()
            assert scoping.can_anywhere(user, WorkOrder, "add")
            assert scoping.can_on_contract(user, WorkOrder, "add", world.a.contract.pk)
            assert not scoping.can_on_contract(user, WorkOrder, "add", world.b.contract.pk)
    assert len(first) == 1
    assert len(then) == 0


def test_restrict_sees_the_same_rows_inside_a_request(world):
    for side in (world.a, world.b):
        for user in side.users.values():
            for action in ("view", "change"):
                outside = sorted(scoping.restrict(WorkOrder.objects.all(), user, action)
                                 .values_list("pk", flat=True))
                with scoping.request_memo():
                    inside = sorted(scoping.restrict(WorkOrder.objects.all(), user, action)
                                    .values_list("pk", flat=True))
                assert inside == outside, (user, action)
    # and by hand: the desk of A sees A's order, not B's
    desk = world.a.users["service_desk"]
    with scoping.request_memo():
        seen = set(scoping.restrict(WorkOrder.objects.all(), desk).values_list("pk", flat=True))
    assert world.a.work_order.pk in seen
    assert world.b.work_order.pk not in seen


def test_a_membership_added_or_removed_in_the_request_is_seen(world):
    user = world.a.users["vendor_engineer"]
    contract = world.b.contract
    with scoping.request_memo():
        assert scoping.roles_on(user, contract.pk) == frozenset()
        membership = Membership.objects.create(contract=contract, user=user,
                                               role=Role.SERVICE_DESK)
        assert scoping.roles_on(user, contract.pk) == {Role.SERVICE_DESK}
        assert scoping.restrict(WorkOrder.objects.filter(pk=world.b.work_order.pk),
                                user).exists()
        Membership.objects.filter(pk=membership.pk).update(role=Role.VENDOR_PM)  # no signal
        assert scoping.roles_on(user, contract.pk) == {Role.VENDOR_PM}
        membership.delete()
        assert scoping.roles_on(user, contract.pk) == frozenset()
        assert not scoping.restrict(WorkOrder.objects.filter(pk=world.b.work_order.pk),
                                    user).exists()


def test_the_queue_page_needs_fewer_queries(client, world):
    """The memberships of the page's user are read once (they were read four times)."""
    client.force_login(world.a.users["service_desk"])
    url = reverse("workorders:workorder_list")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    membership_reads = [q["sql"] for q in queries if q["sql"].split(" FROM ", 1)[-1].startswith(
        ("contracts_membership", '"contracts_membership"'))]
    assert len(membership_reads) == 1, membership_reads
