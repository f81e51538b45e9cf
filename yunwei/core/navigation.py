"""The navigation menu: entries registered by apps, shown when the user may view the model."""

from __future__ import annotations

from collections.abc import Callable
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
    order: int = 100  # entries with a lower order come first (then in registration order)


MENU: list[MenuItem] = []


#: (script prefix, superuser, roles) -> the menu entries: the same for everyone alike.
_MENUS: dict[tuple[str, bool, frozenset[str]], list[dict[str, Any]]] = {}


def register(item: MenuItem) -> None:
    """Add an entry to the menu (apps call this from their ready())."""
    if item not in MENU:
        MENU.append(item)
    _MENUS.clear()


def menu_for(user: Any) -> list[dict[str, str]]:
    """The entries this user may use, with their URLs. The menu depends only on the user's
    roles (not on which contracts they hold them on): built once per set of roles."""
    from django.urls import get_script_prefix

    from .scoping import roles_anywhere

    roles = frozenset() if user.is_superuser else roles_anywhere(user)  # one query at most
    key = (get_script_prefix(), bool(user.is_superuser), roles)
    items = _MENUS.get(key)
    if items is None:
        items = _MENUS[key] = _build_menu(bool(user.is_superuser), roles)
    return [dict(item) for item in items]


def _build_menu(superuser: bool, roles: frozenset[str]) -> list[dict[str, Any]]:
    from .scoping import scope_of

    items = []
    for item in sorted(MENU, key=lambda entry: entry.order):
        if item.superuser_only and not superuser:
            continue
        if item.model and not superuser and not roles & scope_of(
                apps.get_model(item.model)).allowed_roles("view"):
            continue
        items.append({"label": item.label, "url": reverse(item.url_name)})
    return items


@dataclass(frozen=True)
class HeaderLink:
    """A link of the page header with a count (e.g. the notification bell and its unread
    count), registered by an app; `count(user)` is called on every page."""

    label: Any
    url_name: str
    count: Callable[[Any], int]


HEADER: list[HeaderLink] = []


def register_header(link: HeaderLink) -> None:
    """Add a link to the page header (apps call this from their ready())."""
    if all(existing.url_name != link.url_name for existing in HEADER):
        HEADER.append(link)


def header_for(user: Any) -> list[dict[str, Any]]:
    """The header links of this user, with their counts."""
    return [{"label": link.label, "url": reverse(link.url_name), "count": link.count(user)}
            for link in HEADER]


@dataclass(frozen=True)
class ContractLink:
    """A page of one contract's records, listed on the contract page ("Records of this
    contract") so that every list a role may use is reachable from its contract.

    The link is shown when the user may view `model` on the contract; it leads to the list at
    `url_name` filtered by `?contract=`, or to the URL `url(contract)` returns (None hides it:
    e.g. the desk settings of a contract that has none)."""

    label: Any
    model: str
    url_name: str = ""
    url: Callable[[Any], str | None] | None = None
    order: int = 100
    roles: frozenset[str] | None = None  # only these roles (None: whoever may view `model`)


CONTRACT_LINKS: list[ContractLink] = []


def register_contract_link(link: ContractLink) -> None:
    """Add a link to the contract page (apps call this from their ready())."""
    if all((existing.label, existing.model) != (link.label, link.model)
           for existing in CONTRACT_LINKS):
        CONTRACT_LINKS.append(link)


def contract_links_for(user: Any, contract: Any) -> list[dict[str, str]]:
    """The record pages of this contract the user may open."""
    from .scoping import roles_on, scope_of

    roles = None if user.is_superuser else roles_on(user, contract.pk)  # one query
    links = []
    for link in sorted(CONTRACT_LINKS, key=lambda item: (item.order, str(item.label))):
        if roles is not None and not (
                roles & scope_of(apps.get_model(link.model)).allowed_roles("view")
                and (link.roles is None or roles & link.roles)):
            continue  # the rule of can_on_contract(user, model, "view", contract)
        url = link.url(contract) if link.url else \
            f"{reverse(link.url_name)}?contract={contract.pk}"
        if url:
            links.append({"label": str(link.label), "url": url})
    return links
