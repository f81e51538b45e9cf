"""Excel export of a filtered work order list (streamed after a sample sizes the columns)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

from yunwei.core import xlsx

#: The columns, in the reader's language (Chinese by default, English when the page is).
HEADER = [
    pgettext_lazy("export", "Work order number"), pgettext_lazy("export", "Contract"),
    pgettext_lazy("export", "Title"), pgettext_lazy("export", "State"),
    pgettext_lazy("export", "Level"), pgettext_lazy("export", "Requester"),
    pgettext_lazy("export", "Contact"), pgettext_lazy("export", "Location"),
    pgettext_lazy("export", "Handled by"), pgettext_lazy("export", "Channel"),
    pgettext_lazy("export", "Reported at"), pgettext_lazy("export", "Accepted at"),
    pgettext_lazy("export", "On site at"), pgettext_lazy("export", "Resolved at"),
    pgettext_lazy("export", "Closed at"), pgettext_lazy("export", "Response deadline"),
    pgettext_lazy("export", "Response met"), pgettext_lazy("export", "On-site deadline"),
    pgettext_lazy("export", "On-site met"), pgettext_lazy("export", "Resolution deadline"),
    pgettext_lazy("export", "Resolution met"), pgettext_lazy("export", "Overdue"),
    pgettext_lazy("export", "Rating"), pgettext_lazy("export", "Rating comment"),
    pgettext_lazy("export", "Confirmation method"), pgettext_lazy("export", "Problem analysis"),
    pgettext_lazy("export", "Resolution steps"), pgettext_lazy("export", "Verification"),
]
METRICS = ("response", "on_site", "resolution")


def verdict(clock: Any) -> str:
    """A clock's outcome as the agency reads it: 达标 / 超时 / 进行中 (— without a clock), in
    the active language."""
    if clock is None:
        return "—"
    if clock.breached or clock.met is False:
        return pgettext("export", "Late")
    if clock.met:
        return pgettext("export", "Met")
    return pgettext("export", "Running")


def _clocks(orders: list[Any]) -> dict[tuple[str, str], Any]:
    """(work order id, metric) -> its latest clock, for a batch of orders in one query."""
    from yunwei.calendars.models import SlaClockRecord

    found: dict[tuple[str, str], Any] = {}
    for clock in SlaClockRecord.objects.filter(
            subject_type="workorders.workorder",
            subject_id__in=[str(wo.pk) for wo in orders]).select_related("target").order_by("id"):
        found[(clock.subject_id, clock.target.metric)] = clock
    return found


def _rows(rows: QuerySet, batch: int = 500) -> Iterable[list[Any]]:
    from .choices import State

    labels = dict(State.choices)
    yes, no = pgettext("export", "Yes"), pgettext("export", "No")
    orders = rows.select_related("assignee", "contract", "evaluation").iterator(chunk_size=batch)
    while chunk := list(islice(orders, batch)):
        clocks = _clocks(chunk)
        for wo in chunk:
            ev = getattr(wo, "evaluation", None)
            sla = []
            for metric in METRICS:
                clock = clocks.get((str(wo.pk), metric))
                deadline = getattr(wo, f"{metric}_deadline", None)
                sla += [deadline or (clock.deadline if clock else None), verdict(clock)]
            yield [
                wo.number, wo.contract.number, wo.title, str(labels.get(wo.state, wo.state)),
                wo.level_name or wo.level_code, wo.requester_name, wo.requester_contact,
                wo.location,
                (wo.assignee.get_full_name() or wo.assignee.username) if wo.assignee else "",
                wo.get_channel_display(), wo.reported_at, wo.accepted_at, wo.on_site_at,
                wo.resolved_at, wo.closed_at, *sla, yes if wo.sla_breached else no,
                ev.get_rating_display() if ev else "", ev.comment if ev else "",
                ev.get_method_display() if ev else "",
                wo.problem_analysis, wo.resolution_steps, wo.verification,
            ]


def workorders_xlsx(rows: QuerySet, language: str | None = None) -> Iterator[bytes]:
    """An .xlsx file of the rows: header frozen, columns sized to their content (CJK counts
    double), the SLA deadlines with 达标/超时 and the requester's rating, headers and labels in
    `language` (the page's; the file is written while the response streams); titles and other
    texts typed by requesters or mail senders are written as text, never as formulas."""
    with translation.override(language or translation.get_language()):
        book = xlsx.workbook()
        xlsx.table(book, pgettext("export", "Work orders"), HEADER, _rows(rows))
        data = xlsx.to_bytes(book)
    yield from xlsx.chunks(data)
