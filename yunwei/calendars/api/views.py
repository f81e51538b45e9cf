"""API views of the calendars app."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from yunwei.core.api.exceptions import InputRefused
from yunwei.core.api.views import ActorMixin, ScopedModelViewSet
from yunwei.core.scoping import restrict
from yunwei.worktime import CalendarError

from .. import actions
from ..filtersets import (
    HolidayYearFilterSet,
    PauseReasonFilterSet,
    SlaPolicyFilterSet,
    SlaTargetFilterSet,
    WorkingCalendarFilterSet,
)
from ..models import HolidayYear, PauseReason, SlaPolicy, SlaTarget, WorkingCalendar
from .serializers import (
    DeadlineQuerySerializer,
    DeadlineSerializer,
    HolidayYearSerializer,
    NoticeImportSerializer,
    NoticePreviewSerializer,
    PauseReasonSerializer,
    SlaPolicySerializer,
    SlaTargetSerializer,
    WorkingCalendarSerializer,
)


class _PolicyChildViewSet(ScopedModelViewSet):
    """Targets and pause reasons: the policy decides which contract they belong to."""

    def _check_contract(self, serializer: Any, action: str) -> None:
        policy = serializer.validated_data.get("policy")
        if policy is not None and not restrict(SlaPolicy.objects.filter(pk=policy.pk),
                                               self.request.user, "change").exists():
            raise PermissionDenied


class WorkingCalendarViewSet(ScopedModelViewSet):
    """Working calendars of the user's contracts; `deadline` computes one, explained."""

    scope_model = WorkingCalendar
    queryset = WorkingCalendar.objects.order_by("contract", "name")
    serializer_class = WorkingCalendarSerializer
    filterset_class = WorkingCalendarFilterSet

    def perform_destroy(self, instance: Any) -> None:
        actions.do_delete_calendar(instance)

    @extend_schema(parameters=[DeadlineQuerySerializer], responses=DeadlineSerializer)
    @action(detail=True, methods=["get"])
    def deadline(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """The deadline `minutes` of counted time after `start`, with flags and steps."""
        calendar = self.get_object()
        query = DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            result = calendar.engine().deadline(query.validated_data["start"],
                                                query.validated_data["minutes"] * 60)
        except CalendarError as exc:
            raise InputRefused(exc) from exc
        except OverflowError as exc:  # a start near the end of the representable dates
            raise InputRefused.say("截止时间超出支持范围", "the deadline is out of range",
                                   "start") from exc
        return Response({
            "deadline": result.at.isoformat(),
            "flags": list(result.flags),
            "steps": [{"kind": s.kind, "zh": s.text_zh, "en": s.text_en} for s in result.steps],
        })

    deadline.scope_action = "view"  # type: ignore[attr-defined]


class SlaPolicyViewSet(ScopedModelViewSet):
    """SLA policies of the user's contracts."""

    scope_model = SlaPolicy
    queryset = SlaPolicy.objects.order_by("contract", "name")
    serializer_class = SlaPolicySerializer
    filterset_class = SlaPolicyFilterSet


class SlaTargetViewSet(_PolicyChildViewSet):
    """SLA targets of the user's contracts."""

    scope_model = SlaTarget
    queryset = SlaTarget.objects.order_by("policy", "level_code", "metric")
    serializer_class = SlaTargetSerializer
    filterset_class = SlaTargetFilterSet

    def perform_destroy(self, instance: Any) -> None:
        actions.do_delete_target(instance)


class PauseReasonViewSet(_PolicyChildViewSet):
    """Pause reasons of the user's contracts."""

    scope_model = PauseReason
    queryset = PauseReason.objects.order_by("policy", "code")
    serializer_class = PauseReasonSerializer
    filterset_class = PauseReasonFilterSet


class HolidayYearViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         viewsets.GenericViewSet):
    """Entered holiday arrangements; `import_notice` parses (and stores) a notice."""

    access = "scoped"
    scope_model = HolidayYear
    queryset = HolidayYear.objects.prefetch_related("days").order_by("-year")
    serializer_class = HolidayYearSerializer
    filterset_class = HolidayYearFilterSet

    def get_queryset(self) -> Any:
        return restrict(self.queryset.all(), self.request.user, "view")

    @extend_schema(request=NoticeImportSerializer, responses=NoticePreviewSerializer)
    @action(detail=False, methods=["post"], url_path="import")
    def import_notice(self, request: Any, **kwargs: Any) -> Response:
        """Parse a State Council notice; store it when dry_run is false (administrators)."""
        if not request.user.is_superuser:
            raise PermissionDenied
        data = NoticeImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            notice = actions.preview_notice(data.validated_data["text"],
                                            data.validated_data.get("year"))
            body: dict[str, Any] = {
                "year": notice.year,
                "holidays": {str(d): n for d, n in sorted(notice.holidays.items())},
                "workdays": {str(d): n for d, n in sorted(notice.workdays.items())},
                "summary": notice.summary(),
                "stored": False,
            }
            if not data.validated_data["dry_run"]:
                with transaction.atomic():
                    _, recomputed = actions.do_save_arrangement(
                        notice.year, notice.holidays, notice.workdays,
                        notice_text=data.validated_data["text"])
                body.update(stored=True, recomputed_clocks=recomputed)
        except CalendarError as exc:
            raise InputRefused(exc) from exc
        return Response(body)

    import_notice.scope_action = "add"  # type: ignore[attr-defined]
