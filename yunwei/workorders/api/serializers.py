"""API serializers of the work orders app (plain serializers: explicit, and cheap per call)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..choices import Channel, State
from ..models import WorkOrder, WorkOrderEvent


def _moment(value: dt.datetime | None) -> str | None:
    """A time as DRF's DateTimeField writes it: ISO 8601 in the current time zone."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class EvaluationSerializer(serializers.Serializer):
    """The sign-off."""

    rating = serializers.CharField()
    comment = serializers.CharField()
    method = serializers.CharField()
    confirmed_by_name = serializers.CharField()
    confirmed_at = serializers.DateTimeField()


class WorkOrderSerializer(serializers.Serializer):
    """A work order as read through the API."""

    id = serializers.IntegerField()
    contract = serializers.IntegerField(source="contract_id")
    number = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    requester = serializers.SerializerMethodField()
    requester_name = serializers.CharField()
    requester_contact = serializers.CharField()
    location = serializers.CharField()
    category = serializers.CharField()
    equipment = serializers.IntegerField(source="equipment_id", allow_null=True)
    affected_equipment = serializers.CharField()
    level_code = serializers.CharField()
    level_name = serializers.CharField()
    state = serializers.ChoiceField(choices=State.choices)
    assignee = serializers.SerializerMethodField()
    escalation = serializers.CharField()
    reported_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    on_site_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    response_deadline = serializers.DateTimeField(allow_null=True)
    on_site_deadline = serializers.DateTimeField(allow_null=True)
    resolution_deadline = serializers.DateTimeField(allow_null=True)
    next_deadline = serializers.DateTimeField(allow_null=True)
    sla_breached = serializers.BooleanField()
    problem_analysis = serializers.CharField()
    resolution_steps = serializers.CharField()
    verification = serializers.CharField()
    version = serializers.IntegerField()
    evaluation = serializers.SerializerMethodField()

    def to_representation(self, instance: WorkOrder) -> dict[str, Any]:
        """The fields above, written out directly: building DRF's bound fields costs more than
        the rest of a create request's response (a test checks both give the same output)."""
        wo, moment = instance, _moment
        return {
            "id": wo.pk, "contract": wo.contract_id, "number": wo.number, "title": wo.title,
            "description": wo.description, "channel": wo.channel,
            "requester": self.get_requester(wo), "requester_name": wo.requester_name,
            "requester_contact": wo.requester_contact, "location": wo.location,
            "category": wo.category, "equipment": wo.equipment_id,
            "affected_equipment": wo.affected_equipment, "level_code": wo.level_code,
            "level_name": wo.level_name, "state": wo.state, "assignee": self.get_assignee(wo),
            "escalation": wo.escalation, "reported_at": moment(wo.reported_at),
            "accepted_at": moment(wo.accepted_at), "on_site_at": moment(wo.on_site_at),
            "resolved_at": moment(wo.resolved_at), "closed_at": moment(wo.closed_at),
            "response_deadline": moment(wo.response_deadline),
            "on_site_deadline": moment(wo.on_site_deadline),
            "resolution_deadline": moment(wo.resolution_deadline),
            "next_deadline": moment(wo.next_deadline),
            "sla_breached": wo.sla_breached, "problem_analysis": wo.problem_analysis,
            "resolution_steps": wo.resolution_steps, "verification": wo.verification,
            "version": wo.version, "evaluation": self.get_evaluation(wo),
        }

    def get_requester(self, obj: WorkOrder) -> str | None:
        return obj.requester.username if obj.requester_id else None

    def get_assignee(self, obj: WorkOrder) -> str | None:
        return obj.assignee.username if obj.assignee_id else None

    def get_evaluation(self, obj: WorkOrder) -> dict[str, Any] | None:
        evaluation = getattr(obj, "evaluation", None) if obj.state == State.CLOSED else None
        return EvaluationSerializer(evaluation).data if evaluation is not None else None


class WorkOrderCreateSerializer(serializers.Serializer):
    """What an integration sends to log a work order."""

    contract = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000,
                                        default="")
    channel = serializers.ChoiceField(
        choices=Channel.choices, required=False,
        help_text=_("default: self-service for a requester, API for everyone else"))
    requester = serializers.CharField(required=False, allow_null=True, max_length=150,
                                      help_text=_("user name of a requester on the contract"))
    requester_name = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                           default="")
    requester_contact = serializers.CharField(required=False, allow_blank=True,
                                              max_length=100, default="")
    location = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                     default="")
    category = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                     default="")
    equipment = serializers.IntegerField(required=False, allow_null=True)
    affected_equipment = serializers.CharField(required=False, allow_blank=True,
                                               max_length=200, default="")
    level_code = serializers.CharField(required=False, allow_blank=True, max_length=32,
                                       default="")
    reported_at = serializers.DateTimeField(required=False)

    def to_internal_value(self, data: Any) -> Any:
        """The common case (a JSON object of plain strings and ids) checked directly; anything
        else goes through DRF's field-by-field validation, so every error is DRF's own. A
        property test checks that both give the same result for any input."""
        fast = _plain_create_input(data)
        return fast if fast is not None else super().to_internal_value(data)

    def run_validators(self, value: Any) -> None:
        # No serializer-wide validators and no read-only defaults: skip DRF's step, which
        # builds every bound field just to find that out.
        if self.validators:
            super().run_validators(value)

    def validate_reported_at(self, value: Any) -> Any:
        if value and value > timezone.now() + timezone.timedelta(minutes=5):
            raise serializers.ValidationError(_("The issue time cannot be in the future."))
        return value


