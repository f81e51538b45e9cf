"""Queues: filters, sorting, search, export to Excel."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from yunwei.contracts.models import Contract, Membership
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import get_scoped_object, restrict
from yunwei.core.views.generic import ObjectListView, ScopedView

from ..exports import workorders_xlsx
from ..filtersets import QUEUES, WorkOrderFilterSet
from ..models import WorkOrder
from ..reports import dashboard
from ..tables import WorkOrderTable


class WorkOrderListView(ObjectListView):
    """The work order queues of the user's contracts."""

    scope_model = WorkOrder
    table_class = WorkOrderTable
    filterset_class = WorkOrderFilterSet
    template_name = "workorders/workorder_list.html"
    lazy_pagination = True  # 100,000 work orders: never count them all for one page

    def base_queryset(self) -> QuerySet:
        return WorkOrder.objects.select_related("assignee").defer(
            "description", "problem_analysis", "resolution_steps", "verification", "search_text")

    def extra_context(self) -> dict[str, Any]:
        return {"queues": QUEUES, "current_queue": self.request.GET.get("queue", "")}

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            qs = restrict(WorkOrder.objects.select_related("assignee", "contract"),
                          request.user, "view")
            filterset = self.filterset_class(request.GET, queryset=qs, request=request)
            rows = filterset.qs if filterset.is_valid() else qs.none()
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            response = StreamingHttpResponse(
                workorders_xlsx(rows.order_by("-reported_at", "-id")),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="workorders-{stamp}.xlsx"'
            return response
        return super().get(request)


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
