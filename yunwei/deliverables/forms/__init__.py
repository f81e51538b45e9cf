"""Forms of the deliverables app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yunwei.core.forms import IsoDatesMixin, ScopedModelForm
from yunwei.core.scoping import restrict

from ..models import Acceptance, DocumentType


class _SameContract(ScopedModelForm):
    """Related choices limited to what the user sees, and checked to be of the same contract."""

    related: tuple[str, ...] = ()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        for name in self.related:
            field = self.fields[name]
            field.queryset = restrict(field.queryset.model.objects.all(), user, "view")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        contract = data.get("contract")
        for name in self.related:
            value = data.get(name)
            values = list(value) if hasattr(value, "__iter__") else [value]
            if contract and any(v is not None and v.contract_id != contract.pk for v in values):
                self.add_error(name, _("Choose one of this contract's own."))
        return data


class DocumentTypeForm(_SameContract):
    """A document type of the register."""

    related = ("calendar",)

    class Meta:
        model = DocumentType
        fields = ["contract", "name", "template", "frequency", "fixed_date", "due_workdays",
                  "calendar", "reviewer_role", "review_workdays", "deemed_approval",
                  "rework_workdays", "missing_workdays", "generated_report", "active"]


class AcceptanceForm(_SameContract):
    """An acceptance and its terms."""

    related = ("required_types",)

    class Meta:
        model = Acceptance
        fields = ["contract", "kind", "name", "required_types", "organise_by",
                  "deemed_after_workdays"]


class SubmitForm(forms.Form):
    """A version of a document."""

    file = forms.FileField(label=_("file"))
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))


class ReviewForm(forms.Form):
    """The reviewer's decision."""

    decision = forms.ChoiceField(label=_("decision"), choices=[
        ("approve", _("Approve")), ("return", _("Return for rework"))])
    comments = forms.CharField(label=_("reviewer's comments"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))


class OpinionForm(forms.Form):
    """A reviewer's opinion, recorded by the agency."""

    reviewer = forms.CharField(label=_("reviewer"), max_length=100)
    reviewer_role = forms.ChoiceField(label=_("reviewer role"), choices=[
        ("expert", _("Acceptance expert")), ("supervisor", _("Supervisor")),
        ("agency_admin", _("Agency administrator"))])
    opinion = forms.CharField(label=_("opinion"), widget=forms.Textarea(attrs={"rows": 3}))
    passed = forms.BooleanField(label=_("recommends passing"), required=False)


class FindingForm(IsoDatesMixin, forms.Form):
    """A finding with its rectification deadline."""

    text = forms.CharField(label=_("finding"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("rectify by"))


class RectifyForm(forms.Form):
    """The vendor's rectification."""

    rectification = forms.CharField(label=_("rectification"),
                                    widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(forms.Form):
    """Signing the result (the agency decides; the vendor countersigns)."""

    passed = forms.ChoiceField(label=_("result"), required=False, choices=[
        ("", "—"), ("yes", _("Passed")), ("no", _("Not passed"))])
    result = forms.CharField(label=_("result"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
