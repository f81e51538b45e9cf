"""Payment conditions registry: what a payment milestone waits for, and when it was met.

A domain app registers, from its AppConfig.ready(), a named condition and a function
`met(contract, ref) -> date | None`: the date the condition was met for this contract and
reference (e.g. "deliverable_approved" with a document type's id, "acceptance_passed" with an
acceptance's id), or None while it is not met. The assessment's payment milestones read it
through `met_on(name, contract, ref)`; core never imports the app behind a name.

A condition may also say where the agency itself held it up (`delays(contract, ref)`): a review
answered after its deadline, a review left unanswered until the deemed approval, an acceptance
organised late. The payment page shows these with their evidence, so that a payment made late
because the agency reviewed late is not put down to the vendor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: met(contract, ref) -> the date the condition was met, or None
Check = Callable[[Any, str], dt.date | None]


@dataclass(frozen=True)
class Delay:
    """A wait the agency caused on the way to a condition: what it was (`label`, e.g. a
    document and version), the agency's deadline, when it answered (None: not yet; for a
    deemed approval the day silence counted as approval), the working days past the deadline,
    and the evidence (a reference "app_label.model:pk" and the record's page)."""

    label: str
    zh: str
    en: str
    deadline: dt.date
    answered_on: dt.date | None
    workdays_late: int
    deemed: bool
    ref: str
    url: str


#: delays(contract, ref) -> the agency's delays on the way to this condition
Delays = Callable[[Any, str], list[Delay]]


@dataclass(frozen=True)
class Condition:
    """A payment condition: its name, labels, what `ref` names, and its check."""

    name: str
    label_zh: str
    label_en: str
    ref_help: str
    met: Check
    app: str = ""
    delays: Delays | None = None


CONDITIONS: dict[str, Condition] = {}


def register(condition: Condition) -> None:
    """Add (or replace) a condition; apps call this from their ready()."""
    CONDITIONS[condition.name] = condition


def known() -> set[str]:
    """The names of every registered condition."""
    return set(CONDITIONS)


def met_on(name: str, contract: Any, ref: str = "") -> dt.date | None:
    """When condition `name` was met for this contract and reference (None: not yet);
    KeyError for a name no app registered."""
    return CONDITIONS[name].met(contract, str(ref or ""))


def delays_for(name: str, contract: Any, ref: str = "") -> list[Delay]:
    """The agency's delays on the way to condition `name` (none when the app reports none or
    the name is unknown)."""
    condition = CONDITIONS.get(name)
    if condition is None or condition.delays is None:
        return []
    return condition.delays(contract, str(ref or ""))


def choices(english: bool = False) -> list[tuple[str, str]]:
    """(name, label) of every registered condition, for a form's choice list."""
    return sorted((c.name, c.label_en if english else c.label_zh) for c in CONDITIONS.values())
