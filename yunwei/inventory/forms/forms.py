"""Edit forms of the inventory app; every related choice is limited to what the user sees and
must belong to the form's contract."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yunwei.core.forms import ScopedModelForm
from yunwei.core.scoping import contracts_for, restrict

from ..fields import FieldError, clean_value
from ..models import (
    AvailabilityTarget,
    ConfigItem,
    InspectionPlan,
    InspectionTemplate,
    ItemType,
    MaintenanceWindow,
    Outage,
    TemplateCheck,
)


class SameContractForm(ScopedModelForm):
    """Related choices restricted to visible objects of the same contract."""

    related: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.related:
            if name in self.fields and hasattr(self.fields[name], "queryset"):
                self.fields[name].queryset = restrict(self.fields[name].queryset, self.user,
                                                      "view")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        contract = data.get("contract") or getattr(self.instance, "contract", None)
        for name in self.related:
            value = data.get(name)
            values = value if isinstance(value, (list, tuple)) or hasattr(value, "all") \
                else [value]
            for obj in values or []:
                if obj is not None and contract is not None and \
                        getattr(obj, "contract_id", contract.pk) != contract.pk:
                    self.add_error(name, _("This belongs to another contract."))
        return data


class ItemTypeForm(SameContractForm):
    """A type and its field schema (JSON)."""

    fields_json = forms.CharField(label=_("fields"), widget=forms.Textarea(attrs={"rows": 8}),
                                  required=False,
                                  help_text=_('A list of {"code", "label", "kind", "required", '
                                              '"choices"}; kinds: text, int, decimal, date, ip, '
                                              'choice.'))

    class Meta:
        model = ItemType
        fields = ["contract", "code", "name", "key_field", "has_lifecycle"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields_json"].initial = json.dumps(self.instance.fields or [],
                                                        ensure_ascii=False, indent=1)

    def clean_fields_json(self) -> Any:
        try:
            return json.loads(self.cleaned_data.get("fields_json") or "[]")
        except ValueError as exc:
            raise ValidationError(_("Not valid JSON: %(error)s") % {"error": exc}) from exc

    def _post_clean(self) -> None:
        self.instance.fields = self.cleaned_data.get("fields_json", self.instance.fields)
        super()._post_clean()


class ConfigItemForm(SameContractForm):
    """An item with its type's own fields (one input per field of the type)."""

    related = ("item_type",)

    class Meta:
        model = ConfigItem
        fields = ["contract", "item_type", "code", "name", "owner", "criticality", "status",
                  "quantity", "notes"]

    def __init__(self, *args: Any, item_type: ItemType | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        t = item_type or (self.instance.item_type if self.instance.item_type_id else None)
        if t is None and self.data.get("item_type"):
            t = ItemType.objects.filter(pk=self.data.get("item_type")).first()
        self.item_type_obj = t
        for f in (t.fields if t else []):
            self.fields[f"attr_{f['code']}"] = forms.CharField(
                label=f["label"], required=False,
                initial=(self.instance.attrs or {}).get(f["code"], ""),
                help_text=" / ".join(f["choices"]) if f["kind"] == "choice" else "")
        if t is not None and not self.instance.pk:
            self.fields["item_type"].initial = t.pk

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        t = data.get("item_type")
        if t is None:
            return data
        attrs = {}
        for f in t.fields:
            try:
                attrs[f["code"]] = clean_value(f, self.data.get(f"attr_{f['code']}"))
            except FieldError as exc:
                name = f"attr_{f['code']}"
                self.add_error(name if name in self.fields else None, f"{exc.zh} / {exc.en}")
        self.instance.attrs = attrs
        return data


class InspectionTemplateForm(SameContractForm):
    """A template for items of one type."""

    related = ("item_type",)

    class Meta:
        model = InspectionTemplate
        fields = ["contract", "item_type", "name"]


class TemplateCheckForm(SameContractForm):
    """One check of a template."""

    related = ("template",)

    class Meta:
        model = TemplateCheck
        fields = ["contract", "template", "position", "text", "expected", "min_value",
                  "max_value", "photo_required"]


class InspectionPlanForm(SameContractForm):
    """A plan: template, items, frequency, window, calendar, inspector."""

    related = ("template", "calendar", "items")

    class Meta:
        model = InspectionPlan
        fields = ["contract", "name", "template", "frequency", "window_workdays", "calendar",
                  "assignee", "items", "starts", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from yunwei.core.filtersets import visible_users

        self.fields["assignee"].queryset = visible_users(self.user)
        self.fields["items"].widget.attrs["size"] = 8


class OutageForm(SameContractForm):
    """An outage entered by hand."""

    related = ("item", "work_order")

    class Meta:
        model = Outage
        fields = ["contract", "item", "start", "end", "cause", "work_order"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must be after the start."))
        return data


class MaintenanceWindowForm(SameContractForm):
    """A planned maintenance window."""

    class Meta:
        model = MaintenanceWindow
        fields = ["contract", "start", "end", "description"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must be after the start."))
        return data


class AvailabilityTargetForm(SameContractForm):
    """An availability target."""

    related = ("item",)

    class Meta:
        model = AvailabilityTarget
        fields = ["contract", "item", "percent", "as_service", "exclude_windows"]


class ImportForm(forms.Form):
    """A workbook to import into one contract (type column, or one type for every row)."""

    contract = forms.ModelChoiceField(queryset=None, label=_("contract"))
    item_type = forms.ModelChoiceField(queryset=None, required=False, label=_("type"),
                                       help_text=_("For rows without a type column."))
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts_for(user, ConfigItem, "add")
        self.fields["item_type"].queryset = restrict(ItemType.objects.all(), user, "view")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        t, c = data.get("item_type"), data.get("contract")
        if t is not None and c is not None and t.contract_id != c.pk:
            self.add_error("item_type", _("This belongs to another contract."))
        return data
