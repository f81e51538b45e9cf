"""Report sections registry: what each domain app adds to the O&M report of a period.

The deliverables app drafts the monthly (quarterly, annual) O&M report; other apps add their
own sections (staffing coverage, inspections, availability …) by registering a ReportSection
from their AppConfig.ready(). `build(contract, start, end)` returns None when the app has
nothing for the period (the section is left out), or a dict:

    {"title": str, "paragraphs": [str], "tables": [{"caption", "header": [..], "rows": [[..]]}],
     "records": [(ref "app_label.model:pk", label, url)]}

`records` feed the report's appendix, which links every figure back to its records.

The report's "next period's plan" section is assembled the same way: apps register a
PlanSource (`register_plan`) answering what they plan for the following period.
Core never imports a domain app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Builder = Callable[[Any, dt.date, dt.date], dict[str, Any] | None]


@dataclass(frozen=True)
class ReportSection:
    """One section of the periodic O&M report, in `order`."""

    name: str
    build: Builder
    order: int = 100
    app: str = ""


SECTIONS: dict[str, ReportSection] = {}


def register(section: ReportSection) -> None:
    """Add (or replace) a section; apps call this from their ready()."""
    SECTIONS[section.name] = section


def build_all(contract: Any, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Every section that has something for this contract and period, in order."""
    return _built(SECTIONS, contract, start, end)


def _built(registry: dict[str, Any], contract: Any, first: dt.date,
           last: dt.date) -> list[dict[str, Any]]:
    """What each registered part builds for the contract and days, in order (None left out)."""
    out = []
    for part in sorted(registry.values(), key=lambda p: (p.order, p.name)):
        built = part.build(contract, first, last)
        if built is not None:
            out.append({"name": part.name, **built})
    return out


# -- the next period's plan -------------------------------------------------------------------
@dataclass(frozen=True)
class PlanSource:
    """What one app plans for the period after the report's (inspection rounds, the roster,
    documents due …): `build(contract, first, last)` returns None when it plans nothing, or
    {"title": str, "header": [..], "rows": [[..]], "records": [(ref, label, url)]}; the
    report's plan section shows every source's table in `order`."""

    name: str
    build: Builder
    order: int = 100
    app: str = ""


PLANS: dict[str, PlanSource] = {}


def register_plan(source: PlanSource) -> None:
    """Add (or replace) a plan source; apps call this from their ready()."""
    PLANS[source.name] = source


def plan_all(contract: Any, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """Every plan source's part for the days first..last, in order (empty ones left out)."""
    return _built(PLANS, contract, first, last)
