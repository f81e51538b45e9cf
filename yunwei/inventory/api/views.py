"""API views of the inventory app."""

import json
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from yunwei.core.api.views import ActorMixin, ScopedModelViewSet
from yunwei.core.errors import Refused
from yunwei.core.scoping import can_on_contract, get_scoped_object, restrict

from .. import actions
from ..filtersets import (
    AvailabilityTargetFilterSet,
    ConfigItemFilterSet,
    InspectionPlanFilterSet,
    InspectionRoundFilterSet,
    InspectionTemplateFilterSet,
    ItemTypeFilterSet,
    MaintenanceWindowFilterSet,
    OutageFilterSet,
    TemplateCheckFilterSet,
    WorkOrderItemFilterSet,
)
from ..models import (
    AvailabilityTarget,
    ConfigItem,
    InspectionPlan,
    InspectionRound,
    InspectionTemplate,
    ItemType,
    MaintenanceWindow,
    Outage,
    TemplateCheck,
    WorkOrderItem,
)
from . import serializers as s
from .serializers import ConfigItemSerializer, InspectionRoundSerializer, OutageSerializer


class ConfigItemViewSet(ScopedModelViewSet):
    """Configuration items of the user's contracts."""

    scope_model = ConfigItem
    queryset = ConfigItem.objects.order_by("contract", "code", "id")
    serializer_class = ConfigItemSerializer
    filterset_class = ConfigItemFilterSet

    @extend_schema(request=s.LifecycleStepSerializer, responses={200: ConfigItemSerializer})
    @action(detail=True, methods=["post"])
    def lifecycle(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """A cloud resource's next lifecycle step (approval and release: the agency
        administrator); an illegal step is refused with the reason."""
        item = get_scoped_object(self.get_queryset(), request.user, "change", pk=pk)
        body = s.LifecycleStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = actions.do_lifecycle_step(item, request.user, body.validated_data["step"])
        return Response(ConfigItemSerializer(item).data)

    lifecycle.scope_action = "change"  # type: ignore[attr-defined]

    @extend_schema(request={"multipart/form-data": s.ConfigItemImportSerializer},
                   responses={200: s.ImportResultSerializer, 201: s.ImportResultSerializer})
    @action(detail=False, methods=["post"], url_path="import", url_name="import",
            parser_classes=[MultiPartParser, FormParser])
    def import_items(self, request: Any, **kwargs: Any) -> Response:
        """The Excel import of the items page (multipart: `contract`, `file`, optional
        `item_type` for rows without a type column): with `dry_run` (the default) every row
        is checked and nothing is written, as the page's preview; with `dry_run=false` the
        same importer writes every row or none (a file with a row error imports nothing).
        Needs "add" on items of the contract."""
        from yunwei.core.scoping import contracts_for

        from .. import importer

        if not contracts_for(request.user, ConfigItem, "add").exists():
            raise PermissionDenied  # as the page: no contract to import into, before the body
        body = s.ConfigItemImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        contract = restrict_contract(request.user, data["contract"])
        if not contracts_for(request.user, ConfigItem, "add").filter(pk=contract.pk).exists():
            raise PermissionDenied
        item_type = None
        if data.get("item_type") is not None:
            item_type = restrict(ItemType.objects.all(), request.user, "view").filter(
                pk=data["item_type"], contract=contract).first()
            if item_type is None:
                raise Refused("该类型不属于该合同", "the type belongs to another contract",
                              "item_type")
        raw = data["file"].read()
        result = importer.preview(contract, raw, item_type)
        if result.ok and not data["dry_run"]:
            result = importer.do_import(contract, request.user, raw, item_type)
        payload = {
            "dry_run": data["dry_run"], "ok": result.ok, "created": len(result.create),
            "changed": len(result.update), "unchanged": result.unchanged,
            "errors": [{"row": e.row, "detail": e.zh, "detail_en": e.en}
                       for e in result.errors]}
        if not result.ok:  # the error shape, with the counts and every row's reason
            first = result.errors[0] if result.errors else None
            n = len(result.errors)
            zh, en = (f"第 {first.row} 行：{first.zh}（共 {n} 处错误，未导入任何行）",
                      f"row {first.row}: {first.en} ({n} errors, nothing imported)") \
                if first else ("文件中没有可导入的行", "the file has no row to import")
            return Response({"detail": zh, "detail_en": en, "field": "file", **payload,
                             "request_id": getattr(request, "request_id", "")}, status=400)
        return Response(payload, status=200 if data["dry_run"] else 201)

    import_items.scope_action = "add"  # type: ignore[attr-defined]


class OutageViewSet(ScopedModelViewSet):
    """Outages of the user's contracts."""

    scope_model = Outage
    queryset = Outage.objects.order_by("-start", "id")
    serializer_class = OutageSerializer
    filterset_class = OutageFilterSet


class InspectionRoundViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Inspection rounds of the user's contracts (read-only)."""

    scope_model = InspectionRound
    scope_action = "view"
    access = "scoped"
    queryset = InspectionRound.objects.order_by("-period_start", "id")
    serializer_class = InspectionRoundSerializer
    filterset_class = InspectionRoundFilterSet

    def get_queryset(self):
        return restrict(super().get_queryset(), self.request.user, "view")

    def _round(self, request: Any, pk: Any) -> InspectionRound:
        return get_scoped_object(self.get_queryset().select_related("plan", "contract"),
                                 request.user, "change", pk=pk)

    @extend_schema(request=s.RoundAnswersSerializer,
                   responses={200: s.RoundAnswersResultSerializer})
    @action(detail=True, methods=["post"],
            parser_classes=[JSONParser, MultiPartParser, FormParser])
    def answers(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """Record answers (the vendor PM or engineer), each under its own key: as the phone's
        offline queue does; an abnormal check opens a work order, once."""
        from ..views import intake_answers

        rnd = self._round(request, pk)
        data = request.data
        raw = data.get("answers") if hasattr(data, "get") else None
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except ValueError:
                raw = None
        body = s.RoundAnswersSerializer(data={"answers": raw})
        body.is_valid(raise_exception=True)
        answers = [{**a, "at": a["at"].isoformat() if a.get("at") else None}
                   for a in body.validated_data["answers"]]
        status, payload = (409, {}) if rnd.state == "reviewed" else intake_answers(
            rnd, request.user, answers, request.FILES)
        if status == 409:
            return Response({"detail": "该巡检已复核，不能再修改",
                             "detail_en": "the round has been reviewed", "field": None,
                             "request_id": getattr(request, "request_id", "")}, status=409)
        return Response(payload, status=status)

    answers.scope_action = "change"  # type: ignore[attr-defined]

    @extend_schema(request=None, responses={200: InspectionRoundSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """Close a round by hand (the vendor); unchecked items count as not inspected."""
        rnd = actions.do_complete_round(self._round(request, pk), request.user)
        return Response(InspectionRoundSerializer(rnd).data)

    complete.scope_action = "change"  # type: ignore[attr-defined]

    @extend_schema(request=s.RoundReviewSerializer, responses={200: InspectionRoundSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """The supervisor or the agency reviews a completed round, with a note."""
        rnd = self._round(request, pk)
        body = s.RoundReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rnd = actions.do_review_round(rnd, request.user, body.validated_data.get("note", ""))
        return Response(InspectionRoundSerializer(rnd).data)

    review.scope_action = "change"  # type: ignore[attr-defined]


# -- what the planning pages edit -------------------------------------------------------------
class ItemTypeViewSet(ScopedModelViewSet):
    """Item types of the user's contracts, with their field schemas (agency admin, vendor
    PM)."""

    scope_model = ItemType
    queryset = ItemType.objects.order_by("contract", "name", "id")
    serializer_class = s.ItemTypeSerializer
    filterset_class = ItemTypeFilterSet


class InspectionTemplateViewSet(ScopedModelViewSet):
    """Inspection templates of the user's contracts."""

    scope_model = InspectionTemplate
    queryset = InspectionTemplate.objects.order_by("contract", "name", "id")
    serializer_class = s.InspectionTemplateSerializer
    filterset_class = InspectionTemplateFilterSet


class TemplateCheckViewSet(ScopedModelViewSet):
    """The checks of the templates (what, expected value or threshold, photo required)."""

    scope_model = TemplateCheck
    queryset = TemplateCheck.objects.order_by("template", "position", "id")
    serializer_class = s.TemplateCheckSerializer
    filterset_class = TemplateCheckFilterSet


class InspectionPlanViewSet(ScopedModelViewSet):
    """Inspection plans; saving one queues the generation of its rounds up to today, as the
    plan page does."""

    scope_model = InspectionPlan
    queryset = InspectionPlan.objects.order_by("contract", "name", "id").prefetch_related(
        "items")
    serializer_class = s.InspectionPlanSerializer
    filterset_class = InspectionPlanFilterSet

    def _rounds(self, plan: InspectionPlan) -> None:
        from yunwei.core import jobs

        jobs.schedule("inventory.plan_rounds",
                      kwargs={"plan_id": plan.pk, "first": plan.starts.isoformat()})

    def perform_create(self, serializer: Any) -> None:
        super().perform_create(serializer)
        self._rounds(serializer.instance)

    def perform_update(self, serializer: Any) -> None:
        super().perform_update(serializer)
        self._rounds(serializer.instance)


class MaintenanceWindowViewSet(ScopedModelViewSet):
    """Planned maintenance windows (taken out of availability where a target says so)."""

    scope_model = MaintenanceWindow
    queryset = MaintenanceWindow.objects.order_by("-start", "id")
    serializer_class = s.MaintenanceWindowSerializer
    filterset_class = MaintenanceWindowFilterSet


class AvailabilityTargetViewSet(ScopedModelViewSet):
    """Availability targets (contract terms: the agency administrator's)."""

    scope_model = AvailabilityTarget
    queryset = AvailabilityTarget.objects.order_by("contract", "item", "id")
    serializer_class = s.AvailabilityTargetSerializer
    filterset_class = AvailabilityTargetFilterSet


class WorkOrderItemViewSet(ActorMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
                           viewsets.ReadOnlyModelViewSet):
    """The items a work order is about: named (the item by id, or by its code or exact name)
    and removed through the same actions as the work order's page."""

    scope_model = WorkOrderItem
    scope_action = "view"
    access = "scoped"
    queryset = WorkOrderItem.objects.select_related("item").order_by("work_order", "item", "id")
    serializer_class = s.WorkOrderItemSerializer
    filterset_class = WorkOrderItemFilterSet

    def get_queryset(self):
        return restrict(super().get_queryset(), self.request.user, "view")

    @extend_schema(request=s.WorkOrderItemCreateSerializer,
                   responses={201: s.WorkOrderItemSerializer})
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        from yunwei.workorders.models import WorkOrder

        body = s.WorkOrderItemCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        wo = get_scoped_object(WorkOrder.objects.all(), request.user, "view",
                               pk=body.validated_data["work_order"])
        if not can_on_contract(request.user, WorkOrderItem, "add", wo.contract_id):
            raise PermissionDenied
        if body.validated_data.get("item") is not None:
            item = ConfigItem.objects.filter(contract_id=wo.contract_id,
                                             pk=body.validated_data["item"]).first()
            if item is None:
                raise Refused("本合同没有该配置项", "no item of this contract has this id",
                              "item")
        else:
            item = actions.find_item(wo.contract_id, body.validated_data["item_ref"])
        link = actions.do_link_work_order(item, wo, request.user)
        return Response(s.WorkOrderItemSerializer(link).data, status=201)

    create.scope_action = "add"  # type: ignore[attr-defined]

    def destroy(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        link = get_scoped_object(self.get_queryset(), request.user, "delete",
                                 pk=kwargs.get("pk"))
        actions.do_unlink_work_order(link.item, link.work_order, request.user)
        return Response(status=204)

    destroy.scope_action = "delete"  # type: ignore[attr-defined]


def restrict_contract(user: Any, pk: int) -> Any:
    """The contract the user sees, or 404 (another contract's reveals nothing)."""
    from django.http import Http404

    from yunwei.core.scoping import contracts_for

    contract = contracts_for(user, ConfigItem, "view").filter(pk=pk).first()
    if contract is None:
        raise Http404
    return contract
