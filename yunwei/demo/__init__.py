"""The demo engagement: synthetic contracts, parties, people in every role and equipment.

Domain apps add their own demo data by registering a loader from their AppConfig.ready():
`yunwei.demo.register("staffing", load, order=50)`. `load(contracts)` gets the demo contracts
(the first is the main engagement, the second another agency's, for tenant isolation) and
must be idempotent: `make demo` runs it again on existing, possibly edited, data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LOADERS: dict[str, tuple[int, Callable[[list[Any]], None]]] = {}


def register(name: str, load: Callable[[list[Any]], None], order: int = 100) -> None:
    """Add (or replace) a domain's demo loader."""
    LOADERS[name] = (order, load)


def run_loaders(contracts: list[Any]) -> None:
    """Run every registered loader, in order."""
    for _name, (_order, load) in sorted(LOADERS.items(), key=lambda kv: (kv[1][0], kv[0])):
        load(contracts)
