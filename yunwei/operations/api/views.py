"""API views of the operations app."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from yunwei.core.api.views import ActorMixin, ScopedModelViewSet
from yunwei.core.scoping import can_on_contract, restrict

from .. import actions
from ..filtersets import (
    AccidentFilterSet,
    AccidentLevelFilterSet,
    ChangeFilterSet,
    OperationsRecordFilterSet,
    OperationsTermFilterSet,
    VulnerabilityDeadlineFilterSet,
    VulnerabilityFilterSet,
)
from ..models import (
    Accident,
    AccidentLevel,
    Change,
    OperationsRecord,
    OperationsTerm,
    Vulnerability,
    VulnerabilityDeadline,
)
from . import serializers as s


class AccidentLevelViewSet(ScopedModelViewSet):
    """Accident levels of the user's contracts."""

    scope_model = AccidentLevel
    queryset = AccidentLevel.objects.order_by("contract", "rank", "id")
    serializer_class = s.AccidentLevelSerializer
    filterset_class = AccidentLevelFilterSet


class OperationsTermViewSet(ScopedModelViewSet):
    """Counting terms."""

    scope_model = OperationsTerm
    queryset = OperationsTerm.objects.order_by("contract", "kind", "id")
    serializer_class = s.OperationsTermSerializer
    filterset_class = OperationsTermFilterSet


class VulnerabilityDeadlineViewSet(ScopedModelViewSet):
    """Vulnerability deadlines per severity."""

    scope_model = VulnerabilityDeadline
    queryset = VulnerabilityDeadline.objects.order_by("contract", "severity", "id")
    serializer_class = s.VulnerabilityDeadlineSerializer
    filterset_class = VulnerabilityDeadlineFilterSet


class AccidentViewSet(ActorMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                      mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Accidents: list, read, open (from work orders or directly), correct (PATCH: the
    description, the end, the ledger lines and the affected configuration items, as the
    edit page); the procedure's steps are taken on the accident's page."""

    access = "scoped"
    scope_model = Accident
    queryset = Accident.objects.select_related("preliminary_level", "final_level").prefetch_related(
        "items", "work_orders", "equipment").order_by("-occurred_at", "-id")
    filterset_class = AccidentFilterSet

    def get_queryset(self) -> Any:
        return restrict(self.queryset.all(), self.request.user, "view")

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return s.AccidentOpenSerializer
        if self.action == "partial_update":
            return s.AccidentUpdateSerializer
        return s.AccidentSerializer

    @extend_schema(request=s.AccidentUpdateSerializer, responses=s.AccidentSerializer)
    def partial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        accident = self.get_object()
        if not can_on_contract(request.user, Accident, "change", accident.contract_id):
            raise PermissionDenied
        serializer = self.get_serializer(accident, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        accident = actions.do_update_accident(
            accident, actor=request.user,
            fields={k: data[k] for k in actions.EDITABLE if k in data},
            equipment=data.get("equipment"), items=data.get("items"),
            replaces_entry=data.get("replaces_entry"))
        return Response(s.AccidentSerializer(accident, context=self.get_serializer_context())
                        .data)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contract = data["contract"]
        if not can_on_contract(request.user, Accident, "add", contract.pk):
            raise PermissionDenied
        accident = actions.do_open_accident(
            contract, actor=request.user, title=data["title"],
            occurred_at=data.get("occurred_at"), work_orders=data.get("work_orders", []),
            equipment=data.get("equipment", []), cause=data.get("cause", ""),
            description=data.get("description", ""), items=data.get("items", []),
            ended_at=data.get("ended_at"), replaces_entry=data.get("replaces_entry", ""))
        return Response(s.AccidentSerializer(accident, context=self.get_serializer_context())
                        .data, status=status.HTTP_201_CREATED)


class OperationsRecordViewSet(ScopedModelViewSet):
    """Operations records."""

    scope_model = OperationsRecord
    queryset = OperationsRecord.objects.order_by("-performed_at", "-id")
    serializer_class = s.OperationsRecordSerializer
    filterset_class = OperationsRecordFilterSet


class ChangeViewSet(ScopedModelViewSet):
    """Changes."""

    scope_model = Change
    queryset = Change.objects.order_by("-requested_at", "-id")
    serializer_class = s.ChangeSerializer
    filterset_class = ChangeFilterSet

    def perform_create(self, serializer: Any) -> None:
        with transaction.atomic():
            super().perform_create(serializer)
            actions.do_check_change(serializer.instance)

    def perform_update(self, serializer: Any) -> None:
        with transaction.atomic():
            change = serializer.instance
            for name, value in serializer.validated_data.items():
                setattr(change, name, value)
            actions.do_check_change(change)  # refuses a change to what was approved
            super().perform_update(serializer)
            actions.do_check_change(serializer.instance)


class VulnerabilityViewSet(ScopedModelViewSet):
    """Vulnerabilities; the deadline comes from the contract's term for the severity."""

    scope_model = Vulnerability
    queryset = Vulnerability.objects.order_by("-found_at", "-id")
    serializer_class = s.VulnerabilitySerializer
    filterset_class = VulnerabilityFilterSet

    def perform_create(self, serializer: Any) -> None:
        with transaction.atomic():
            super().perform_create(serializer)
            actions.do_schedule_vulnerability(serializer.instance)

    def perform_update(self, serializer: Any) -> None:
        with transaction.atomic():
            super().perform_update(serializer)
            actions.do_schedule_vulnerability(serializer.instance)