class EventSerializer(serializers.ModelSerializer):
    """A timeline entry."""

    class Meta:
        model = WorkOrderEvent
        fields = ["kind", "from_state", "to_state", "actor_name", "at", "note", "data"]


class RecordFieldsMixin(serializers.Serializer):
    """The engineer's record, optional in a step (saved with it: both or neither)."""

    problem_analysis = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    resolution_steps = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    verification = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class WorkOrderEditSerializer(RecordFieldsMixin):
    """An edit of a work order's text (PATCH): what was reported, or the engineer's record.
    Who may change which field, and when, is the same rule as in the UI."""

    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    title = serializers.CharField(required=False, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    location = serializers.CharField(required=False, allow_blank=True, max_length=200)
    category = serializers.CharField(required=False, allow_blank=True, max_length=100)
    affected_equipment = serializers.CharField(required=False, allow_blank=True, max_length=200)
    requester_contact = serializers.CharField(required=False, allow_blank=True, max_length=100)


class CommentSerializer(serializers.Serializer):
    """A comment on the timeline."""

    note = serializers.CharField(max_length=5000)


class AttachmentSerializer(serializers.Serializer):
    """A file attached to a work order."""

    id = serializers.IntegerField(read_only=True)
    file = serializers.FileField(write_only=True)
    name = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    created = serializers.DateTimeField(read_only=True)


class TransitionSerializer(RecordFieldsMixin):
    """A lifecycle step: the code, the version the client saw, and the step's inputs (for
    `resolve`, the record may come with it)."""

    code = serializers.CharField(max_length=32)
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    note = serializers.CharField(required=False, allow_blank=True)
    assignee = serializers.IntegerField(required=False)
    pause_reason = serializers.CharField(required=False)
    reason = serializers.CharField(required=False)
    approver = serializers.CharField(required=False)
    new_deadline = serializers.DateTimeField(required=False)
    escalation = serializers.CharField(required=False)
    rating = serializers.CharField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True)
    confirmed_by = serializers.CharField(required=False)
    confirmed_at = serializers.DateTimeField(required=False)


#: field -> (max length, blank allowed, default when missing; None: required)
_TEXT_INPUT = {
    "title": (200, False, None), "description": (20000, True, ""),
    "requester_name": (100, True, ""), "requester_contact": (100, True, ""),
    "location": (200, True, ""), "category": (100, True, ""),
    "affected_equipment": (200, True, ""), "level_code": (32, True, ""),
}
_ID_MAX = 2**63 - 1
#: Every key the plain path understands; a body with any other key goes to DRF (so a field
#: added to the serializer is never silently dropped here; a test keeps this list complete).
PLAIN_KEYS = frozenset({"contract", "channel", "requester", "equipment", *_TEXT_INPUT})


def _plain_text(value: Any, max_length: int, blank: bool) -> str | None:
    """A CharField value as DRF would return it, or None when DRF must judge it."""
    if type(value) is not str or "\x00" in value:
        return None
    try:
        value.encode("utf-8")  # lone surrogates cannot be encoded
    except UnicodeEncodeError:
        return None
    value = value.strip()
    if (not value and not blank) or len(value) > max_length:
        return None
    return value


def _plain_create_input(data: Any) -> dict[str, Any] | None:
    """WorkOrderCreateSerializer's validated data for plain input; None to let DRF decide."""
    if type(data) is not dict or not data.keys() <= PLAIN_KEYS:
        return None
    contract = data.get("contract")
    if type(contract) is not int or not 1 <= contract <= _ID_MAX:
        return None
    out: dict[str, Any] = {"contract": contract}
    for name, (max_length, blank, default) in _TEXT_INPUT.items():
        if name not in data:
            if default is None:
                return None
            out[name] = default
            continue
        text = _plain_text(data[name], max_length, blank)
        if text is None:
            return None
        out[name] = text
    if "channel" in data:
        channel = data["channel"]
        if type(channel) is not str or channel not in Channel.values:
            return None
        out["channel"] = channel
    if "requester" in data:
        requester = data["requester"]
        if requester is not None:
            requester = _plain_text(requester, 150, False)
            if requester is None:
                return None
        out["requester"] = requester
    if "equipment" in data:
        equipment = data["equipment"]
        if equipment is not None and type(equipment) is not int:
            return None
        out["equipment"] = equipment
    return out
