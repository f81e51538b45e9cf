"""Lookups one app offers another: records of a contract to choose from, by id, without an import.

An app that owns records another app must name (the inventory's configuration items, named
by an accident of the operations app) registers a `Lookup` from its AppConfig.ready(); the
naming app asks core for it by name and stores the ids. When the owning app is not installed,
`get()` answers None and the naming app offers no such choice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

#: The configuration items of a contract (registered by the inventory app).
CONFIG_ITEMS = "config_items"


@dataclass(frozen=True)
class Lookup:
    """`choices(user, contract_id)`: (id, label) the user may choose on the contract (all of
    the user's contracts when contract_id is None, labels then name the contract);
    `labels(contract_id, ids)`: id -> label of those ids that are records of the contract."""

    name: str
    choices: Callable[[Any, int | None], list[tuple[int, str]]]
    labels: Callable[[int, Iterable[int]], dict[int, str]]


LOOKUPS: dict[str, Lookup] = {}


def register(lookup: Lookup) -> None:
    """Add (or replace) a lookup; apps call this from their ready()."""
    LOOKUPS[lookup.name] = lookup


def get(name: str) -> Lookup | None:
    """The lookup of that name, or None when the app that offers it is not installed."""
    return LOOKUPS.get(name)
