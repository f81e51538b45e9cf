"""restrict(): the one visibility rule, checked per role and per contract."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured

from yunwei.assets.models import Equipment
from yunwei.contracts.models import Contract, Membership
from yunwei.core.roles import READ_ONLY_ROLES, Role
from yunwei.core.scoping import ACTIONS, Scope, can, contracts_for, restrict, scope_of
from yunwei.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", Role.values)
def test_no_role_sees_a_foreign_contract_or_anything_under_it(world, role):
    user = world.a.users[role]
    for model in (Contract, Membership, Equipment, Organization):
        visible = restrict(model.objects.all(), user, "view")
        if model is Contract:
            assert list(visible) == [world.a.contract]
        elif model is Organization:
            assert world.b.vendor not in visible and world.b.agency not in visible
        else:
            assert not visible.filter(contract=world.b.contract).exists()


def test_requester_sees_only_own_membership_and_no_equipment(world):
    user = world.a.users["requester"]
    assert list(restrict(Membership.objects.all(), user)) == [world.a.memberships["requester"]]
    assert not restrict(Equipment.objects.all(), user).exists()


def test_team_sees_the_whole_team(world):
    user = world.a.users["vendor_engineer"]
    assert restrict(Membership.objects.all(), user).count() == len(Role.values)


def test_read_only_roles_can_change_nothing(world):
    from django.apps import apps

    for model in apps.get_models():
        scope = getattr(model, "scope", None)
        if not isinstance(scope, Scope):
            continue
        for action in ACTIONS[1:]:
            assert not (scope.allowed_roles(action) & READ_ONLY_ROLES), (model, action)
    expert = world.a.users["expert"]
    for obj in (world.a.contract, world.a.equipment, world.a.memberships["expert"]):
        assert can(expert, obj, "view")
        assert not can(expert, obj, "change") and not can(expert, obj, "delete")


def test_granting_write_to_a_read_only_role_is_refused():
    with pytest.raises(ImproperlyConfigured):
        Scope(roles={"change": frozenset({Role.EXPERT})})


def test_model_without_scope_cannot_be_restricted(world):
    from django.contrib.auth.models import Group

    with pytest.raises(ImproperlyConfigured):
        restrict(Group.objects.all(), world.root)
    with pytest.raises(ImproperlyConfigured):
        scope_of(Group)


def test_anonymous_and_inactive_see_nothing(world):
    assert not restrict(Contract.objects.all(), AnonymousUser()).exists()
    user = world.a.users["agency_admin"]
    user.is_active = False
    user.save()
    assert not restrict(Contract.objects.all(), user).exists()


def test_superuser_sees_everything(world):
    assert restrict(Contract.objects.all(), world.root).count() == 2


def test_add_rights_follow_roles(world):
    assert list(contracts_for(world.a.users["vendor_engineer"], Equipment, "add")) == [
        world.a.contract
    ]
    assert not contracts_for(world.a.users["expert"], Equipment, "add").exists()
    assert not contracts_for(world.a.users["agency_admin"], Contract, "add").exists()


def test_unknown_action_is_an_error(world):
    with pytest.raises(ValueError):
        restrict(Contract.objects.all(), world.root, "approve")


def test_restrict_is_one_query(world, django_assert_num_queries):
    user = world.a.users["vendor_pm"]
    with django_assert_num_queries(1):
        list(restrict(Equipment.objects.all(), user))
    with django_assert_num_queries(1):
        list(restrict(Organization.objects.all(), user))


def test_the_plain_sql_checks_agree_with_restrict_for_every_model_role_and_action(world):
    """can_anywhere() and can_on_contract() read memberships in plain SQL; they must give
    contracts_for()'s answer for every scoped model, role, action and contract."""
    from django.apps import apps

    from yunwei.core.scoping import can_anywhere, can_on_contract, roles_on

    models = [m for m in apps.get_models() if isinstance(getattr(m, "scope", None), Scope)]
    users = [*world.a.users.values(), world.root, AnonymousUser()]
    inactive = world.b.users["vendor_pm"]
    inactive.is_active = False
    users.append(inactive)
    for user in users:
        for model in models:
            for action in ACTIONS:
                allowed = contracts_for(user, model, action)
                assert can_anywhere(user, model, action) == (allowed.exists()), (user, model)
                for contract in (world.a.contract, world.b.contract):
                    expected = allowed.filter(pk=contract.pk).exists()
                    assert can_on_contract(user, model, action, contract.pk) == expected
    assert roles_on(world.a.users["supervisor"], world.b.contract.pk) == frozenset()
    for odd in (None, "x", 10**30, -1, 0, 1.5):
        assert roles_on(world.a.users["supervisor"], odd) == frozenset()
