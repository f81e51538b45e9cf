"""Queues: filters, sorting, search, export to Excel."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from yunwei.core.scoping import restrict
from yunwei.core.views.generic import ObjectListView

from ..exports import workorders_xlsx
from ..filtersets import QUEUES, WorkOrderFilterSet
from ..models import WorkOrder
from ..tables import WorkOrderTable


class WorkOrderListView(ObjectListView):
    """The work order queues of the user's contracts."""

    scope_model = WorkOrder
    table_class = WorkOrderTable
    filterset_class = WorkOrderFilterSet
    template_name = "workorders/workorder_list.html"

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
