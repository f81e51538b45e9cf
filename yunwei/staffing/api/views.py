"""API views of the staffing app: reads through restrict(); every change goes through the
same do_* action as the page that offers it (people, entry checks, qualifications, leave,
replacements, hand corrections of attendance,
the roster: generate, add, remove, swap, publish, withdraw; swap requests and their steps,
the calendar feed, attendance imports and derivation)."""

from __future__ import annotations

import datetime as dt
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

from .. import actions, importing
from ..filtersets import (
    LeaveRequestFilterSet,
    ReplacementRequestFilterSet,
    RosterChangeFilterSet,
    RosterMonthFilterSet,
    SwapRequestFilterSet,
)
from ..models import (
    AttendanceRecord,
    ImportBatch,
    LeaveRequest,
    Person,
    Post,
    ReplacementRequest,
    RosterChange,
    RosterMonth,
    RosterShift,
    ShiftPattern,
    SwapRequest,
)
from .serializers import (
    AttendanceCorrectSerializer,
    AttendanceEntrySerializer,
    AttendanceRecordSerializer,
    DecisionSerializer,
    DeriveSerializer,
    EntrySerializer,
    FeedSerializer,
    ImportBatchSerializer,
    ImportSerializer,
    LeaveAskSerializer,
    LeaveEvidenceSerializer,
    LeaveRequestSerializer,
    PersonSerializer,
    PersonWriteSerializer,
    PublishSerializer,
    QualificationSerializer,
    ReplacementAskSerializer,
    ReplacementRequestSerializer,
    RosterChangeSerializer,
    RosterMonthSerializer,
    RosterShiftSerializer,
    ShiftAddSerializer,
    ShiftSwapSerializer,
    SwapAskSerializer,
    SwapRequestSerializer,
    UnpublishSerializer,
)

NO_SUCH = ("不存在或无权访问", "no such record, or not yours to see")


def _visible(model: Any, pk: Any, user: Any, field: str, queryset: QuerySet | None = None,
             ) -> Any:
    """The object `pk` of `model` the user may see, else a 400 naming `field`."""
    qs = queryset if queryset is not None else model.objects.all()
    try:
        return restrict(qs, user, "view").get(pk=pk)
    except model.DoesNotExist as exc:
        raise InputRefused.say(f"{field}：{NO_SUCH[0]}", f"{field}: {NO_SUCH[1]}", field) from exc


def _contract(user: Any, model: Any, contract: int) -> int:
    """A contract the user sees `model` on (404 otherwise)."""
    if not contracts_for(user, model, "view").filter(pk=contract).exists():
        raise NotFound
    return contract


def _month(text: str) -> tuple[int, int]:
    if not re.fullmatch(r"\d{4}-\d{2}", text or "") or not 1 <= int(text[5:]) <= 12:
        raise InputRefused.say("月份格式应为 YYYY-MM（如 2026-05）",
                               "the month must be YYYY-MM (e.g. 2026-05)", "month")
    return int(text[:4]), int(text[5:])


def _body(serializer: Any, data: Any, partial: bool = False) -> dict[str, Any]:
    """A request body validated by `serializer`, or a 400 {detail, detail_en, field} naming
    the first field at fault."""
    body = serializer(data=data, partial=partial)
    if not body.is_valid():
        field = next(iter(body.errors), None)
        raise InputRefused.say(f"{field}：格式不正确", f"{field}: not a valid value", field)
    return dict(body.validated_data)


