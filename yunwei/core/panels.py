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


# -- panels on another app's object page -------------------------------------------------------
@dataclass(frozen=True)
class ObjectPanel:
    """A section one app adds to another app's object page (the work order page shows the
    configuration items the order is about): the page's template says
    `{% object_panels object %}` and knows nothing of who adds what."""

    name: str
    model: str  # "app_label.modelname" of the page's object
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


OBJECT_PANELS: dict[str, ObjectPanel] = {}


def register_object_panel(panel: ObjectPanel) -> None:
    """Add (or replace) an object panel; apps call this from their ready()."""
    OBJECT_PANELS[panel.name] = panel


def object_panels_for(request: Any, obj: Any) -> list[dict[str, Any]]:
    """The panels of this object's page this user sees, with their context."""
    label = obj._meta.label_lower
    shown = []
    for panel in sorted(OBJECT_PANELS.values(), key=lambda p: (p.order, p.name)):
        if panel.model != label:
            continue
        ctx = panel.context(request, obj)
        if ctx is not None:
            shown.append({"name": panel.name, "template": panel.template, "context": ctx})
    return shown


# -- panels on a contract's service desk dashboard ---------------------------------------------
@dataclass(frozen=True)
class DashboardPanel:
    """A section one app adds to a contract's service desk dashboard (staffing shows who is
    on duty now): the dashboard's template says `{% dashboard_panels contract %}` and knows
    nothing of who adds what, so work orders never import the app that fills it."""

    name: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


DASHBOARD_PANELS: dict[str, DashboardPanel] = {}


def register_dashboard_panel(panel: DashboardPanel) -> None:
    """Add (or replace) a dashboard panel; apps call this from their ready()."""
    DASHBOARD_PANELS[panel.name] = panel


def dashboard_panels_for(request: Any, contract: Any) -> list[dict[str, Any]]:
    """The dashboard panels this user sees on this contract, with their context."""
    shown = []
    for panel in sorted(DASHBOARD_PANELS.values(), key=lambda p: (p.order, p.name)):
        ctx = panel.context(request, contract)
        if ctx is not None:
            shown.append({"name": panel.name, "template": panel.template, "context": ctx})
    return shown
