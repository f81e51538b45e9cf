"""Contract page panels: each domain app adds its own section to the contract page.

An app registers a ContractPanel from its AppConfig.ready(); the contract page renders, in
`order`, every panel whose `context(request, contract)` returns a dict (None hides the panel,
e.g. when the user may not see the app's records). Core never imports the domain apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ContractPanel:
    """One section of the contract page: a template and what it needs."""

    name: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


PANELS: dict[str, ContractPanel] = {}


def register(panel: ContractPanel) -> None:
    """Add (or replace) a panel; apps call this from their ready()."""
    PANELS[panel.name] = panel


def panels_for(request: Any, contract: Any) -> list[dict[str, Any]]:
    """The panels this user sees on this contract's page, with their context."""
    shown = []
    for panel in sorted(PANELS.values(), key=lambda p: (p.order, p.name)):
        ctx = panel.context(request, contract)
        if ctx is not None:
            shown.append({"name": panel.name, "template": panel.template, "context": ctx})
    return shown


@dataclass(frozen=True)
class ObjectPanel:
    """One section another app adds to an object's page (the work-order page's accidents):
    `model` is the page's "app_label.model", `context(request, obj)` a dict or None (hidden)."""

    name: str
    model: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


OBJECT_PANELS: dict[str, ObjectPanel] = {}


def register_object(panel: ObjectPanel) -> None:
    """Add (or replace) a panel on the pages of one model; apps call this from their ready()."""
    OBJECT_PANELS[panel.name] = panel


def object_panels_for(request: Any, obj: Any) -> list[dict[str, Any]]:
    """The panels other apps add to this object's page that this user sees."""
    label = obj._meta.label_lower
    shown = []
    for panel in sorted(OBJECT_PANELS.values(), key=lambda p: (p.order, p.name)):
        if panel.model != label:
            continue
        ctx = panel.context(request, obj)
        if ctx is not None:
            shown.append({"name": panel.name, "template": panel.template, "context": ctx})
    return shown
