"""API serializers of the operations app."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
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


class AccidentItemSerializer(serializers.Serializer):
    """An affected configuration item: its id in the inventory and its name."""

    id = serializers.IntegerField()
    label = serializers.CharField()


class AccidentSerializer(ScopedModelSerializer):
    """An accident (read-only: its procedure goes through the UI's steps)."""

    level = serializers.CharField(source="level.code", read_only=True, default=None)
    items = serializers.SerializerMethodField(help_text="The affected configuration items.")

    class Meta:
        model = Accident
        fields = ["id", "contract", "title", "description", "occurred_at", "ended_at", "cause",
                  "work_orders", "equipment", "items", "stage", "level", "preliminary_level",
                  "final_level", "report_deadline", "report_submitted_at",
                  "report_late_seconds", "human_error", "mixed_fault", "is_repeat",
                  "repeat_of", "replaces_entry", "conclusion", "graded_at"]
        read_only_fields = fields

    @extend_schema_field(AccidentItemSerializer(many=True))
    def get_items(self, obj: Accident) -> list[dict[str, Any]]:
        return [{"id": link.item_id, "label": link.label} for link in obj.items.all()]


class AccidentOpenSerializer(ScopedModelSerializer):
    """What opening an accident takes (the rules are in actions.do_open_accident)."""

    class Meta:
        model = Accident
        fields = ["contract", "title", "description", "occurred_at", "ended_at", "cause",
                  "work_orders", "equipment", "items", "replaces_entry"]
        extra_kwargs = {"occurred_at": {"required": False}}

    items = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), required=False,
        max_length=1000, help_text="Ids of the affected configuration items of the contract.")

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


class AccidentUpdateSerializer(serializers.ModelSerializer):
    """What correcting an accident takes, every field optional (the rules are in
    actions.do_update_accident): `items` replaces the affected configuration items."""

    items = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), required=False,
        max_length=1000, help_text="Ids of the affected configuration items of the contract.")

    class Meta:
        model = Accident
        fields = ["title", "description", "cause", "ended_at", "equipment", "items",
                  "replaces_entry"]
        extra_kwargs = {name: {"required": False} for name in fields}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field = self.fields["equipment"].child_relation
            field.queryset = restrict(field.queryset, request.user, "view")
