"""The audit trail as its readers need it: a contract's agency administrator and supervisor
see the rows of their contracts (the AuditEvent scope, through restrict()), system
administrators every row; filtered, paginated, exported as CSV or Excel."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from .. import xlsx
from ..auditdisplay import object_label, prepare
from ..filtersets import AuditFilterSet
from ..models import AuditEvent
from ..scoping import can_anywhere, restrict
from .generic import LenientPaginator

#: The most rows one export carries (a narrower filter gives the rest).
EXPORT_LIMIT = 100_000


class AuditLogView(View):
    """The audit trail of the contracts the user may audit, newest first."""

    access = "scoped"
    scope_model = AuditEvent
    scope_action = "view"

    def rows(self, request: HttpRequest) -> tuple[AuditFilterSet, Any]:
        qs = restrict(AuditEvent.objects.order_by("-id"), request.user, "view")
        filterset = AuditFilterSet(request.GET or None, queryset=qs, request=request)
        return filterset, (filterset.qs if filterset.is_bound and filterset.is_valid()
                           else qs if not filterset.is_bound else qs.none())

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can_anywhere(request.user, AuditEvent, "view"):
            raise PermissionDenied
        filterset, rows = self.rows(request)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return self.export(export, rows[:EXPORT_LIMIT])
        page = LenientPaginator(rows, 50).get_page(
            request.GET.get("history_page") or request.GET.get("page"))
        keep = request.GET.copy()
        for name in ("history_page", "page", "export"):
            keep.pop(name, None)
        query = keep.urlencode()
        return render(request, "core/audit_log.html", {
            "page": page, "history": page, "filterset": filterset,
            "keep_query": f"{query}&" if query else "", "filter_query": query})

    def export(self, kind: str, rows: Any) -> HttpResponse:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if kind == "csv":
            response = StreamingHttpResponse(_csv(_table(rows)),
                                             content_type="text/csv; charset=utf-8")
        else:
            book = xlsx.workbook()
            it = _table(rows)
            header = next(it)
            xlsx.table(book, _("Audit trail")[:31], header, it)
            response = HttpResponse(xlsx.to_bytes(book), content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{kind}"'
        return response


def _table(rows: Any) -> Iterator[list[Any]]:
    """The header, then one row per event: labels and local times, as on the page."""
    from django.apps import apps

    contracts = dict(apps.get_model("contracts", "Contract").objects.values_list("pk",
                                                                                 "number"))
    yield ["#", _("time"), _("actor"), _("action"), _("object type"), _("object id"),
           _("object"), _("contract"), _("changes"), _("request id")]
    chunk: list[Any] = []
    for e in rows.iterator(chunk_size=2000):
        chunk.append(e)
        if len(chunk) == 500:
            yield from _lines(chunk, contracts)
            chunk = []
    yield from _lines(chunk, contracts)


def _lines(events: list[Any], contracts: dict[int, str]) -> Iterator[list[Any]]:
    """Export rows of a chunk of events, the names they refer to looked up together."""
    for e, actor, shown_changes in prepare(events):
        shown = "; ".join(f"{label}: {old} → {new}" if old is not None else f"{label}: {new}"
                          for label, old, new in shown_changes)
        yield [e.id, timezone.localtime(e.timestamp), actor,
               e.get_action_display(), object_label(e.object_type), e.object_id,
               e.object_repr, contracts.get(e.contract_id, ""), shown, e.request_id]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_text(value: Any) -> Any:
    """A CSV cell: times as shown on pages; a text that a spreadsheet would read as a formula
    gets a leading quote (the rule of core/xlsx.py)."""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    value = str(value)
    return "'" + value if value.startswith(xlsx.FORMULA_STARTS) else value


def _csv(table: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel opens UTF-8 CSV with Chinese text only with the byte-order mark
    for row in table:
        yield writer.writerow([_csv_text(v) for v in row])
