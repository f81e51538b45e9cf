"""Forms of the assessment app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from yunwei.core.forms import IsoDatesMixin, ScopedModelForm

from ..models import (
    Accident,
    ManualEntry,
    Objection,
    PaymentMilestone,
    PersonnelRecord,
    Praise,
    QuarterEvaluation,
    Scheme,
)
from .definition import DefinitionForm as DefinitionForm

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"})
_D = forms.DateInput(attrs={"type": "date"})
_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def template_choices() -> list[tuple[str, str]]:
    """The template files the platform can run (blank first), by the names people read, never
    their codes."""
    from django.utils.translation import get_language

    from ..definition import template_label, usable_templates

    english = (get_language() or "zh").startswith("en")
    return [("", _("(blank)")), *((code, template_label(code, english) or code)
                                  for code in usable_templates())]


def urgency_classes(definition: dict[str, Any]) -> set[str]:
    """The classes of work-order lateness a definition counts under (its work-order
    measure's `urgency` values)."""
    attrs = (definition.get("measures", {}).get("work_order") or {}).get("attributes") or {}
    return {str(v) for v in (attrs.get("urgency") or {}).get("values", ())}


def manual_codes(definition: dict[str, Any]) -> set[str]:
    """The codes of the rules a definition accepts hand entries for."""
    return {r.get("code") for r in definition.get("rules", ())
            if r.get("kind") == "manual" or r.get("manual")}


def value_codes(definition: dict[str, Any]) -> set[str]:
    """The codes of the thresholds that judge a value the agency enters by hand."""
    return {r.get("code") for r in definition.get("rules", ())
            if r.get("kind") == "threshold" and r.get("manual") and not r.get("measure")}


def manual_rules_text(definition: dict[str, Any]) -> str:
    """The hand-entry rules of a definition as "code title" in the page's language."""
    english = not (get_language() or "zh").startswith("zh")
    out = []
    for r in definition.get("rules", ()):
        if not (r.get("kind") == "manual" or r.get("manual")):
            continue
        title = r.get("title") or ""
        if isinstance(title, dict):
            title = title.get("en" if english else "zh") or title.get("zh") or ""
        out.append(f"{r.get('code')} {title}".strip())
    return ("; " if english else "；").join(out)


class CopyTemplateForm(forms.Form):
    """Give a contract a scheme from a template file, or blank."""

    contract = forms.ModelChoiceField(queryset=None, label=_("contract"))
    template = forms.ChoiceField(label=_("template"), required=False, choices=template_choices)
    final_payment = forms.DecimalField(label=_("scheduled final payment (yuan)"),
                                       max_digits=16, decimal_places=2, min_value=0)
    guarantee = forms.BooleanField(label=_("performance guarantee"), required=False)

    def __init__(self, *args: Any, contracts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts


class SchemeForm(ScopedModelForm):
    """A scheme's name, base score, the money it settles, and which class of work-order
    lateness each SLA level counts under."""

    level_map = forms.CharField(
        label=_("levels and assessment rules"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: SLA level code = class of the scheme's time limits, e.g. "
                    "L1 = urgent. A level whose code is itself a class needs no line."))
    guarantee = forms.BooleanField(
        label=_("performance guarantee"), required=False,
        help_text=_("With a bank performance guarantee, fines are claimed against it instead "
                    "of being deducted from the final payment."))

    class Meta:
        model = Scheme
        fields = ["name", "base", "final_payment", "guarantee"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("guarantee", self.instance.guarantee)
        mapping = (self.instance.options or {}).get("level_map", {})
        self.initial.setdefault("level_map", "\n".join(f"{k} = {v}" for k, v in
                                                       sorted(mapping.items())))

    def clean_level_map(self) -> dict[str, str]:
        classes = urgency_classes(self.instance.definition or {})
        mapping: dict[str, str] = {}
        for line in self.cleaned_data["level_map"].splitlines():
            if not line.strip():
                continue
            level, sep, cls = (part.strip() for part in line.partition("="))
            if not sep or not level or cls not in classes:
                raise forms.ValidationError(
                    _("“%(line)s”: write level = class, the class one of %(classes)s.")
                    % {"line": line.strip(), "classes": "、".join(sorted(classes))})
            mapping[level] = cls
        return mapping

    def save(self, commit: bool = True) -> Scheme:
        options = dict(self.instance.options or {})
        if self.cleaned_data["level_map"] or "level_map" in options:
            options["level_map"] = self.cleaned_data["level_map"]
        self.instance.options = options
        return super().save(commit)


class AccidentForm(ScopedModelForm):
    """Record an accident."""

    class Meta:
        model = Accident
        fields = ["contract", "ref", "level", "occurred_at", "report_submitted_at",
                  "description", "evidence", "evidence_file"]
        widgets = {"occurred_at": _DT, "report_submitted_at": _DT}


class PersonnelRecordForm(ScopedModelForm):
    """Record attendance or staffing."""

    class Meta:
        model = PersonnelRecord
        fields = ["contract", "kind", "person", "date", "minutes", "evidence", "evidence_file"]
        widgets = {"date": _D}


class QuarterEvaluationForm(ScopedModelForm):
    """Record a quarterly evaluation."""

    class Meta:
        model = QuarterEvaluation
        fields = ["contract", "quarter", "unit", "rating", "evidence", "evidence_file"]


class PraiseForm(ScopedModelForm):
    """Record a praise."""

    class Meta:
        model = Praise
        fields = ["contract", "event", "level", "date", "checked", "evidence", "evidence_file"]
        widgets = {"date": _D}


class ManualEntryForm(ScopedModelForm):
    """Record a deduction of a manual rule."""

    class Meta:
        model = ManualEntry
        fields = ["contract", "rule", "date", "count", "value", "note", "evidence",
                  "evidence_file"]
        widgets = {"date": _D}
        help_texts = {"count": _("For a rate over time: the days late.")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        contracts = self.fields["contract"].queryset
        colon = "：" if (get_language() or "zh").startswith("zh") else ": "
        lines = [f"{number}{colon}{manual_rules_text(definition)}" for number, definition in
                 Scheme.objects.filter(contract__in=contracts).order_by("contract__number")
                 .values_list("contract__number", "definition")
                 if manual_codes(definition or {})]
        if lines:
            self.fields["rule"].help_text = gettext("Rules entered by hand — %(rules)s") % {
                "rules": ("；" if colon == "：" else "; ").join(lines)}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        contract, rule = data.get("contract"), data.get("rule")
        if contract and rule:
            scheme = Scheme.objects.filter(contract=contract).values_list("definition",
                                                                          flat=True).first()
            if rule not in manual_codes(scheme or {}):
                self.add_error("rule", gettext(
                    "The contract's scheme has no rule with this code entered by hand; its "
                    "rules entered by hand: %(rules)s") % {
                        "rules": manual_rules_text(scheme or {}) or gettext("none")})
            elif rule in value_codes(scheme or {}) and data.get("value") is None:
                self.add_error("value", gettext(
                    "This rule judges a value entered by hand: give the period's value."))
            elif rule not in value_codes(scheme or {}) and data.get("value") is not None:
                self.add_error("value", gettext(
                    "Only a threshold on a value entered by hand takes a value: leave it "
                    "empty."))
        return data


class ObjectionForm(ScopedModelForm):
    """The vendor objects to a line of the assessment."""

    class Meta:
        model = Objection
        fields = ["contract", "rule", "evidence", "text"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk is not None:  # edited by the vendor who filed it, on its contract
            from yunwei.core.scoping import contracts_for

            self.fields["contract"].queryset = contracts_for(user, Objection, "add")
            self.fields["contract"].disabled = True


class PaymentMilestoneForm(ScopedModelForm):
    """A payment of the contract."""

    class Meta:
        model = PaymentMilestone
        fields = ["contract", "seq", "name", "name_en", "percent", "amount",
                  "amount_capitals", "condition", "condition_en", "condition_kind",
                  "condition_ref", "condition_date", "due_on",
                  "invoice_days_before", "due_working_days", "invoice_received_on", "paid_on",
                  "status", "delay_reason"]
        widgets = {"condition_date": _D, "due_on": _D, "invoice_received_on": _D,
                   "paid_on": _D}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language

        from yunwei.core import conditions

        english = (get_language() or "zh").startswith("en")
        choices = [("", _("(the date entered by hand)"))]
        choices += sorted((c.name, c.label_en if english else c.label_zh)
                          for c in conditions.CONDITIONS.values())
        current = self.instance.condition_kind
        if current and current not in conditions.CONDITIONS:
            choices.append((current, current))
        self.fields["condition_kind"] = forms.ChoiceField(
            label=self.fields["condition_kind"].label, choices=choices, required=False,
            help_text=self.fields["condition_kind"].help_text)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == "delayed" and not (data.get("delay_reason") or "").strip():
            self.add_error("delay_reason", _("Say why the payment is delayed."))
        if data.get("status") == "paid" and not data.get("paid_on"):
            self.add_error("paid_on", _("Give the date of payment."))
        if data.get("condition_kind") and not (data.get("condition_ref") or "").strip() \
                and data["condition_kind"] != "invoice_received":
            self.add_error("condition_ref", _("Name the record the condition reads."))
        return data


class AnswerForm(IsoDatesMixin, forms.Form):
    """The agency's answer to an objection."""

    status = forms.ChoiceField(label=_("decision"), choices=[
        ("accepted", _("Accepted")), ("rejected", _("Rejected"))])
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    """The agency's decision on a pending line (the line named by hidden fields)."""

    period = forms.CharField(widget=forms.HiddenInput)
    rule = forms.CharField(widget=forms.HiddenInput)
    ref = forms.CharField(widget=forms.HiddenInput, required=False)
    deduct = forms.TypedChoiceField(label=_("decision"), coerce=lambda v: v == "yes",
                                    choices=[("yes", _("Count it")),
                                             ("no", _("Do not count it"))])
    points = forms.DecimalField(label=_("points"), required=False, max_digits=8,
                                decimal_places=2)
    fine = forms.DecimalField(label=_("fine (yuan)"), required=False, max_digits=12,
                              decimal_places=2, min_value=0)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


for _form in (AccidentForm, PersonnelRecordForm, QuarterEvaluationForm, PraiseForm,
              ManualEntryForm):
    _form.base_fields["contract"].label = _("contract")
