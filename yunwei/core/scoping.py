"""The one scoping function: every queryset a user reaches passes through `restrict()`.

A model declares a `Scope`: how it hangs from a contract and which roles may do each action.
Visibility follows from the user's memberships (user x contract x role). Superusers (system
administrators) see everything. A model without a Scope cannot be restricted, so a new model
cannot leak by omission: `restrict()` raises instead.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .roles import READ_ONLY_ROLES

ACTIONS = ("view", "add", "change", "delete")


@dataclass(frozen=True)
class Scope:
    """How a model is scoped: its path to the contract and the roles allowed per action.

    contract_field: lookup from the model to the contract id ("pk" for Contract itself,
        "contract" for objects that hang from a contract), or None when `contract_q` is used.
    contract_q: builds the filter from a subquery of permitted contract ids (for objects that
        relate to contracts in several ways, such as organizations).
    roles: action -> roles allowed. Actions not listed are for system administrators only.
    owner_field / owner_roles: for these roles, only objects whose owner_field is the user.
    """

    contract_field: str | None = "contract"
    roles: dict[str, frozenset[str]] = field(default_factory=dict)
    owner_field: str | None = None
    owner_roles: frozenset[str] = frozenset()
    contract_q: Callable[[Any], Q] | None = None

    def __post_init__(self) -> None:
        for action, roles in self.roles.items():
            if action not in ACTIONS:
                raise ImproperlyConfigured(f"unknown action {action!r}")
            if action != "view" and roles & READ_ONLY_ROLES:
                raise ImproperlyConfigured(f"read-only role granted {action!r}")
        if self.owner_roles and not self.owner_field:
            raise ImproperlyConfigured("owner_roles need an owner_field")

    def allowed_roles(self, action: str) -> frozenset[str]:
        """Roles that may do `action` on this model."""
        return frozenset(self.roles.get(action, frozenset()))

    def filter_for_contracts(self, contract_ids: Any) -> Q:
        """The Q object selecting objects of the given contracts (a subquery or list)."""
        if self.contract_q is not None:
            return self.contract_q(contract_ids)
        return Q(**{f"{self.contract_field}__in": contract_ids})


def scope_of(model: type[Model]) -> Scope:
    """The Scope a model declares; raises for a model that declares none."""
    scope = getattr(model, "scope", None)
    if not isinstance(scope, Scope):
        raise ImproperlyConfigured(f"{model._meta.label} declares no Scope; it cannot be shown")
    return scope


#: Within a request: user id -> the (contract id, role) pairs of the user's memberships, read
#: once. Every check of the request answers from it; any change of a membership forgets it.
_memo: ContextVar[dict[Any, frozenset[tuple[int, str]]] | None] = ContextVar(
    "yunwei_memberships", default=None)


@contextlib.contextmanager
def request_memo() -> Iterator[None]:
    """Read each user's memberships at most once inside this block (one request): the role
    checks, the menu and restrict() of the request then need no further query for them."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def forget_memberships(**kwargs: Any) -> None:
    """A membership changed: the memberships read in this request are read again."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def _memberships(user: Any) -> frozenset[tuple[int, str]] | None:
    """The user's (contract id, role) pairs, read once per request; None outside a request."""
    memo = _memo.get()
    if memo is None:
        return None
    found = memo.get(user.pk)
    if found is None:
        membership = apps.get_model("contracts", "Membership")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT contract_id, role FROM {membership._meta.db_table} "  # noqa: S608
                "WHERE user_id = %s", [user.pk])
            found = memo[user.pk] = frozenset((row[0], row[1]) for row in cursor.fetchall())
    return found


def memberships_of(user: Any) -> frozenset[tuple[int, str]]:
    """The (contract id, role) pairs of the user's memberships (read once per request)."""
    if getattr(user, "pk", None) is None:
        return frozenset()
    pairs = _memberships(user)
    if pairs is not None:
        return pairs
    membership = apps.get_model("contracts", "Membership")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT contract_id, role FROM {membership._meta.db_table} "  # noqa: S608
                       "WHERE user_id = %s", [user.pk])
        return frozenset((row[0], row[1]) for row in cursor.fetchall())


def roles_anywhere(user: Any) -> frozenset[str]:
    """Every role the user holds on some contract."""
    return frozenset(role for _contract, role in memberships_of(user))


