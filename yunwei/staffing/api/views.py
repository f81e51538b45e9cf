"""API views of the staffing app: reads through restrict(); every change goes through the
do_* actions (publish a month, swap requests and their steps, the calendar feed)."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from yunwei.core.api.exceptions import InputRefused
from yunwei.core.api.views import ActorMixin
from yunwei.core.scoping import contracts_for, restrict

from .. import actions
from ..filtersets import RosterChangeFilterSet, RosterMonthFilterSet, SwapRequestFilterSet
from ..models import (
    AttendanceRecord,
    Person,
    RosterChange,
    RosterMonth,
    RosterShift,
    SwapRequest,
)
from .serializers import (
    AttendanceRecordSerializer,
    DecisionSerializer,
    FeedSerializer,
    PersonSerializer,
    PublishSerializer,
    RosterChangeSerializer,
    RosterMonthSerializer,
    RosterShiftSerializer,
    SwapAskSerializer,
    SwapRequestSerializer,
)


class _ReadOnly(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve `scope_model` objects through restrict()."""

    access = "scoped"

    def get_queryset(self) -> QuerySet:
        return restrict(self.queryset.all(), self.request.user, "view")


class PersonViewSet(_ReadOnly):
    """Staff of the user's contracts; `feed` issues (POST) or revokes (DELETE) the calendar
    feed URL of a person (issued by the person themselves, shown once)."""

    scope_model = Person
    queryset = Person.objects.prefetch_related("posts").order_by("contract", "name", "id")
    serializer_class = PersonSerializer

    @extend_schema(request=None, responses={201: FeedSerializer})
    @action(detail=True, methods=["post", "delete"])
    def feed(self, request: Any, pk: Any = None) -> Response:
        """Issue a new feed URL (the old one stops working), or revoke it."""
        from ..views import feed_url

        person = self.get_object()
        if request.method == "DELETE":
            actions.do_revoke_feed(person, actor=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        token = actions.do_issue_feed(person, actor=request.user)
        return Response({"url": feed_url(request, token)}, status=status.HTTP_201_CREATED)

    feed.scope_action = "view"  # type: ignore[attr-defined]  # the action checks who


class RosterShiftViewSet(_ReadOnly):
    """Rostered shifts of the user's contracts (the agency sees published months only)."""

    scope_model = RosterShift
    queryset = RosterShift.objects.order_by("starts", "id")
    serializer_class = RosterShiftSerializer
    filterset_fields = ["contract", "person", "day"]

    def get_queryset(self) -> QuerySet:
        from ..views import visible_roster

        return visible_roster(self.queryset.all(), self.request.user)


class RosterMonthViewSet(_ReadOnly):
    """Monthly rosters (draft or published); `publish` publishes one (the vendor PM)."""

    scope_model = RosterMonth
    queryset = RosterMonth.objects.order_by("contract", "-month", "id")
    serializer_class = RosterMonthSerializer
    filterset_class = RosterMonthFilterSet

    @extend_schema(request=PublishSerializer, responses={201: RosterMonthSerializer})
    @action(detail=False, methods=["post"])
    def publish(self, request: Any) -> Response:
        """Publish a contract's month (`contract`, `month` as YYYY-MM) to the agency."""
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contract = body.validated_data["contract"]
        if not contracts_for(request.user, RosterShift, "view").filter(pk=contract).exists():
            raise NotFound
        text = body.validated_data["month"]
        if not re.fullmatch(r"\d{4}-\d{2}", text) or not 1 <= int(text[5:]) <= 12:
            raise InputRefused.say("月份格式应为 YYYY-MM（如 2026-05）",
                                   "the month must be YYYY-MM (e.g. 2026-05)", "month")
        year, month = int(text[:4]), int(text[5:])
        roster = actions.do_publish_roster(contract, year, month, actor=request.user)
        return Response(RosterMonthSerializer(roster).data, status=status.HTTP_201_CREATED)

    publish.scope_action = "view"  # type: ignore[attr-defined]  # the action checks the role


class RosterChangeViewSet(_ReadOnly):
    """Changes made to published rosters: who, when, what."""

    scope_model = RosterChange
    queryset = RosterChange.objects.select_related("by").order_by("-at", "-id")
    serializer_class = RosterChangeSerializer
    filterset_class = RosterChangeFilterSet


class SwapRequestViewSet(_ReadOnly, mixins.CreateModelMixin):
    """Swap requests: an engineer asks (POST), the colleague `answer`s, the approver of the
    contract's terms `decide`s, the requester may `withdraw`."""

    scope_model = SwapRequest
    queryset = SwapRequest.objects.select_related("requester", "colleague").order_by(
        "-asked_at", "-id")
    serializer_class = SwapRequestSerializer
    filterset_class = SwapRequestFilterSet

    @extend_schema(request=SwapAskSerializer, responses={201: SwapRequestSerializer})
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        body = SwapAskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        shifts = restrict(RosterShift.objects.all(), request.user, "view")
        people = restrict(Person.objects.all(), request.user, "view")
        try:
            shift = shifts.get(pk=data["shift"])
            colleague = people.get(pk=data["colleague"])
            other = shifts.get(pk=data["colleague_shift"]) if data.get("colleague_shift") \
                else None
        except (RosterShift.DoesNotExist, Person.DoesNotExist) as exc:
            raise InputRefused.say("班次或同事不存在", "no such shift or colleague") from exc
        swap = actions.do_request_swap(shift, colleague, actor=request.user,
                                       colleague_shift=other, reason=data["reason"])
        return Response(SwapRequestSerializer(swap).data, status=status.HTTP_201_CREATED)

    def _step(self, request: Any, step: str) -> Response:
        swap = self.get_object()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if step == "answer":
            swap = actions.do_answer_swap(swap, actor=request.user, agree=data["agree"])
        elif step == "decide":
            swap = actions.do_decide_swap(swap, actor=request.user, approve=data["approve"],
                                          note=data.get("note", ""))
        else:
            swap = actions.do_withdraw_swap(swap, actor=request.user)
        return Response(SwapRequestSerializer(swap).data)

    @extend_schema(request=DecisionSerializer, responses={200: SwapRequestSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request: Any, pk: Any = None) -> Response:
        """The colleague agrees (`agree`: true) or declines."""
        return self._step(request, "answer")

    @extend_schema(request=DecisionSerializer, responses={200: SwapRequestSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Any, pk: Any = None) -> Response:
        """The approver approves (`approve`: true) or refuses, with an optional `note`."""
        return self._step(request, "decide")

    @extend_schema(request=None, responses={200: SwapRequestSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Any, pk: Any = None) -> Response:
        """The requester withdraws."""
        return self._step(request, "withdraw")

    # the actions check who may take each step
    answer.scope_action = "view"  # type: ignore[attr-defined]
    decide.scope_action = "view"  # type: ignore[attr-defined]
    withdraw.scope_action = "view"  # type: ignore[attr-defined]


class AttendanceRecordViewSet(_ReadOnly):
    """Attendance records of the user's contracts."""

    scope_model = AttendanceRecord
    queryset = AttendanceRecord.objects.select_related("person").order_by("-day", "id")
    serializer_class = AttendanceRecordSerializer
    filterset_fields = ["contract", "person", "kind", "day"]

