"""The O&M report's "next period's plan" section: what every app plans for the period after
the report's (core.report_sections plan sources), and this app's own part, the documents due
then. This module imports no other domain app: inspections, the roster … come from the
sources those apps register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yunwei.core import report_sections

from . import rules
from .choices import Status
from .models import Deliverable, DocumentType

#: Statuses of a document that is still owed (shown in the plan when due then).
OPEN = (Status.DUE, Status.LATE, Status.MISSING, Status.SUBMITTED, Status.RETURNED,
        Status.RESUBMITTED)


def documents_due(contract: Any, first: dt.date, last: dt.date) -> dict[str, Any] | None:
    """The documents due in first..last: those already owed (by their due date) and those of
    periods not yet begun, by the register's due rule (two queries and a calendar per type)."""
    statuses = dict(Status.choices)
    rows: list[tuple[dt.date, str, dt.date, dt.date, str]] = []
    records = []
    known: set[tuple[int, dt.date]] = set()
    for item in (Deliverable.objects.filter(contract=contract)
                 .filter(due_date__gte=first, due_date__lte=last)
                 .select_related("document_type").order_by("due_date", "id")):
        known.add((item.document_type_id, item.period_end))
        if item.status not in OPEN:
            continue
        rows.append((item.due_date, item.document_type.name, item.period_start,
                     item.period_end, str(statuses.get(item.status, item.status))))
        records.append((f"deliverables.deliverable:{item.pk}",
                        _("Due next period: %(name)s") % {"name": str(item)},
                        item.get_absolute_url()))
    today = timezone.localdate()
    for dtype in DocumentType.objects.filter(contract=contract, active=True):
        cal = None
        for start, end in rules.periods(dtype.frequency, contract.service_start,
                                        contract.service_end, dtype.fixed_date):
            if end > last or (dtype.pk, end) in known:
                continue
            cal = cal or dtype.engine()
            due, _flags = rules.due_date(cal, end, dtype.due_workdays)
            if first <= due <= last:
                rows.append((due, dtype.name, start, end, _("Not yet begun")
                             if start > today else str(statuses[Status.DUE])))
    if not rows:
        return None
    rows.sort(key=lambda r: (r[0], r[1]))
    return {"title": _("Documents due"),
            "header": [_("Due date"), _("Document"), _("Period"), _("Status")],
            "rows": [[due.isoformat(), name, f"{start.isoformat()} – {end.isoformat()}", status]
                     for due, name, start, end, status in rows],
            "records": [*records, ("deliverables.documenttype:*", _("Document types owed"),
                                   reverse("deliverables:documenttype_list")
                                   + f"?contract={contract.pk}")]}


def section(contract: Any, start: dt.date, end: dt.date) -> dict[str, Any] | None:
    """The plan section: every plan source's table for the next period."""
    first, last = rules.next_period(start, end)
    parts = report_sections.plan_all(contract, first, last)
    paragraph = _("The plan for %(first)s to %(last)s.") % {"first": first.isoformat(),
                                                            "last": last.isoformat()}
    if not parts:
        return {"title": _("Next period's plan"),
                "paragraphs": [paragraph, _("Nothing is planned on the platform yet.")],
                "plan": {"first": first, "last": last, "parts": []}}
    return {
        "title": _("Next period's plan"),
        "paragraphs": [paragraph],
        "tables": [{"caption": p["title"], "header": p["header"], "rows": p["rows"]}
                   for p in parts],
        "records": [r for p in parts for r in p.get("records", [])],
        "plan": {"first": first, "last": last, "parts": parts},
    }


def register() -> None:
    """The plan section (last in the report) and this app's plan source."""
    report_sections.register(report_sections.ReportSection(
        "plan", section, order=90, app="deliverables"))
    report_sections.register_plan(report_sections.PlanSource(
        "deliverables", documents_due, order=30, app="deliverables"))
