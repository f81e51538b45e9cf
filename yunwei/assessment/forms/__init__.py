"""Forms of the assessment app."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yunwei.core.forms import IsoDatesMixin, ScopedModelForm
from yunwei.scoring.templates import TEMPLATES

from ..models import (
    Accident,
    ManualEntry,
    Objection,
    PaymentMilestone,
    PersonnelRecord,
    Praise,
    QuarterEvaluation,
    Scheme,
    SchemeRule,
    SchemeTier,
)

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"})
_D = forms.DateInput(attrs={"type": "date"})
_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class CopyTemplateForm(forms.Form):
    """Give a contract a scheme from a built-in template."""

    contract = forms.ModelChoiceField(queryset=None, label=_("contract"))
    template = forms.ChoiceField(label=_("template"),
                                 choices=[(c, t.name) for c, t in TEMPLATES.items()])
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

    class Meta:
        model = Scheme
        fields = ["name", "base", "final_payment", "guarantee"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mapping = (self.instance.options or {}).get("level_map", {})
        self.initial.setdefault("level_map", "\n".join(f"{k} = {v}" for k, v in
                                                       sorted(mapping.items())))

    def clean_level_map(self) -> dict[str, str]:
        classes = set((self.instance.options or {}).get("limits_hours", {}))
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


class SchemeRuleForm(ScopedModelForm):
    """Add a rule (a new one is entered by hand with evidence) or edit one (audited)."""

    class Meta:
        model = SchemeRule
        fields = ["scheme", "code", "category", "description", "points", "fine_percent",
                  "trigger", "interpretation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from yunwei.core.scoping import restrict

        self.fields["scheme"].queryset = restrict(Scheme.objects.all(), self.user, "change")
        if self.instance.pk:  # the engine knows built-in codes: keep code and scheme
            for name in ("scheme", "code", "category"):
                self.fields[name].disabled = True


class SchemeTierForm(ScopedModelForm):
    """Edit a result band (lower bound included, upper excluded); the bands must still cover
    every score exactly once."""

    class Meta:
        model = SchemeTier
        fields = ["lower", "upper", "fine_percent", "label"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        bands = [(t.lower, t.upper) for t in self.instance.scheme.tiers.exclude(
            pk=self.instance.pk)] + [(data.get("lower"), data.get("upper"))]
        bands.sort(key=lambda b: (b[0] is not None, b[0] or 0))
        ok = bands[0][0] is None and bands[-1][1] is None and all(
            a[1] is not None and a[1] == b[0] for a, b in pairwise(bands))
        if not ok:
            raise forms.ValidationError(_("The tiers must cover every score exactly once, "
                                          "without gaps or overlaps."))
        return data


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
        fields = ["contract", "rule", "date", "count", "note", "evidence", "evidence_file"]
        widgets = {"date": _D}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        contract, rule = data.get("contract"), data.get("rule")
        if contract and rule and not SchemeRule.objects.filter(
                scheme__contract=contract, code=rule).exists():
            self.add_error("rule", _("The contract's scheme has no rule with this code."))
        return data


class ObjectionForm(ScopedModelForm):
    """The vendor objects to a line of the assessment."""

    class Meta:
        model = Objection
        fields = ["contract", "rule", "evidence", "text"]


class PaymentMilestoneForm(ScopedModelForm):
    """A payment of the contract."""

    class Meta:
        model = PaymentMilestone
        fields = ["contract", "seq", "name", "percent", "amount", "amount_capitals",
                  "condition", "condition_date", "condition_name", "condition_ref",
                  "invoice_days_before", "due_working_days", "invoice_received_on", "paid_on",
                  "status", "delay_reason"]
        widgets = {"condition_date": _D, "invoice_received_on": _D, "paid_on": _D}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language

        from yunwei.core import conditions

        english = not (get_language() or "zh").startswith("zh")
        self.fields["condition_name"] = forms.ChoiceField(
            label=self.fields["condition_name"].label, required=False,
            help_text=self.fields["condition_name"].help_text,
            choices=[("", "—"), *conditions.choices(english)])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("condition_name") and not (data.get("condition_ref") or "").strip():
            self.add_error("condition_ref", _("Say which record the condition names."))
        if data.get("status") == "delayed" and not (data.get("delay_reason") or "").strip():
            self.add_error("delay_reason", _("Say why the payment is delayed."))
        if data.get("status") == "paid" and not data.get("paid_on"):
            self.add_error("paid_on", _("Give the date of payment."))
        return data


class AnswerForm(IsoDatesMixin, forms.Form):
    """The agency's answer to an objection."""

    status = forms.ChoiceField(label=_("decision"), choices=[
        ("accepted", _("Accepted")), ("rejected", _("Rejected"))])
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 4}))


for _form in (AccidentForm, PersonnelRecordForm, QuarterEvaluationForm, PraiseForm,
              ManualEntryForm):
    _form.base_fields["contract"].label = _("contract")
