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
