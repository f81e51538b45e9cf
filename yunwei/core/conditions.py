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

A page that shows many milestones asks for them all at once (`met_on_many`, `delays_for_many`):
a condition that registers `met_many(contract, refs)` / `delays_many(contract, refs)` answers
every reference in a fixed number of queries; one that does not is asked reference by reference.
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
#: met_many(contract, refs) -> {ref: date or None} for every ref, in a fixed number of queries
CheckMany = Callable[[Any, list[str]], dict[str, dt.date | None]]
#: delays_many(contract, refs) -> {ref: the agency's delays} for every ref
DelaysMany = Callable[[Any, list[str]], dict[str, list[Delay]]]


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
    met_many: CheckMany | None = None
    delays_many: DelaysMany | None = None


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


def met_on_many(contract: Any, wanted: list[tuple[str, str]]
                ) -> dict[tuple[str, str], dt.date | None]:
    """When each (name, ref) was met for this contract, asked once per condition name when
    the condition answers many at once; a name no app registers is left out (unknown, never
    met)."""
    out: dict[tuple[str, str], dt.date | None] = {}
    for name, refs in _by_name(wanted).items():
        condition = CONDITIONS.get(name)
        if condition is None:
            continue
        if condition.met_many is not None:
            found = condition.met_many(contract, refs)
            out.update({(name, ref): found.get(ref) for ref in refs})
        else:
            out.update({(name, ref): condition.met(contract, ref) for ref in refs})
    return out


def delays_for_many(contract: Any, wanted: list[tuple[str, str]]
                    ) -> dict[tuple[str, str], list[Delay]]:
    """The agency's delays on the way to each (name, ref), asked once per condition name when
    the condition answers many at once (none for an unknown name)."""
    out: dict[tuple[str, str], list[Delay]] = {}
    for name, refs in _by_name(wanted).items():
        condition = CONDITIONS.get(name)
        if condition is None or (condition.delays is None and condition.delays_many is None):
            out.update({(name, ref): [] for ref in refs})
        elif condition.delays_many is not None:
            found = condition.delays_many(contract, refs)
            out.update({(name, ref): list(found.get(ref) or ()) for ref in refs})
        else:
            out.update({(name, ref): condition.delays(contract, ref) for ref in refs})
    return out


def _by_name(wanted: list[tuple[str, str]]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for name, ref in wanted:
        refs = groups.setdefault(name, [])
        if str(ref or "") not in refs:
            refs.append(str(ref or ""))
    return groups


def choices(english: bool = False) -> list[tuple[str, str]]:
    """(name, label) of every registered condition, for a form's choice list."""
    return sorted((c.name, c.label_en if english else c.label_zh) for c in CONDITIONS.values())
