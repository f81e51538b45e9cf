"""API serializers of the inventory app."""

from typing import Any

from rest_framework import serializers

from yunwei.core.api.serializers import ScopedModelSerializer
from yunwei.core.errors import Refused

from ..models import ConfigItem, InspectionRound, Outage


class ConfigItemSerializer(ScopedModelSerializer):
    """An item with its type's fields (checked against the type's schema)."""

    class Meta:
        model = ConfigItem
        fields = ["id", "contract", "item_type", "code", "name", "attrs", "owner", "criticality",
                  "status", "lifecycle", "quantity", "notes", "created", "updated"]
        read_only_fields = ["lifecycle", "created", "updated"]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        from ..actions import clean_item_attrs

        item_type = data.get("item_type") or getattr(self.instance, "item_type", None)
        contract = data.get("contract") or getattr(self.instance, "contract", None)
        if item_type is not None and contract is not None and item_type.contract_id != contract.pk:
            raise serializers.ValidationError({"item_type": "类型不属于该合同 / the type "
                                               "belongs to another contract"})
        if item_type is not None:
            try:
                data["attrs"] = clean_item_attrs(item_type, data.get(
                    "attrs", getattr(self.instance, "attrs", {})) or {})
            except Refused as exc:
                raise serializers.ValidationError({"attrs": exc.message}) from exc
        return data


class OutageSerializer(ScopedModelSerializer):
    """An outage."""

    class Meta:
        model = Outage
        fields = ["id", "contract", "item", "start", "end", "cause", "source", "work_order",
                  "source_label", "source_url"]
        read_only_fields = ["source", "source_label", "source_url"]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        contract = data.get("contract") or getattr(self.instance, "contract", None)
        for name in ("item", "work_order"):
            obj = data.get(name)
            if obj is not None and contract is not None and obj.contract_id != contract.pk:
                raise serializers.ValidationError({name: "不属于该合同 / another contract"})
        start = data.get("start") or getattr(self.instance, "start", None)
        end = data.get("end", getattr(self.instance, "end", None))
        if start and end and end <= start:
            raise serializers.ValidationError({"end": "结束须晚于开始 / end before start"})
        return data


class InspectionRoundSerializer(ScopedModelSerializer):
    """A round (read-only: rounds are generated, results recorded on the round page)."""

    class Meta:
        model = InspectionRound
        fields = ["id", "contract", "plan", "period_start", "period_end", "due", "items_due",
                  "state", "started_at", "completed_at", "reviewed_at"]
        read_only_fields = fields


class LifecycleStepSerializer(serializers.Serializer):
    """A cloud resource's lifecycle step: approved, provisioned, changed or released (the
    request is the item's creation)."""

    step = serializers.CharField(max_length=32)


class RoundAnswerSerializer(serializers.Serializer):
    """One answer to one check of one item, with a key made by the caller: the same key sent
    again changes nothing."""

    key = serializers.CharField(max_length=64)
    item = serializers.IntegerField()
    check = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["normal", "abnormal"])
    value = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
    at = serializers.DateTimeField(required=False, allow_null=True)


class RoundAnswersSerializer(serializers.Serializer):
    """A batch of answers (JSON; as multipart, `answers` is a JSON text and a photo is sent as
    `photo_<key>`)."""

    answers = RoundAnswerSerializer(many=True)


class RoundAnswerResultSerializer(serializers.Serializer):
    """What became of one answer: saved, unchanged (its key was seen), superseded (an answer
    given later is recorded) or refused with the reason."""

    key = serializers.CharField()
    item = serializers.IntegerField()
    check = serializers.IntegerField()
    status = serializers.CharField()
    message = serializers.CharField()


class RoundAnswersResultSerializer(serializers.Serializer):
    """The round's state after the batch and each answer's result."""

    state = serializers.CharField()
    state_label = serializers.CharField()
    results = RoundAnswerResultSerializer(many=True)
    done_items = serializers.ListField(child=serializers.IntegerField())


class RoundReviewSerializer(serializers.Serializer):
    """The reviewer's note."""

    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