def _membership_contracts(user: Any, roles: Iterable[str]) -> Any:
    """The ids of the contracts on which the user holds one of `roles`: a subquery, or within
    a request the list itself (read once, and far cheaper for the ORM to build into a query)."""
    roles = frozenset(roles)
    pairs = _memberships(user)
    if pairs is not None:
        return sorted({contract for contract, role in pairs if role in roles})
    membership = apps.get_model("contracts", "Membership")
    return membership.objects.filter(user_id=user.pk, role__in=list(roles)).values("contract_id")


def restrict(queryset: QuerySet, user: Any, action: str = "view") -> QuerySet:
    """Return the part of `queryset` that `user` may do `action` on. The only visibility rule."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    scope = scope_of(queryset.model)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    roles = scope.allowed_roles(action)
    if not roles:
        return queryset.none()
    full_roles = roles - scope.owner_roles
    owner_roles = roles & scope.owner_roles
    condition = Q(pk__in=[])
    if full_roles:
        condition |= scope.filter_for_contracts(_membership_contracts(user, full_roles))
    if owner_roles:
        condition |= scope.filter_for_contracts(_membership_contracts(user, owner_roles)) & Q(
            **{scope.owner_field: user.pk}
        )
    return queryset.filter(condition)


def get_scoped_object(queryset: QuerySet, user: Any, action: str = "view", **lookup: Any) -> Any:
    """Fetch one object for `action`: 404 when the user may not see it, 403 when they may see
    it but not do `action` (so foreign objects reveal nothing, not even that they exist)."""
    try:
        obj = restrict(queryset, user, "view").get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if action != "view" and not can(user, obj, action):
        raise PermissionDenied
    return obj


def can(user: Any, obj: Model, action: str) -> bool:
    """Whether `user` may do `action` on this existing object."""
    model = type(obj)
    return restrict(model._default_manager.all(), user, action).filter(pk=obj.pk).exists()


def contracts_for(user: Any, model: type[Model], action: str) -> QuerySet:
    """Contracts on which `user` may do `action` on objects of `model` (e.g. to add one)."""
    contract = apps.get_model("contracts", "Contract")
    qs = contract.objects.all()
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    roles = scope_of(model).allowed_roles(action)
    return qs.filter(pk__in=_membership_contracts(user, roles))


def roles_on(user: Any, contract_id: Any) -> frozenset[str]:
    """The roles `user` holds on one contract (every role for system administrators).

    One indexed lookup in plain SQL: it runs on every write, and the ORM would spend ten times
    as long building the query as the database spends answering it."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        from .roles import Role

        return frozenset(Role.values)
    if isinstance(contract_id, str) and contract_id.isascii() and contract_id.isdigit():
        contract_id = int(contract_id)
    if type(contract_id) is not int or not 0 < contract_id < 2**63:  # 1.5, True, 10**30 ...
        return frozenset()
    pairs = _memberships(user)
    if pairs is not None:
        return frozenset(role for contract, role in pairs if contract == contract_id)
    membership = apps.get_model("contracts", "Membership")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT role FROM {membership._meta.db_table} "  # noqa: S608 - a model's table
            "WHERE user_id = %s AND contract_id = %s", [user.pk, contract_id])
        return frozenset(row[0] for row in cursor.fetchall())


def can_anywhere(user: Any, model: type[Model], action: str) -> bool:
    """Whether `user` may do `action` on objects of `model` on at least one contract (the same
    rule as contracts_for(...).exists(), in one plain indexed query)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = sorted(scope_of(model).allowed_roles(action))
    if not roles:
        return False
    pairs = _memberships(user)
    if pairs is not None:
        return any(role in roles for _contract, role in pairs)
    membership = apps.get_model("contracts", "Membership")
    marks = ", ".join(["%s"] * len(roles))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {membership._meta.db_table} "  # noqa: S608 - a model's table
            f"WHERE user_id = %s AND role IN ({marks}) LIMIT 1", [user.pk, *roles])
        return cursor.fetchone() is not None


def can_on_contract(user: Any, model: type[Model], action: str, contract_id: Any) -> bool:
    """Whether `user` may do `action` on objects of `model` that belong to this contract (the
    same rule as contracts_for(); true for system administrators even for an unknown id)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True  # system administrators may do everything, admin-only actions included
    return bool(roles_on(user, contract_id) & scope_of(model).allowed_roles(action))
