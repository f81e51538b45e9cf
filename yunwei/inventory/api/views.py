"""API views of the inventory app."""

import json
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from yunwei.core.api.views import ActorMixin, ScopedModelViewSet
from yunwei.core.scoping import get_scoped_object, restrict

from .. import actions
from ..filtersets import ConfigItemFilterSet, InspectionRoundFilterSet, OutageFilterSet
from ..models import ConfigItem, InspectionRound, Outage
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
