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
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.API)
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

    def validate_reported_at(self, value: Any) -> Any:
        if value and value > timezone.now() + timezone.timedelta(minutes=5):
            raise serializers.ValidationError(_("The issue time cannot be in the future."))
        return value


class EventSerializer(serializers.ModelSerializer):
    """A timeline entry."""

    class Meta:
        model = WorkOrderEvent
        fields = ["kind", "from_state", "to_state", "actor_name", "at", "note", "data"]


class TransitionSerializer(serializers.Serializer):
    """A lifecycle step: the code, the version the client saw, and the step's inputs."""

    code = serializers.CharField()
    version = serializers.IntegerField()
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
