"""Edit forms of the inventory app; every related choice is limited to what the user sees and
must belong to the form's contract."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yunwei.core.errors import in_language
from yunwei.core.forms import ScopedModelForm, offer_contracts
from yunwei.core.scoping import contracts_for, restrict

from ..choices import FieldKind
from ..fields import FieldError, check_schema, clean_value
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


#: How a choice field's options are typed in one line: separated by commas or 、.
CHOICES_SEP = re.compile(r"[,，、\n]")


class TypeFieldForm(forms.Form):
    """One row of a type's fields: its code, label, kind, whether required, and the options
    of a choice field. A blank row is left out; a ticked "remove" drops the row."""

    code = forms.CharField(label=_("field code"), max_length=40, required=False,
                           help_text=_("Lowercase letters, digits and _, starting with a letter "
                                       "(the import's column and the API's key)."))
    label = forms.CharField(label=_("label"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=FieldKind.choices, initial=FieldKind.TEXT)
    required = forms.BooleanField(label=_("required"), required=False)
    choices = forms.CharField(label=_("options"), max_length=1000, required=False,
                              help_text=_("A choice field's options, separated by commas."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("label") or data.get("choices")) and not data.get("code") \
                and not data.get("DELETE"):
            self.add_error("code", _("Give the field a code."))
        return data

    def entry(self) -> dict[str, Any]:
        """The row as the schema's entry (fields.check_schema checks the whole list)."""
        data = self.cleaned_data
        return {"code": data["code"].strip(), "label": data["label"].strip(),
                "kind": data["kind"], "required": data["required"],
                "choices": [c.strip() for c in CHOICES_SEP.split(data["choices"] or "")
                            if c.strip()]}


TypeFieldFormSet = forms.formset_factory(TypeFieldForm, extra=2, can_delete=True)


class ItemTypeForm(SameContractForm):
    """A type and its own fields, one row each (`rows`, a formset; the API keeps the list as
    JSON): the schema is checked as a whole by fields.check_schema."""

    class Meta:
        model = ItemType
        fields = ["contract", "code", "name", "key_field", "has_lifecycle"]

    #: Blank rows added by "more rows" (a post that only shows the form again).
    MORE_ROWS = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initial = [{**f, "choices": ", ".join(f.get("choices") or [])}
                   for f in (self.instance.fields or [])]
        # a post without the rows (no management form) leaves the type's fields as they are
        data = self.data if self.is_bound and "fields-TOTAL_FORMS" in self.data else None
        if data is not None and self.wants_more_rows:
            data = self.data.copy()
            total = str(data.get("fields-TOTAL_FORMS", ""))
            data["fields-TOTAL_FORMS"] = str(
                (int(total) if total.isascii() and total.isdigit() else 0) + self.MORE_ROWS)
        self.rows = TypeFieldFormSet(data=data, initial=initial, prefix="fields")

    @property
    def wants_more_rows(self) -> bool:
        """Whether the post asked for more blank rows rather than to save."""
        return self.is_bound and "more_rows" in self.data

    def schema(self) -> list[dict[str, Any]]:
        """The rows kept (filled in, not removed), in their order."""
        return [row.entry() for row in self.rows.forms
                if row.cleaned_data.get("code") and not row.cleaned_data.get("DELETE")]

    def full_clean(self) -> None:
        super().full_clean()
        if self.rows.is_bound and not self.rows.is_valid():
            self.add_error(None, _("Check the fields' rows below."))

    def _post_clean(self) -> None:
        if self.rows.is_bound and self.rows.is_valid():
            try:
                self.instance.fields = check_schema(self.schema())
            except FieldError as exc:  # a duplicate code, a choice without options ...
                self.add_error(None, in_language(exc))
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
        offer_contracts(self, contracts_for(user, ConfigItem, "add"))
        self.fields["item_type"].queryset = restrict(ItemType.objects.all(), user, "view")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        t, c = data.get("item_type"), data.get("contract")
        if t is not None and c is not None and t.contract_id != c.pk:
            self.add_error("item_type", _("This belongs to another contract."))
        return data
