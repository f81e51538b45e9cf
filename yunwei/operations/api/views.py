"""API views of the operations app."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from yunwei.core.api.exceptions import InputRefused
from yunwei.core.api.views import ActorMixin, ScopedModelViewSet
from yunwei.core.roles import Role
from yunwei.core.scoping import can_on_contract, restrict, roles_on

from .. import actions
from ..choices import PARTY_ZH, Party
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

#: Bilingual words for a body the step's serializer cannot read (its own type errors: the
#: rules of each step answer in the action's words).
FIELD_ERRORS = {
    "level": ("请选择本合同的事故等级（编号）",
              "give the id of an accident level of this contract"),
    "file": ("请上传一个非空文件", "upload a non-empty file"),
    "human_error": ("请填写 true 或 false", "give true or false"),
    "mixed_fault": ("请填写 true 或 false", "give true or false"),
    "is_repeat": ("请填写 true、false 或 null", "give true, false or null"),
    "approve": ("请填写 true 或 false", "give true or false"),
}


def _body(serializer_class: Any, request: Any) -> dict[str, Any]:
    """The step's input, or a 400 in Chinese and English naming the first field at fault."""
    body = serializer_class(data=request.data)
    if not body.is_valid():
        field = next(iter(body.errors), None)
        zh, en = FIELD_ERRORS.get(field or "", ("输入无效", "invalid input"))
        if field in (None, "non_field_errors"):
            raise InputRefused.say(f"请求内容无效：{zh}", f"invalid request body: {en}")
        raise InputRefused.say(f"{field}：{zh}", f"{field}: {en}", field)
    return body.validated_data


