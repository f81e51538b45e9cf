"""Payment conditions registry: what a payment milestone waits for, and when it was met.

A domain app registers, from its AppConfig.ready(), a named condition and a function
`met(contract, ref) -> date | None`: the date the condition was met for this contract and
reference (e.g. "deliverable_approved" with a document type's id, "acceptance_passed" with an
acceptance's id), or None while it is not met. The assessment's payment milestones read it
through `met_on(name, contract, ref)`; core never imports the app behind a name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: met(contract, ref) -> the date the condition was met, or None
Check = Callable[[Any, str], dt.date | None]


@dataclass(frozen=True)
class Condition:
    """A payment condition: its name, labels, what `ref` names, and its check."""

    name: str
    label_zh: str
    label_en: str
    ref_help: str
    met: Check
    app: str = ""


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
