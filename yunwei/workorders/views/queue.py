"""Queues: filters, sorting, search, export to Excel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yunwei.contracts.models import Contract, Membership
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import (
    contracts_for,
    get_scoped_object,
    memberships_of,
    restrict,
    roles_anywhere,
    scope_of,
)
from yunwei.core.views.generic import ObjectListView, ScopedView

from ..exports import workorders_xlsx
from ..filtersets import QUEUES, WorkOrderFilterSet
from ..models import WorkOrder
from ..reports import dashboard
from ..tables import WorkOrderTable
from .intake import DeskIntakeView

SORTS = {
    "number": ("number",), "title": ("title", "id"), "state": ("state", "id"),
    "reported_at": ("reported_at", "id"), "resolution_deadline": ("resolution_deadline", "id"),
    "level_name": ("level_name", "id"),
}
PAGE = 50
#: The fields a queue row shows (workorders/partials/queue.html, WorkOrder.is_overdue).
QUEUE_ROW_FIELDS = ("contract", "number", "title", "state", "level_code", "level_name",
                    "requester_name", "reported_at", "resolution_deadline", "next_deadline",
                    "sla_breached", "assignee__username", "assignee__first_name",
                    "assignee__last_name")
#: The highest page number read as asked; a larger one (its offset would overflow the
#: database's 64-bit integers) is past the end of any queue anyway.
MAX_PAGE = 10**9


class WorkOrderListView(ObjectListView):
    """The work order queues of the user's contracts.

    The queue is the busiest page: it renders its rows with a plain template (no per-cell
    table machinery) and pages without counting every row, so its cost does not grow with the
    contract's history."""

    scope_model = WorkOrder
    table_class = WorkOrderTable
    filterset_class = WorkOrderFilterSet
    template_name = "workorders/workorder_list.html"

    def base_queryset(self) -> QuerySet:
        # Only what the rows show (the template reads no other field): a third of the fields,
        # and of the dates to convert.
        return WorkOrder.objects.select_related("assignee").only(*QUEUE_ROW_FIELDS)

    def extra_context(self) -> dict[str, Any]:
        from django.utils.translation import gettext as _

        columns = [("number", _("number")), ("title", _("title")), ("state", _("state")),
                   ("level_name", _("level")), ("", _("requester")), ("", _("assignee")),
                   ("reported_at", _("issued at")),
                   ("resolution_deadline", _("resolution due"))]
        return {"queues": QUEUES, "current_queue": self.request.GET.get("queue", ""),
                "queue_columns": columns}

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            qs = restrict(WorkOrder.objects.select_related("assignee", "contract"),
                          request.user, "view")
            filterset = self.filterset_class(request.GET, queryset=qs, request=request)
            rows = filterset.qs if filterset.is_valid() else qs.none()
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            response = StreamingHttpResponse(
                workorders_xlsx(rows.order_by("-reported_at", "-id"),
                                request.LANGUAGE_CODE),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="workorders-{stamp}.xlsx"'
            return response
        if "queue" not in request.GET and self.engineer_only(request):
            # An engineer's list opens on their own work; "All" is one tap away (?queue=all).
            request.GET = request.GET.copy()
            request.GET["queue"] = "mine"
        return self.queue(request)

    @staticmethod
    def engineer_only(request: HttpRequest) -> bool:
        """Whether the user works on orders as a vendor engineer and holds no other role."""
        if request.user.is_superuser:
            return False
        return roles_anywhere(request.user) == {Role.VENDOR_ENGINEER}

    @staticmethod
    def may_log(request: HttpRequest) -> dict[str, bool]:
        """`can_add`: whether the user may log work orders on some contract
        (contracts_for(...).exists()); `can_log_call`: whether on one of them through the desk's
        form (DeskIntakeView.allowed_contracts: requesters report through self-service). For
        all but system administrators, read from the memberships the request has read."""
        user = request.user
        if user.is_superuser:
            return {"can_add": contracts_for(user, WorkOrder, "add").exists(),
                    "can_log_call": DeskIntakeView().allowed_contracts(request).exists()}
        add = scope_of(WorkOrder).allowed_roles("add")
        roles: dict[int, set[str]] = {}
        for contract, role in memberships_of(user):
            roles.setdefault(contract, set()).add(role)
        return {"can_add": any(held & add for held in roles.values()),
                "can_log_call": any(held & add and held & DeskIntakeView.only_roles
                                    for held in roles.values())}

    def queue(self, request: HttpRequest) -> HttpResponse:
        qs = restrict(self.base_queryset(), request.user, "view")
        filterset = self.filterset_class(request.GET, queryset=qs, request=request)
        rows_qs = filterset.qs if filterset.is_valid() else qs.none()
        sort = request.GET.get("sort", "-reported_at")
        key = sort.lstrip("-")
        if key not in SORTS:
            key, sort = "reported_at", "-reported_at"
        desc = sort.startswith("-")
        page = _page_number(request.GET.get("page", "1"))
        order = [("-" if desc else "") + f for f in SORTS[key]]
        rows = list(rows_qs.order_by(*order)[(page - 1) * PAGE: page * PAGE + 1])
        if not rows and page > 1:
            # Past the end (the queue does not count its rows): show the first page and say so.
            messages.info(request, _("Page %(page)s is past the end of the list: showing the "
                                     "first page.") % {"page": page})
            page = 1
            rows = list(rows_qs.order_by(*order)[:PAGE + 1])
        params = request.GET.copy()
        for name in ("page", "sort"):
            params.pop(name, None)
        ctx = {
            "rows": rows[:PAGE], "page": page, "has_next": len(rows) > PAGE,
            "sort": sort, "sort_key": key, "desc": desc, "query": params.urlencode(),
            "filterset": filterset,
            **self.may_log(request),
            **self.model_context(), **self.extra_context(),
        }
        template = "workorders/partials/queue.html" if request.htmx else self.template_name
        return render(request, template, ctx)


def _page_number(raw: str) -> int:
    """The page asked for: 1 when it is not a whole number, at most MAX_PAGE."""
    try:
        page = int(raw)
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


class DashboardView(ScopedView):
    """A contract's dashboard: open and overdue work, SLA compliance, satisfaction."""

    scope_model = Contract
    #: Requesters see their own work orders only, not the contract's figures.
    only_roles = ALL_ROLES - {Role.REQUESTER}

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        contract = get_scoped_object(Contract.objects.all(), request.user, "view", pk=pk)
        if not request.user.is_superuser and not Membership.objects.filter(
                user=request.user, contract=contract, role__in=self.only_roles).exists():
            raise PermissionDenied
        return render(request, "workorders/dashboard.html",
                      {"contract": contract, "data": dashboard(contract)})
