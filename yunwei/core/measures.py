"""The measures registry: what each domain app can count for the assessment.

A scheme (yunwei.scoring.engine) names measures ("work_order", "accident", "attendance",
"inspection", "availability" …) and the attributes its rules read. The platform supplies them
through this registry: each domain app registers, from its AppConfig.ready(), the measures it
provides and a function that collects them for one contract over a time range, as the engine's
`Event`s (one per record, with an evidence reference "app_label.model:pk" and a label) or
`Value`s (one per period). Core and the assessment never import a domain app; adding a record
kind adds a measure here, not engine code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

#: collect(contract, start, end) -> the measure's events (or values) in [start, end)
Collector = Callable[[Any, dt.datetime, dt.datetime], Iterable[Any]]


@dataclass(frozen=True)
class Measure:
    """A measure the platform can supply: its name in schemes, labels, kind and attributes."""

    name: str
    label_zh: str
    label_en: str
    kind: str  # "events" or "values"
    attributes: tuple[str, ...]
    collect: Collector
    app: str = ""
    #: replaces(contract) -> the evidence refs of *other* sources' events that this source's
    #: records stand for (an operations accident that took over an accident entered by hand in
    #: the assessment): those events are left out, so that one occurrence never counts twice.
    replaces: Callable[[Any], Iterable[str]] | None = None
    #: a values measure given per part (each item's availability): what a scheme's threshold
    #: may choose its parts by, as (name, label_zh, label_en); the values carry them as `tags`
    filters: tuple[tuple[str, str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ("events", "values"):
            raise ValueError(f"measure {self.name}: kind must be 'events' or 'values'")


MEASURES: dict[str, Measure] = {}
#: name -> app -> collector: several apps may supply one measure (e.g. attendance derived by
#: staffing from punches, and corrections entered by hand in the assessment): all count.
SOURCES: dict[str, dict[str, Collector]] = {}
#: name -> app -> replaces(contract): the refs a source's records stand for (see Measure).
REPLACES: dict[str, dict[str, Callable[[Any], Iterable[str]]]] = {}


def register(measure: Measure) -> None:
    """Add a measure, or another app's source of it (replacing that app's own earlier one,
    on reload); apps call this from their ready()."""
    MEASURES.setdefault(measure.name, measure)
    SOURCES.setdefault(measure.name, {})[measure.app or measure.name] = measure.collect
    if measure.replaces is not None:
        REPLACES.setdefault(measure.name, {})[measure.app or measure.name] = measure.replaces
    else:
        REPLACES.get(measure.name, {}).pop(measure.app or measure.name, None)


def known() -> set[str]:
    """The names of every measure the platform can supply."""
    return set(MEASURES)


def get(name: str) -> Measure:
    """A registered measure (KeyError when no app supplies it)."""
    return MEASURES[name]


def collect(contract: Any, names: Iterable[str], start: dt.datetime,
            end: dt.datetime) -> list[Any]:
    """The events and values of the named measures for one contract in [start, end); names
    that no app supplies are skipped (the scheme check reports them, see known()). An event
    another source's record stands for (Measure.replaces) is left out: it counts once, there."""
    out: list[Any] = []
    for name in sorted(set(names)):
        sources = SOURCES.get(name, {})
        replaced: set[str] = set()
        for app, replaces in sorted(REPLACES.get(name, {}).items()):
            if len(sources) > 1:  # only another source's events can be replaced
                replaced.update(ref for ref in replaces(contract) if ref.split(".")[0] != app)
        for _app, source in sorted(sources.items()):
            out.extend(e for e in source(contract, start, end)
                       if not replaced or getattr(e, "ref", "") not in replaced)
    return out
