"""The inventory section of the periodic O&M report (registered with core.report_sections).

Inspection completeness and availability come from `reports.completeness` and
`reports.availability_table`, the functions behind the assessment's `inspection` and
`availability` measures, so the report and the score page agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from . import reports

#: Round statuses in report order (the `inspection` measure's `status` attribute).
STATUSES = ("on_time", "late", "missed", "pending")


def figures(contract: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Inspection rounds due in the period by status (with items due / done), and the
    availability of every target per month."""
    report = reports.completeness(contract.pk, start, end)
    statuses = Counter(line.status for line in report.lines)
    availability = []
    for line in reports.availability_table(contract.pk, start, end):
        for p in line.periods:
            availability.append({"item": str(line.target.item), "item_id": line.target.item_id,
                                 "period": p.period, "percent": p.percent,
                                 "target": p.target, "met": p.met,
                                 "down_minutes": p.down_minutes})
    return {
        "rounds": len(report.lines),
        "by_status": {s: statuses.get(s, 0) for s in STATUSES},
        "items_due": sum(line.round.items_due for line in report.lines),
        "items_done": sum(line.items_done for line in report.lines),
        "abnormal": sum(line.abnormal for line in report.lines),
        "availability": availability,
        "round_ids": [(line.round.pk, str(line.round), line.status) for line in report.lines
                      if line.status in ("late", "missed")],
    }


def build(contract: Any, start: dt.date, end: dt.date) -> dict[str, Any] | None:
    """The section, or None when no round was due and no availability target is set."""
    f = figures(contract, start, end)
    if not f["rounds"] and not f["availability"]:
        return None
    names = {"on_time": _("On time"), "late": _("Done late"), "missed": _("Missed"),
             "pending": _("In progress")}
    rounds_link = reverse("inventory:inspectionround_list") + "?" + urlencode(
        {"contract": contract.pk, "due_after": start.isoformat(), "due_before": end.isoformat()})
    records = [("inventory.inspectionround:*", _("Inspection rounds due in the period"),
                rounds_link)]
    for pk, label, status in f["round_ids"]:
        records.append((f"inventory.inspectionround:{pk}", f"{names[status]}: {label}",
                        reverse("inventory:inspectionround_detail", args=[pk])))
    for row in f["availability"]:
        if row["met"] is False:
            records.append((f"inventory.configitem:{row['item_id']}",
                            _("Availability below target: %(item)s %(period)s")
                            % {"item": row["item"], "period": row["period"]},
                            reverse("inventory:configitem_detail", args=[row["item_id"]])))
    return {
        "title": _("Inspections and availability"),
        "paragraphs": [
            _("%(rounds)s inspection rounds were due in the period: %(on_time)s on time, "
              "%(late)s done late, %(missed)s missed, %(pending)s in progress; %(items_done)s "
              "of %(items_due)s items checked, %(abnormal)s abnormal.")
            % {**f, **f["by_status"]},
        ],
        "tables": [
            {"caption": _("Inspection rounds by status"), "header": [_("Status"), _("Rounds")],
             "rows": [[names[s], n] for s, n in f["by_status"].items()]},
            {"caption": _("Availability"),
             "header": [_("Item"), _("Month"), _("Availability (%)"), _("Target (%)"),
                        _("Downtime (min)")],
             "rows": [[r["item"], r["period"], r["percent"], r["target"] or "—",
                       r["down_minutes"]] for r in f["availability"]]},
        ],
        "charts": [
            {"title": _("Inspection rounds by status"), "unit": "",
             "labels": [names[s] for s in STATUSES],
             "values": [f["by_status"][s] for s in STATUSES]},
            {"title": _("Availability (%)"), "unit": "%",
             "labels": [f"{r['item']} {r['period']}" for r in f["availability"]],
             "values": [float(r["percent"]) for r in f["availability"]]},
        ],
        "records": records,
        "figures": f,
    }


def plan(contract: Any, first: dt.date, last: dt.date) -> dict[str, Any] | None:
    """The report's next-period plan: the rounds each active inspection plan falls due for in
    first..last (on the plan's calendar, as the round generator counts them), with the items
    it covers; None when no plan has a round then."""
    from . import schedule
    from .actions import plan_calendar, plan_items
    from .choices import Frequency
    from .models import InspectionPlan

    frequencies = dict(Frequency.choices)
    rows, records = [], []
    for p in (InspectionPlan.objects.filter(contract=contract, active=True, starts__lte=last)
              .select_related("template", "calendar", "assignee").order_by("name", "id")):
        calendar, every_day = plan_calendar(p)
        slots = schedule.slots(p.frequency, max(first, p.starts), last, calendar,
                               p.window_workdays, every_day)
        if not slots:
            continue
        dues = [s.due.isoformat() for s in slots]
        rows.append([p.name, str(frequencies.get(p.frequency, p.frequency)), len(slots),
                     "、".join(dues) if len(dues) <= 5 else f"{dues[0]} … {dues[-1]}",
                     len(plan_items(p)),
                     (p.assignee.get_full_name() or p.assignee.username) if p.assignee else "—"])
        records.append((f"inventory.inspectionplan:{p.pk}", str(p), p.get_absolute_url()))
    if not rows:
        return None
    return {"title": _("Planned inspection rounds"),
            "header": [_("Inspection plan"), _("Frequency"), _("Rounds"), _("Due"),
                       _("Items"), _("Assignee")],
            "rows": rows, "records": records}


def register() -> None:
    """Called from InventoryConfig.ready()."""
    from yunwei.core import report_sections

    report_sections.register(report_sections.ReportSection(
        "inventory", build, order=30, app="inventory"))
    report_sections.register_plan(report_sections.PlanSource(
        "inventory", plan, order=10, app="inventory"))
