"""Finding people on a contract by user name or id (forms, the API and actions share this)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model


def active_user(username: str) -> Any:
    """The active account with this user name, or None."""
    return get_user_model().objects.filter(username=username.strip(), is_active=True).first()


def _members(contract: Any, roles: Iterable[str]) -> Any:
    return get_user_model().objects.filter(
        is_active=True, memberships__contract=contract,
        memberships__role__in=list(roles)).distinct()


def member(contract: Any, username: str, roles: Iterable[str]) -> Any:
    """The active user with this user name holding one of `roles` on the contract, or None."""
    return _members(contract, roles).filter(username=username.strip()).first()


def member_by_id(contract: Any, user_id: Any, roles: Iterable[str]) -> Any:
    """The active user with this id holding one of `roles` on the contract, or None."""
    return _members(contract, roles).filter(pk=user_id).first()
