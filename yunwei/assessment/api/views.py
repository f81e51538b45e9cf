"""API views of the assessment app: the same actions and rules as the pages.

Lists go through `restrict(user, "view")`; a step on an object the user sees but may not take
answers 403 (as the pages do), on one the user does not see 404; the step itself is the app's
do_* action, whose refusals (an empty answer, an objection already answered, a line that is
not pending …) answer 400 with the Chinese and English reason."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from yunwei.core.api.exceptions import InputRefused
from yunwei.core.api.views import ActorMixin
from yunwei.core.scoping import restrict

from .. import actions
from ..choices import ObjectionStatus
from ..filtersets import ObjectionFilterSet, SchemeFilterSet
from ..models import Objection, Scheme
from . import serializers as s


class SchemeViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """The contracts' assessment schemes: read one, its period's score (`score`), and the
    agency administrator's decision on a pending line (`decide`)."""

    access = "scoped"
    scope_model = Scheme
    queryset = Scheme.objects.select_related("contract").order_by("contract", "id")
    serializer_class = s.SchemeSerializer
    filterset_class = SchemeFilterSet

    def get_queryset(self) -> Any:
        return restrict(self.queryset.all(), self.request.user, "view")

    @extend_schema(parameters=[OpenApiParameter("period", str, description=(
        "the period's code (default: the period holding today)"))],
        responses={200: s.ScoreSerializer})
    @action(detail=True, methods=["get"])
    def score(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """One period's score, fines and lines, as the score page shows them (a line's `code`
        and `key` name it in an objection or a decision)."""
        from yunwei.scoring.engine import EngineError

        from ..compute import assess_periods

        scheme = self.get_object()
        try:
            assessment = assess_periods(scheme)
        except EngineError as exc:
            raise InputRefused(exc) from exc
        period = assessment.period(request.query_params.get("period") or None)
        if period is None:
            raise NotFound({"detail": "没有这一考核期", "detail_en": "no such assessment period"})
        return Response(s.ScoreSerializer(s.score_data(assessment, period)).data)

    @extend_schema(request=s.DecisionBodySerializer, responses={201: s.PendingDecisionSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """The agency administrator decides a pending line (待甲方决定): count it or not, with
        a reason (once; applied whenever the period is assessed)."""
        scheme = self.get_object()
        if not actions.may_decide(request.user, scheme.contract_id):
            raise PermissionDenied
        body = s.DecisionBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        decision = actions.do_decide_pending(
            scheme, actor=request.user, period=data["period"], rule=data["rule"],
            ref=data["ref"], deduct=data["deduct"], reason=data["reason"],
            points=data["points"], fine=data["fine"])
        return Response(s.PendingDecisionSerializer(decision).data,
                        status=status.HTTP_201_CREATED)

    decide.scope_action = "view"  # type: ignore[attr-defined]  # roles: actions.may_decide


class ObjectionViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Objections: the vendor's project manager files one (POST) and changes it while it is
    open (PATCH, only who filed it); the agency administrator answers it (`answer`). Nobody
    deletes one: the answer is kept."""

    access = "scoped"
    scope_model = Objection
    queryset = Objection.objects.select_related("filed_by", "answered_by").order_by(
        "-created", "-id")
    serializer_class = s.ObjectionSerializer
    filterset_class = ObjectionFilterSet

    def get_queryset(self) -> Any:
        return restrict(self.queryset.all(), self.request.user, "view")

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = actions.do_file_objection(
            data["contract"], actor=self.request.user, rule=data["rule"],
            evidence=data["evidence"], text=data["text"])

    @extend_schema(request=s.ObjectionEditSerializer, responses={200: s.ObjectionSerializer})
    def partial_update(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """Who filed the objection changes its rule, evidence or text while it is open."""
        objection = self.get_object()
        if objection.status == ObjectionStatus.OPEN and \
                not actions.may_edit_objection(request.user, objection):
            raise PermissionDenied
        body = s.ObjectionEditSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        objection = actions.do_edit_objection(
            objection.pk, actor=request.user, rule=data.get("rule", objection.rule),
            evidence=data.get("evidence", objection.evidence),
            text=data.get("text", objection.text))
        return Response(self.get_serializer(objection).data)

    partial_update.scope_action = "view"  # type: ignore[attr-defined]  # may_edit_objection

    @extend_schema(request=s.AnswerSerializer, responses={200: s.ObjectionSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """The agency administrator answers: accepted (the line is withdrawn from the
        assessment) or rejected, with the answer's text; an objection is answered once."""
        objection = self.get_object()
        if not actions.may_answer(request.user, objection.contract_id):
            raise PermissionDenied
        body = s.AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        objection = actions.do_answer_objection(
            objection.pk, actor=request.user, status=body.validated_data["status"],
            answer=body.validated_data["answer"])
        return Response(self.get_serializer(objection).data)

    answer.scope_action = "view"  # type: ignore[attr-defined]  # roles: actions.may_answer