def _person_input(user: Any, contract_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """The API's person fields as the actions take them (posts and user as objects)."""
    from yunwei.core.filtersets import visible_users

    out = {k: v for k, v in data.items() if k != "contract"}
    if "posts" in out:
        ids = set(out["posts"])
        posts = list(restrict(Post.objects.filter(contract_id=contract_id, pk__in=ids), user,
                              "view"))
        if len(posts) != len(ids):
            raise InputRefused.say("posts：岗位须是本合同的岗位",
                                   "posts: choose posts of this contract", "posts")
        out["posts"] = posts
    if out.get("user") is not None:
        account = visible_users(user).filter(pk=out["user"]).first()
        if account is None:
            raise InputRefused.say(f"user：{NO_SUCH[0]}", f"user: {NO_SUCH[1]}", "user")
        out["user"] = account
    return out


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

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonSerializer})
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Add a person to a contract's team (the vendor PM): do_add_person."""
        data = _body(PersonWriteSerializer, request.data)
        if data.get("contract") is None:
            raise InputRefused.say("请选择合同", "choose a contract", "contract")
        contract = _contract(request.user, Person, data["contract"])
        values = _person_input(request.user, contract, data)
        values.pop("active", None)  # a new person is on the contract
        person = actions.do_add_person(contract, actor=request.user, **values)
        return Response(PersonSerializer(person, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonWriteSerializer, responses={200: PersonSerializer})
    def partial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Change a person's fields (the vendor PM): do_edit_person."""
        person = self.get_object()
        data = _body(PersonWriteSerializer, request.data, partial=True)
        values = _person_input(request.user, person.contract_id, data)
        person = actions.do_edit_person(person, actor=request.user, **values)
        return Response(PersonSerializer(person, context={"request": request}).data)

    def destroy(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Delete a person entered by mistake (the vendor PM): do_remove_person."""
        actions.do_remove_person(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

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

    @extend_schema(request=EntrySerializer, responses={200: PersonSerializer})
    @action(detail=True, methods=["post"])
    def entry(self, request: Any, pk: Any = None) -> Response:
        """The agency's entry check (`approve`, `note`): do_check_entry."""
        person = self.get_object()
        body = EntrySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        person = actions.do_check_entry(person, actor=request.user,
                                        approve=body.validated_data["approve"],
                                        note=body.validated_data["note"])
        return Response(PersonSerializer(person, context={"request": request}).data)

    @extend_schema(request=QualificationSerializer, responses={201: QualificationSerializer})
    @action(detail=True, methods=["post"])
    def qualifications(self, request: Any, pk: Any = None) -> Response:
        """Record a qualification (`name`, `years`, `valid_until`, `evidence` file as
        multipart): do_add_qualification (the vendor PM)."""
        person = self.get_object()
        body = QualificationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        q = actions.do_add_qualification(person, actor=request.user, name=data["name"],
                                         years=data["years"], valid_until=data["valid_until"],
                                         evidence=data["evidence"])
        return Response({"id": q.pk, "name": q.name, "years": q.years,
                         "valid_until": q.valid_until}, status=status.HTTP_201_CREATED)

    # the actions check the role (agency admin: entry; vendor PM: qualifications)
    entry.scope_action = "view"  # type: ignore[attr-defined]
    qualifications.scope_action = "view"  # type: ignore[attr-defined]


class LeaveRequestViewSet(_ReadOnly, mixins.CreateModelMixin):
    """Leave requests: ask (POST, do_request_leave), `decide` (the agency administrator)."""

    scope_model = LeaveRequest
    queryset = LeaveRequest.objects.order_by("-starts", "id")
    serializer_class = LeaveRequestSerializer
    filterset_class = LeaveRequestFilterSet

    @extend_schema(request=LeaveAskSerializer, responses={201: LeaveRequestSerializer})
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        body = LeaveAskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        person = _visible(Person, data["person"], request.user, "person")
        leave = actions.do_request_leave(person, actor=request.user, kind=data["kind"],
                                         starts=data["starts"], ends=data["ends"],
                                         reason=data["reason"], emergency=data["emergency"],
                                         evidence=data["evidence"])
        return Response(LeaveRequestSerializer(leave).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LeaveEvidenceSerializer, responses={200: LeaveRequestSerializer})
    @action(detail=True, methods=["post"])
    def evidence(self, request: Any, pk: Any = None) -> Response:
        """Add the evidence (`evidence` file as multipart; a medical certificate) of a pending
        leave: do_add_leave_evidence (the person or the vendor PM)."""
        leave = self.get_object()
        body = LeaveEvidenceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        leave = actions.do_add_leave_evidence(leave, actor=request.user,
                                              evidence=body.validated_data["evidence"])
        return Response(LeaveRequestSerializer(leave).data)

    @extend_schema(request=DecisionSerializer, responses={200: LeaveRequestSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Any, pk: Any = None) -> Response:
        """Approve (`approve`: true) or refuse: do_decide_leave."""
        leave = self.get_object()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        leave = actions.do_decide_leave(leave, actor=request.user,
                                        approve=body.validated_data["approve"])
        return Response(LeaveRequestSerializer(leave).data)

    decide.scope_action = "view"  # type: ignore[attr-defined]  # the action checks the role
    evidence.scope_action = "view"  # type: ignore[attr-defined]  # the action checks who


class ReplacementRequestViewSet(_ReadOnly, mixins.CreateModelMixin):
    """Replacements of staff: the vendor PM replaces a person (POST,
    do_request_replacement)."""

    scope_model = ReplacementRequest
    queryset = ReplacementRequest.objects.order_by("-effective_on", "id")
    serializer_class = ReplacementRequestSerializer
    filterset_class = ReplacementRequestFilterSet

    @extend_schema(request=ReplacementAskSerializer,
                   responses={201: ReplacementRequestSerializer})
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        body = ReplacementAskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        leaving = _visible(Person, data["leaving"], request.user, "leaving")
        joining = _visible(Person, data["joining"], request.user, "joining")
        replacement = actions.do_request_replacement(
            leaving, joining, actor=request.user, effective_on=data["effective_on"],
            emergency=data["emergency"], reason=data["reason"])
        return Response(ReplacementRequestSerializer(replacement).data,
                        status=status.HTTP_201_CREATED)


class RosterShiftViewSet(_ReadOnly, mixins.CreateModelMixin, mixins.DestroyModelMixin):
    """Rostered shifts of the user's contracts (the agency sees published months only); the
    vendor PM adds (POST, do_add_shift), removes (DELETE, do_remove_shift) and `swap`s two
    shifts (do_swap_shifts)."""

    scope_model = RosterShift
    queryset = RosterShift.objects.order_by("starts", "id")
    serializer_class = RosterShiftSerializer
    filterset_fields = ["contract", "person", "day"]

    def get_queryset(self) -> QuerySet:
        from ..views import visible_roster

        return visible_roster(self.queryset.all(), self.request.user)

    @extend_schema(request=ShiftAddSerializer, responses={201: RosterShiftSerializer})
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        body = ShiftAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        person = _visible(Person, data["person"], request.user, "person")
        pattern = _visible(ShiftPattern, data["pattern"], request.user, "pattern",
                           ShiftPattern.objects.select_related("post"))
        shift = actions.do_add_shift(person, pattern, data["day"], actor=request.user)
        return Response(RosterShiftSerializer(shift).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: RosterShift) -> None:
        actions.do_remove_shift(instance, actor=self.request.user)

    @extend_schema(request=ShiftSwapSerializer, responses={200: RosterShiftSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def swap(self, request: Any) -> Response:
        """Exchange the people of two shifts (`first`, `second`): do_swap_shifts."""
        body = ShiftSwapSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        mine = self.get_queryset().select_related("pattern__post", "person")
        a = _visible(RosterShift, body.validated_data["first"], request.user, "first", mine)
        b = _visible(RosterShift, body.validated_data["second"], request.user, "second", mine)
        actions.do_swap_shifts(a, b, actor=request.user)
        a.refresh_from_db()
        b.refresh_from_db()
        return Response(RosterShiftSerializer([a, b], many=True).data)

    swap.scope_action = "view"  # type: ignore[attr-defined]  # the action checks the role


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
        contract = _contract(request.user, RosterShift, body.validated_data["contract"])
        year, month = _month(body.validated_data["month"])
        roster = actions.do_publish_roster(contract, year, month, actor=request.user)
        return Response(RosterMonthSerializer(roster).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PublishSerializer, responses={200: None})
    @action(detail=False, methods=["post"])
    def generate(self, request: Any) -> Response:
        """Fill a month (`contract`, `month`) from the shift patterns: do_generate_roster;
        answers {"added": n}."""
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contract = _contract(request.user, RosterShift, body.validated_data["contract"])
        year, month = _month(body.validated_data["month"])
        added = actions.do_generate_roster(contract, year, month, actor=request.user)
        return Response({"added": added})

    @extend_schema(request=UnpublishSerializer, responses={200: RosterMonthSerializer})
    @action(detail=False, methods=["post"])
    def unpublish(self, request: Any) -> Response:
        """Withdraw a published month (`contract`, `month`, `reason`) to draft before it
        begins: do_unpublish_roster."""
        body = UnpublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contract = _contract(request.user, RosterShift, body.validated_data["contract"])
        year, month = _month(body.validated_data["month"])
        roster = actions.do_unpublish_roster(contract, year, month, actor=request.user,
                                             reason=body.validated_data["reason"])
        return Response(RosterMonthSerializer(roster).data)

    publish.scope_action = "view"  # type: ignore[attr-defined]  # the actions check the role
    generate.scope_action = "view"  # type: ignore[attr-defined]
    unpublish.scope_action = "view"  # type: ignore[attr-defined]


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

    @extend_schema(request=AttendanceEntrySerializer, responses={201: AttendanceRecordSerializer})
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Enter a day's attendance by hand where nothing was derived (the agency
        administrator): do_enter_attendance."""
        data = _body(AttendanceEntrySerializer, request.data)
        person = _visible(Person, data["person"], request.user, "person",
                          Person.objects.select_related("contract"))
        record = actions.do_enter_attendance(person, actor=request.user, day=data["day"],
                                             kind=data["kind"], minutes=data["minutes"],
                                             reason=data["reason"])
        return Response(AttendanceRecordSerializer(record).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceCorrectSerializer, responses={200: AttendanceRecordSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Any, pk: Any = None) -> Response:
        """Correct the record by hand (`kind`, `minutes`, `reason`, optional `seen`): the
        agency administrator, do_correct_attendance."""
        record = self.get_object()
        data = _body(AttendanceCorrectSerializer, request.data)
        record = actions.do_correct_attendance(record, actor=request.user, kind=data["kind"],
                                               minutes=data["minutes"], reason=data["reason"],
                                               seen=data["seen"])
        return Response(AttendanceRecordSerializer(record).data)

    correct.scope_action = "change"  # type: ignore[attr-defined]  # the agency administrator

    def destroy(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Withdraw a hand record (the agency administrator): do_remove_attendance."""
        actions.do_remove_attendance(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ImportSerializer, responses={201: ImportBatchSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request: Any) -> Response:
        """Import a clock-in export (multipart `file`, `contract`, optional `name_column` /
        `time_column`): do_import_attendance, all rows or none. With `preview` true nothing
        is written: the format, the columns found, the rows and every bad row are answered."""
        body = ImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        contract = _contract(request.user, ImportBatch, data["contract"])
        mapping: dict[str, str] = {}
        if data["name_column"]:
            mapping["name"] = data["name_column"]
        if data["time_column"]:
            mapping["datetime"] = data["time_column"]
        content, name = data["file"].read(), data["file"].name
        if data["preview"]:
            try:
                parsed = actions.preview_import(contract, content, name, mapping)
            except importing.ImportError_ as exc:
                raise InputRefused.say(exc.zh, exc.en, "file") from exc
            return Response({"format": parsed.format, "mapping": parsed.mapping,
                             "rows": parsed.rows, "punches": len(parsed.punches),
                             "errors": [{"row": e.row, "detail": e.zh, "detail_en": e.en}
                                        for e in parsed.errors[:200]]})
        batch = actions.do_import_attendance(contract, content, name, actor=request.user,
                                             mapping=mapping)
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeriveSerializer, responses={200: None})
    @action(detail=False, methods=["post"])
    def derive(self, request: Any) -> Response:
        """Derive the attendance of `first`..`last` (at most a year) from the roster and the
        punches: do_derive_attendance; answers {"records": n}."""
        body = DeriveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        contract = _contract(request.user, AttendanceRecord, data["contract"])
        if data["last"] < data["first"] or data["last"] - data["first"] > dt.timedelta(days=366):
            raise InputRefused.say("日期范围无效（须先后有序且不超过一年）",
                                   "the days must be in order and span at most a year", "last")
        n = actions.do_derive_attendance(contract, data["first"], data["last"],
                                         actor=request.user)
        return Response({"records": n})

    # the actions check the role (agency admin or vendor PM)
    import_file.scope_action = "view"  # type: ignore[attr-defined]
    derive.scope_action = "view"  # type: ignore[attr-defined]
