"""API views of the work orders app."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied
from rest_framework.response import Response

from yunwei.assets.models import Equipment
from yunwei.contracts.models import Contract
from yunwei.contracts.people import member
from yunwei.core.api.exceptions import InputRefused
from yunwei.core.api.views import ActorMixin
from yunwei.core.roles import Role
from yunwei.core.scoping import can_on_contract, restrict

from .. import actions, lifecycle
from ..filtersets import WorkOrderFilterSet
from ..models import WorkOrder
from .serializers import (
    AttachmentSerializer,
    CommentSerializer,
    EventSerializer,
    TransitionSerializer,
    WorkOrderCreateSerializer,
    WorkOrderEditSerializer,
    WorkOrderSerializer,
)


def _conflict(exc: actions.Conflict) -> Response:
    return Response({"detail": "该工单已被他人更新 / changed by someone else",
                     "work_order": WorkOrderSerializer(exc.work_order).data},
                    status=status.HTTP_409_CONFLICT)


class WorkOrderViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, mixins.UpdateModelMixin,
                       viewsets.GenericViewSet):
    """Work orders: log (POST), list and read, edit the text or the record (PATCH), move them
    with `transition`, comment, attach files: every step the UI offers, under the same rules
    (the actions decide who may do what)."""

    access = "scoped"
    scope_model = WorkOrder
    queryset = WorkOrder.objects.select_related("assignee", "requester", "evaluation")
    filterset_class = WorkOrderFilterSet

    def get_queryset(self) -> Any:
        return restrict(self.queryset.all(), self.request.user, "view").order_by(
            "-reported_at", "-id")

    def get_serializer_class(self) -> Any:
        return {"create": WorkOrderCreateSerializer, "partial_update": WorkOrderEditSerializer,
                "comments": CommentSerializer, "add_attachment": AttachmentSerializer}.get(
            self.action, WorkOrderSerializer)

    @extend_schema(request=WorkOrderCreateSerializer, responses={201: WorkOrderSerializer})
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        user = request.user  # ScopedPermission refused those who may log work orders nowhere
        serializer = WorkOrderCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contract_id = data.pop("contract")
        contract = self._addable_contract(contract_id)
        if contract is None:
            if restrict(Contract.objects.filter(pk=contract_id), user).exists():
                raise PermissionDenied  # a contract of theirs, on which they may not log
            return Response({"contract": [_("Invalid contract.")]},  # foreign: say nothing
                            status=status.HTTP_400_BAD_REQUEST)
        username = data.pop("requester", None)
        if username:
            data["requester"] = member(contract, username, [Role.REQUESTER])
            if data["requester"] is None:
                return Response({"requester": [_("No requester with this user name on the "
                                                 "contract.")]},
                                status=status.HTTP_400_BAD_REQUEST)
        equipment_id = data.pop("equipment", None)
        if equipment_id is not None:
            data["equipment"] = restrict(Equipment.objects.filter(contract=contract),
                                         user).filter(pk=equipment_id).first()
            if data["equipment"] is None:
                return Response({"equipment": [_("The equipment belongs to another contract.")]},
                                status=status.HTTP_400_BAD_REQUEST)
        try:
            wo = actions.do_create_workorder(contract, actor=user, **data)
        except actions.InputError as exc:
            raise InputRefused(exc) from exc
        wo._state.fields_cache["evaluation"] = None  # just created: no sign-off, no query
        return Response(WorkOrderSerializer(wo).data, status=status.HTTP_201_CREATED)

    def _addable_contract(self, contract_id: int) -> Contract | None:
        """The contract, if the user may log work orders on it."""
        if not can_on_contract(self.request.user, WorkOrder, "add", contract_id):
            return None
        # By primary key, in plain SQL: a third of the time the ORM takes to plan it.
        found = list(Contract.objects.raw(
            f"SELECT * FROM {Contract._meta.db_table} WHERE id = %s", [contract_id]))  # noqa: S608
        return found[0] if found else None

    @extend_schema(exclude=True)
    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """PUT is not offered (an edit names only what it changes): 405, after the object
        lookup, so a foreign work order still answers 404."""
        self.get_object()
        raise MethodNotAllowed(request.method)

    @extend_schema(request=WorkOrderEditSerializer, responses={200: WorkOrderSerializer})
    def partial_update(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """Edit what was reported or the engineer's record; 409 when `version` is stale."""
        wo = self.get_object()
        body = WorkOrderEditSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = data.pop("version")
        try:
            wo = actions.do_update_workorder(wo.pk, actor=request.user, version=version, **data)
        except actions.Conflict as exc:
            return _conflict(exc)
        except actions.InputError as exc:
            raise InputRefused(exc) from exc
        return Response(WorkOrderSerializer(wo).data)

    @extend_schema(request=TransitionSerializer, responses={200: WorkOrderSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """Do one lifecycle step; 409 with the fresh work order when `version` is stale. The
        record may come with `resolve` (saved with the step, or neither)."""
        wo = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        code, version = data.pop("code"), data.pop("version")
        record = {name: data.pop(name) for name in lifecycle.RESOLUTION_FIELDS if name in data}
        try:
            with transaction.atomic():
                if record:
                    wo = actions.do_update_workorder(wo.pk, actor=request.user,
                                                     version=version, **record)
                    version = wo.version
                wo = actions.do_transition(wo.pk, code, actor=request.user, version=version,
                                           **data)
        except actions.Conflict as exc:
            return _conflict(exc)
        except (lifecycle.TransitionError, actions.InputError) as exc:
            raise InputRefused(exc) from exc
        return Response(WorkOrderSerializer(wo, context={"request": request}).data)

    transition.scope_action = "change"  # type: ignore[attr-defined]

    @extend_schema(request=CommentSerializer, responses={201: EventSerializer})
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def comments(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """Add a comment to the timeline."""
        wo = self.get_object()
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            event = actions.do_comment(wo, actor=request.user, note=body.validated_data["note"])
        except actions.InputError as exc:
            raise InputRefused(exc) from exc
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    comments.scope_action = "change"  # type: ignore[attr-defined]

    @extend_schema(responses=AttachmentSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def attachments(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """The work order's files."""
        wo = self.get_object()
        return Response(AttachmentSerializer(wo.attachments.order_by("created"),
                                             many=True).data)

    attachments.scope_action = "view"  # type: ignore[attr-defined]

    @extend_schema(request={"multipart/form-data": AttachmentSerializer},
                   responses={201: AttachmentSerializer})
    @attachments.mapping.post
    def add_attachment(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """Attach a file (multipart `file`); who may, and when, is the UI's rule."""
        wo = self.get_object()
        body = AttachmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        try:
            with transaction.atomic():
                attachment = actions.do_add_attachment(
                    wo, actor=request.user, name=upload.name, content=upload.read(),
                    content_type=upload.content_type or "")
        except actions.InputError as exc:
            raise InputRefused(exc) from exc
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    add_attachment.scope_action = "change"  # type: ignore[attr-defined]

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """The timeline."""
        wo = self.get_object()
        return Response(EventSerializer(wo.events.order_by("at", "id"), many=True).data)

    events.scope_action = "view"  # type: ignore[attr-defined]
