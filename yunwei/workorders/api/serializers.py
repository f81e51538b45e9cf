"""API serializers of the work orders app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from yunwei.assets.models import Equipment
from yunwei.core.api.serializers import ScopedModelSerializer
from yunwei.core.scoping import restrict

from ..choices import Channel
from ..models import Evaluation, WorkOrder, WorkOrderEvent


class EvaluationSerializer(serializers.ModelSerializer):
    """The sign-off."""

    class Meta:
        model = Evaluation
        fields = ["rating", "comment", "method", "confirmed_by_name", "confirmed_at"]


class WorkOrderSerializer(ScopedModelSerializer):
    """A work order as read through the API."""

    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True)
    requester = serializers.SlugRelatedField(slug_field="username", read_only=True)
    evaluation = EvaluationSerializer(read_only=True)

    class Meta:
        model = WorkOrder
        fields = ["id", "contract", "number", "title", "description", "channel", "requester",
                  "requester_name", "requester_contact", "location", "category", "equipment",
                  "affected_equipment", "level_code", "level_name", "state", "assignee",
                  "escalation", "reported_at", "accepted_at", "on_site_at", "resolved_at",
                  "closed_at", "response_deadline", "on_site_deadline", "resolution_deadline",
                  "sla_breached", "problem_analysis", "resolution_steps", "verification",
                  "version", "evaluation"]
        read_only_fields = fields


class WorkOrderCreateSerializer(ScopedModelSerializer):
    """What an integration sends to log a work order."""

    requester = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.filter(is_active=True),
        required=False, allow_null=True)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.API)
    reported_at = serializers.DateTimeField(required=False)

    class Meta:
        model = WorkOrder
        fields = ["contract", "title", "description", "channel", "requester", "requester_name",
                  "requester_contact", "location", "category", "equipment",
                  "affected_equipment", "level_code", "reported_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["equipment"].queryset = restrict(Equipment.objects.all(), request.user)

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
