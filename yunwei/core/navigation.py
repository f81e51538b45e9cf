"""The navigation menu: entries registered by apps, shown when the user may view the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    """One entry of the top menu."""

    label: Any
    url_name: str
    model: str | None = None  # "app_label.Model": shown when the user may view some
    superuser_only: bool = False


MENU: list[MenuItem] = []


def register(item: MenuItem) -> None:
    """Add an entry to the menu (apps call this from their ready())."""
    if item not in MENU:
        MENU.append(item)


def menu_for(user: Any) -> list[dict[str, str]]:
    """The entries this user may use, with their URLs."""
    from .scoping import scope_of

    roles: set[str] | None = None
    items = []
    for item in MENU:
        if item.superuser_only and not user.is_superuser:
            continue
        if item.model and not user.is_superuser:
            if roles is None:  # one query for the whole menu
                membership = apps.get_model("contracts", "Membership")
                roles = set(membership.objects.filter(user_id=user.pk).values_list("role",
                                                                                   flat=True))
            if not roles & scope_of(apps.get_model(item.model)).allowed_roles("view"):
                continue
        items.append({"label": item.label, "url": reverse(item.url_name)})
    return items
