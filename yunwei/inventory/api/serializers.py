"""API serializers of the inventory app."""

from typing import Any

from rest_framework import serializers

from yunwei.core.api.serializers import ScopedModelSerializer
from yunwei.core.errors import Refused

from ..models import (
    AvailabilityTarget,
    ConfigItem,
    InspectionPlan,
    InspectionRound,
    InspectionTemplate,
    ItemType,
    MaintenanceWindow,
    Outage,
    TemplateCheck,
    WorkOrderItem,
)


class ConfigItemSerializer(ScopedModelSerializer):
    """An item with its type's fields (checked against the type's schema)."""

    class Meta:
        model = ConfigItem
        fields = ["id", "contract", "item_type", "code", "name", "attrs", "owner", "criticality",
                  "status", "lifecycle", "quantity", "notes"]
        read_only_fields = ["lifecycle"]

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


# -- types, templates, plans, windows, targets: the pages' edit forms as resources ------------
class SameContractSerializer(ScopedModelSerializer):
    """Related objects (`related`) must be of the object's contract: another contract's are
    refused in both languages (and the choices hold only what the user sees)."""

    related: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from yunwei.core.scoping import restrict

        request = self.context.get("request")
        for name in self.related:
            field = self.fields.get(name)
            target = getattr(field, "child_relation", field)
            if request is not None and getattr(target, "queryset", None) is not None:
                target.queryset = restrict(target.queryset, request.user, "view")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        contract = data.get("contract") or getattr(self.instance, "contract", None)
        for name in self.related:
            value = data.get(name)
            values = value if isinstance(value, (list, tuple)) else [value]
            for obj in values:
                if obj is not None and contract is not None and obj.contract_id != contract.pk:
                    raise serializers.ValidationError({name: "不属于该合同 / another contract"})
        return data


class ItemTypeSerializer(SameContractSerializer):
    """A type with its field schema (checked as on the page) and its import key."""

    class Meta:
        model = ItemType
        fields = ["id", "contract", "code", "name", "fields", "key_field", "has_lifecycle"]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        from ..fields import FieldError, check_schema

        data = super().validate(data)
        schema = data.get("fields", getattr(self.instance, "fields", []))
        try:
            schema = check_schema(schema if schema is not None else [])
        except FieldError as exc:
            raise serializers.ValidationError({"fields": f"{exc.zh} / {exc.en}"}) from exc
        if "fields" in data:
            data["fields"] = schema
        key = data.get("key_field", getattr(self.instance, "key_field", "code"))
        if key not in {"code", "name"} | {f["code"] for f in schema}:
            raise serializers.ValidationError({"key_field": (
                "导入键须为 code、name 或该类型的字段编码 / the import key must be code, name "
                "or one of the type's field codes")})
        contract = data.get("contract") or getattr(self.instance, "contract", None)
        code = data.get("code", getattr(self.instance, "code", None))
        if contract is not None and code and ItemType.objects.filter(
                contract=contract, code=code).exclude(pk=getattr(self.instance, "pk", None)
                                                      ).exists():
            raise serializers.ValidationError({"code": "该合同已有此编码的类型 / the contract "
                                                       "already has a type with this code"})
        return data


class InspectionTemplateSerializer(SameContractSerializer):
    """A template for items of one type."""

    related = ("item_type",)

    class Meta:
        model = InspectionTemplate
        fields = ["id", "contract", "item_type", "name"]


class TemplateCheckSerializer(SameContractSerializer):
    """One check of a template."""

    related = ("template",)

    class Meta:
        model = TemplateCheck
        fields = ["id", "contract", "template", "position", "text", "expected", "min_value",
                  "max_value", "photo_required"]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        data = super().validate(data)
        low = data.get("min_value", getattr(self.instance, "min_value", None))
        high = data.get("max_value", getattr(self.instance, "max_value", None))
        if low is not None and high is not None and high < low:
            raise serializers.ValidationError({"max_value": "最大值须不小于最小值 / the maximum "
                                                            "is below the minimum"})
        return data


class InspectionPlanSerializer(SameContractSerializer):
    """A plan: template, items (none: every item of the template's type), frequency, window,
    calendar, inspector."""

    related = ("template", "calendar", "items")

    class Meta:
        model = InspectionPlan
        fields = ["id", "contract", "name", "template", "frequency", "window_workdays",
                  "calendar", "assignee", "items", "starts", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from yunwei.core.filtersets import visible_users

        request = self.context.get("request")
        if request is not None and "assignee" in self.fields:
            self.fields["assignee"].queryset = visible_users(request.user)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        data = super().validate(data)
        if data.get("window_workdays", 1) < 1:
            raise serializers.ValidationError({"window_workdays": (
                "窗口至少为 1 个工作日 / the window is at least one working day")})
        return data


class MaintenanceWindowSerializer(SameContractSerializer):
    """A planned maintenance window."""

    class Meta:
        model = MaintenanceWindow
        fields = ["id", "contract", "start", "end", "description"]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        data = super().validate(data)
        start = data.get("start") or getattr(self.instance, "start", None)
        end = data.get("end") or getattr(self.instance, "end", None)
        if start and end and end <= start:
            raise serializers.ValidationError({"end": "结束须晚于开始 / the end must be after "
                                                      "the start"})
        return data


class AvailabilityTargetSerializer(SameContractSerializer):
    """An availability target of an item (or a service with what it runs on)."""

    related = ("item",)

    class Meta:
        model = AvailabilityTarget
        fields = ["id", "contract", "item", "percent", "as_service", "exclude_windows"]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        data = super().validate(data)
        percent = data.get("percent")
        if percent is not None and not (0 < percent <= 100):
            raise serializers.ValidationError({"percent": "目标须在 0 到 100 之间 / the target "
                                                          "must be between 0 and 100"})
        item = data.get("item")
        if item is not None and AvailabilityTarget.objects.filter(item=item).exclude(
                pk=getattr(self.instance, "pk", None)).exists():
            raise serializers.ValidationError({"item": "该配置项已有目标 / the item already "
                                                       "has a target"})
        return data


# -- work order links, import -----------------------------------------------------------------
class WorkOrderItemSerializer(serializers.ModelSerializer):
    """A work order named as being about an item."""

    item_label = serializers.CharField(source="item", read_only=True)

    class Meta:
        model = WorkOrderItem
        fields = ["id", "contract", "work_order", "item", "item_label"]
        read_only_fields = fields


class WorkOrderItemCreateSerializer(serializers.Serializer):
    """Name an item on a work order."""

    work_order = serializers.IntegerField()
    item = serializers.IntegerField(required=False)
    item_ref = serializers.CharField(required=False, max_length=200,
                                     help_text="配置项编号或名称 / the item's code or name")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("item") is None and not (data.get("item_ref") or "").strip():
            raise serializers.ValidationError({"item": "请填写配置项 / give the item (id, code "
                                                       "or name)"})
        return data


class ConfigItemImportSerializer(serializers.Serializer):
    """A workbook to import into one contract; `dry_run` (default true) only previews."""

    contract = serializers.IntegerField()
    item_type = serializers.IntegerField(required=False, allow_null=True)
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=True)


class ImportRowErrorSerializer(serializers.Serializer):
    """A row that cannot be imported, and why."""

    row = serializers.IntegerField()
    detail = serializers.CharField()
    detail_en = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    """What the import does (dry run) or did: new, changed and unchanged rows, row errors."""

    dry_run = serializers.BooleanField()
    ok = serializers.BooleanField()
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = ImportRowErrorSerializer(many=True)