class Forbidden(PermissionDenied):
    """A 403 with its Chinese and English reason (the shape of the API's other refusals)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__({"detail": zh, "detail_en": en, "field": None})


def _may_act(user: Any, accident: Accident, party: str | None = None) -> None:
    """403 unless the user may act on the contract's accidents (and, for a step of one
    party, speaks for it: actions.parties_of, the rule the actions and the page apply)."""
    if not can_on_contract(user, Accident, "change", accident.contract_id):
        raise Forbidden("您不能处理该合同的事故", "you may not act on this contract's accidents")
    if party is not None and party not in actions.parties_of(user, accident.contract_id):
        raise Forbidden(f"只有{PARTY_ZH.get(party, party)}可以进行这一步",
                        f"only the {party} side may take this step")


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
    edit page), and every step of the procedure the accident's page offers, each a POST
    calling the same do_* action: information, preliminary, report (multipart), special,
    position, final, change-level, evidence (multipart)."""

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

    # -- the procedure: each step checks who (403), then its action its rules (400) ----------
    def _answer(self, accident: Accident) -> Response:
        accident = self.get_queryset().get(pk=accident.pk)  # with its relations, fresh
        return Response(s.AccidentSerializer(accident, context=self.get_serializer_context())
                        .data)

    @extend_schema(request=s.InformationBodySerializer,
                   responses={201: s.AccidentStepSerializer})
    @action(detail=True, methods=["post"])
    def information(self, request: Any, pk: Any = None) -> Response:
        """Record information gathered (`note`): do_gather_information (any party)."""
        accident = self.get_object()
        _may_act(request.user, accident)
        data = _body(s.InformationBodySerializer, request)
        step = actions.do_gather_information(accident, actor=request.user, note=data["note"])
        return Response(s.AccidentStepSerializer(step).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PreliminaryBodySerializer, responses={200: s.AccidentSerializer})
    @action(detail=True, methods=["post"])
    def preliminary(self, request: Any, pk: Any = None) -> Response:
        """The vendor's preliminary level (`level`, `note`): do_set_preliminary_level."""
        accident = self.get_object()
        _may_act(request.user, accident, Party.VENDOR)
        data = _body(s.PreliminaryBodySerializer, request)
        return self._answer(actions.do_set_preliminary_level(
            accident, actor=request.user, level=data["level"], note=data["note"]))

    @extend_schema(request={"multipart/form-data": s.ReportBodySerializer},
                   responses={200: s.AccidentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def report(self, request: Any, pk: Any = None) -> Response:
        """The vendor submits the 事故分析报告 (multipart `file`): do_submit_report; a late
        one is recorded with how late."""
        accident = self.get_object()
        _may_act(request.user, accident, Party.VENDOR)
        data = _body(s.ReportBodySerializer, request)
        return self._answer(actions.do_submit_report(accident, actor=request.user,
                                                     file=data["file"]))

    @extend_schema(request=s.SpecialBodySerializer, responses={200: s.AccidentSerializer})
    @action(detail=True, methods=["post"])
    def special(self, request: Any, pk: Any = None) -> Response:
        """The special cases considered (`human_error`, `mixed_fault`, `is_repeat`, `note`):
        do_consider_special_cases (any party)."""
        accident = self.get_object()
        _may_act(request.user, accident)
        data = _body(s.SpecialBodySerializer, request)
        return self._answer(actions.do_consider_special_cases(
            accident, actor=request.user, human_error=data["human_error"],
            mixed_fault=data["mixed_fault"], is_repeat=data["is_repeat"], note=data["note"]))

    @extend_schema(request=s.PositionBodySerializer, responses={201: s.AccidentStepSerializer})
    @action(detail=True, methods=["post"])
    def position(self, request: Any, pk: Any = None) -> Response:
        """One party's position (`party`, `level`, `opinion`): do_record_position; each side
        its own, the agency the experts'."""
        accident = self.get_object()
        _may_act(request.user, accident)
        data = _body(s.PositionBodySerializer, request)
        party = data["party"]
        if party in Party.values:  # an unknown one: the action's 400
            _may_act(request.user, accident, party)
        step = actions.do_record_position(accident, actor=request.user, party=party,
                                          level=data["level"], opinion=data["opinion"])
        return Response(s.AccidentStepSerializer(step).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.FinalBodySerializer, responses={200: s.AccidentSerializer})
    @action(detail=True, methods=["post"])
    def final(self, request: Any, pk: Any = None) -> Response:
        """The final level, recorded by the agency once the three parties agree and the
        evidence is complete (`level`, `conclusion`): do_final_grading."""
        accident = self.get_object()
        _may_act(request.user, accident, Party.AGENCY)
        data = _body(s.FinalBodySerializer, request)
        return self._answer(actions.do_final_grading(
            accident, actor=request.user, level=data["level"], conclusion=data["conclusion"]))

    @extend_schema(request=s.ChangeLevelBodySerializer, responses={200: s.AccidentSerializer})
    @action(detail=True, methods=["post"], url_path="change-level", url_name="change-level")
    def change_level(self, request: Any, pk: Any = None) -> Response:
        """A level change after the final grading, by the agency (`level`, `reason`):
        do_change_level; audited, the assessment follows."""
        accident = self.get_object()
        _may_act(request.user, accident, Party.AGENCY)
        data = _body(s.ChangeLevelBodySerializer, request)
        return self._answer(actions.do_change_level(
            accident, actor=request.user, level=data["level"], reason=data["reason"]))

    @extend_schema(request={"multipart/form-data": s.EvidenceBodySerializer},
                   responses={201: s.AccidentEvidenceSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request: Any, pk: Any = None) -> Response:
        """Upload an item of the evidence checklist (multipart `kind`, `file`):
        do_add_evidence (any party)."""
        accident = self.get_object()
        _may_act(request.user, accident)
        data = _body(s.EvidenceBodySerializer, request)
        item = actions.do_add_evidence(accident, actor=request.user, kind=data["kind"],
                                       file=data["file"])
        return Response(s.AccidentEvidenceSerializer(item).data,
                        status=status.HTTP_201_CREATED)

    # who may take each step: _may_act, with the rule's own words (a 403, not the default)
    for _step in (information, preliminary, report, special, position, final, change_level,
                  evidence):
        _step.scope_action = "view"  # type: ignore[attr-defined]
    del _step


class OperationsRecordViewSet(ScopedModelViewSet):
    """Operations records."""

    scope_model = OperationsRecord
    queryset = OperationsRecord.objects.order_by("-performed_at", "-id")
    serializer_class = s.OperationsRecordSerializer
    filterset_class = OperationsRecordFilterSet


ApproveBody = s.ApproveBodySerializer
#: Who decides on a change (the rule of actions.do_approve_change).
AGENCY = frozenset({Role.AGENCY_ADMIN, Role.AGENCY_LIAISON})


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

    @extend_schema(request=ApproveBody, responses={200: s.ChangeSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Any, pk: Any = None) -> Response:
        """The agency approves (`approve`: true, the default) or rejects a requested change:
        do_approve_change, as the change's page."""
        change = self.get_object()
        if not roles_on(request.user, change.contract_id) & AGENCY:
            raise Forbidden("只有甲方可以审批变更", "only the agency approves changes")
        data = _body(ApproveBody, request)
        change = actions.do_approve_change(change, actor=request.user,
                                           approve=data["approve"])
        return Response(s.ChangeSerializer(change, context=self.get_serializer_context()).data)

    approve.scope_action = "view"  # type: ignore[attr-defined]  # the agency: checked above

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
