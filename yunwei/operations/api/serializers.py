"""API serializers of the operations app."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yunwei.core.api.serializers import ScopedModelSerializer
from yunwei.core.scoping import restrict

from ..models import (
    Accident,
    AccidentLevel,
    Change,
    OperationsRecord,
    OperationsTerm,
    Vulnerability,
    VulnerabilityDeadline,
)


class _SameContract(ScopedModelSerializer):
    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        contract = attrs.get("contract") or getattr(self.instance, "contract", None)
        calendar = attrs.get("calendar")
        if calendar is not None and contract is not None and calendar.contract_id != contract.pk:
            raise serializers.ValidationError({"calendar": "请选择本合同的工作日历 / choose a "
                                                           "calendar of this contract"})
        return attrs


class AccidentLevelSerializer(_SameContract):
    """An accident level."""

    class Meta:
        model = AccidentLevel
        fields = ["id", "contract", "rank", "code", "name", "criteria", "report_hours",
                  "calendar"]


class OperationsTermSerializer(ScopedModelSerializer):
    """A counting term."""

    class Meta:
        model = OperationsTerm
        fields = ["id", "contract", "kind", "period", "minimum", "maximum"]


class VulnerabilityDeadlineSerializer(_SameContract):
    """A vulnerability deadline."""

    class Meta:
        model = VulnerabilityDeadline
        fields = ["id", "contract", "severity", "hours", "calendar"]


class AccidentSerializer(ScopedModelSerializer):
    """An accident (read-only: its procedure goes through the UI's steps)."""

    level = serializers.CharField(source="level.code", read_only=True, default=None)

    class Meta:
        model = Accident
        fields = ["id", "contract", "title", "description", "occurred_at", "cause",
                  "work_orders", "equipment", "stage", "level", "preliminary_level",
                  "final_level", "report_deadline", "report_submitted_at",
                  "report_late_seconds", "human_error", "mixed_fault", "is_repeat",
                  "repeat_of", "replaces_entry", "conclusion", "graded_at"]
        read_only_fields = fields


class AccidentOpenSerializer(ScopedModelSerializer):
    """What opening an accident takes (the rules are in actions.do_open_accident)."""

    class Meta:
        model = Accident
        fields = ["contract", "title", "description", "occurred_at", "cause", "work_orders",
                  "equipment", "replaces_entry"]
        extra_kwargs = {"occurred_at": {"required": False}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            for name in ("work_orders", "equipment"):
                field = self.fields[name].child_relation
                field.queryset = restrict(field.queryset, request.user, "view")


class OperationsRecordSerializer(ScopedModelSerializer):
    """An operations record."""

    class Meta:
        model = OperationsRecord
        fields = ["id", "contract", "kind", "title", "performed_at", "scope_text",
                  "participants", "result", "verified_by", "notes"]


class ChangeSerializer(ScopedModelSerializer):
    """A change."""

    unapproved = serializers.BooleanField(read_only=True)

    class Meta:
        model = Change
        fields = ["id", "contract", "title", "description", "risk", "rollback_plan",
                  "requested_at", "window_start", "window_end", "state", "approved_by",
                  "approved_at", "started_at", "finished_at", "result", "rolled_back",
                  "unapproved"]
        read_only_fields = ["state", "approved_by", "approved_at"]


class VulnerabilitySerializer(ScopedModelSerializer):
    """A vulnerability."""

    class Meta:
        model = Vulnerability
        fields = ["id", "contract", "title", "severity", "found_at", "deadline", "patch",
                  "fixed_at", "verified_at", "verified_by", "notes"]
        read_only_fields = ["deadline"]
