"""Finding people on a contract by user name (forms and the API share this)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model


def active_user(username: str) -> Any:
    """The active account with this user name, or None."""
    return get_user_model().objects.filter(username=username.strip(), is_active=True).first()


def member(contract: Any, username: str, roles: Iterable[str]) -> Any:
    """The active user with this user name holding one of `roles` on the contract, or None."""
    return get_user_model().objects.filter(
        username=username.strip(), is_active=True, memberships__contract=contract,
        memberships__role__in=list(roles)).distinct().first()
