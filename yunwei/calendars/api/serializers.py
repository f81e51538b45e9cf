"""API serializers of the calendars app."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from yunwei.core.api.serializers import ScopedModelSerializer
from yunwei.core.scoping import restrict

from .. import actions
from ..models import HolidayDay, HolidayYear, PauseReason, SlaPolicy, SlaTarget, WorkingCalendar


class WorkingCalendarSerializer(ScopedModelSerializer):
    """A working calendar."""

    class Meta:
        model = WorkingCalendar
        fields = ["id", "contract", "name", "kind", "hours", "description"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        merged = {**({f: getattr(self.instance, f) for f in ("kind", "hours")}
                     if self.instance else {}), **attrs}
        WorkingCalendar(**{k: v for k, v in merged.items() if k in ("kind", "hours")}).clean()
        return attrs

    def create(self, validated_data: dict[str, Any]) -> WorkingCalendar:
        return actions.do_save_calendar(WorkingCalendar(**validated_data))[0]

    def update(self, instance: WorkingCalendar, validated_data: dict[str, Any]
               ) -> WorkingCalendar:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return actions.do_save_calendar(instance)[0]


class SlaPolicySerializer(ScopedModelSerializer):
    """An SLA policy."""

    class Meta:
        model = SlaPolicy
        fields = ["id", "contract", "name", "description", "is_active"]


class _PolicyChild(ScopedModelSerializer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "policy" in self.fields:
            self.fields["policy"].queryset = restrict(SlaPolicy.objects.all(), request.user)


class SlaTargetSerializer(_PolicyChild):
    """An SLA target."""

    class Meta:
        model = SlaTarget
        fields = ["id", "policy", "level_code", "level_name", "metric", "minutes", "calendar",
                  "warn_percent", "clause"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["calendar"].queryset = restrict(WorkingCalendar.objects.all(),
                                                        request.user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        policy = attrs.get("policy") or getattr(self.instance, "policy", None)
        calendar = attrs.get("calendar") or getattr(self.instance, "calendar", None)
        if policy and calendar and policy.contract_id != calendar.contract_id:
            raise serializers.ValidationError(
                {"calendar": _("The calendar belongs to another contract.")})
        return attrs

    def create(self, validated_data: dict[str, Any]) -> SlaTarget:
        return actions.do_save_target(SlaTarget(**validated_data))

    def update(self, instance: SlaTarget, validated_data: dict[str, Any]) -> SlaTarget:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return actions.do_save_target(instance)


class PauseReasonSerializer(_PolicyChild):
    """A pause reason."""

    class Meta:
        model = PauseReason
        fields = ["id", "policy", "code", "name", "needs_approval"]


class HolidayDaySerializer(serializers.ModelSerializer):
    """A day of an entered year."""

    class Meta:
        model = HolidayDay
        fields = ["date", "kind", "name"]


class HolidayYearSerializer(serializers.ModelSerializer):
    """An entered year with its days."""

    days = HolidayDaySerializer(many=True, read_only=True)

    class Meta:
        model = HolidayYear
        fields = ["id", "year", "source", "confirmed", "note", "updated", "days"]
        read_only_fields = fields


class NoticeImportSerializer(serializers.Serializer):
    """Import a State Council notice (dry_run: parse and show only)."""

    text = serializers.CharField(max_length=20000)
    year = serializers.IntegerField(min_value=2000, max_value=2060, required=False)
    dry_run = serializers.BooleanField(default=True)


class DeadlineQuerySerializer(serializers.Serializer):
    """Start instant and a duration in minutes."""

    start = serializers.DateTimeField()
    minutes = serializers.IntegerField(min_value=1, max_value=60 * 24 * 366)


class DeadlineStepSerializer(serializers.Serializer):
    """One step of a deadline's explanation, in Chinese and English."""

    kind = serializers.CharField()
    zh = serializers.CharField()
    en = serializers.CharField()


class DeadlineSerializer(serializers.Serializer):
    """A computed deadline: the instant, flags (e.g. a year not entered yet) and the steps."""

    deadline = serializers.DateTimeField()
    flags = serializers.ListField(child=serializers.CharField())
    steps = DeadlineStepSerializer(many=True)


class NoticePreviewSerializer(serializers.Serializer):
    """What a notice says (holidays and make-up workdays by date), and whether it was stored."""

    year = serializers.IntegerField()
    holidays = serializers.DictField(child=serializers.CharField())
    workdays = serializers.DictField(child=serializers.CharField())
    summary = serializers.CharField()
    stored = serializers.BooleanField()
    recomputed_clocks = serializers.IntegerField(required=False)
