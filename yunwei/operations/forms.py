"""Forms of the operations app: they translate input and call the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunwei.core.forms import IsoDatesMixin, ScopedModelForm
from yunwei.core.scoping import restrict, roles_on

from . import actions
from .choices import ChangeState, EvidenceKind, Party, Stage
from .models import (
    Accident,
    AccidentLevel,
    Change,
    OperationsPolicy,
    OperationsRecord,
    OperationsTerm,
    Vulnerability,
    VulnerabilityDeadline,
)


class _SameContract(ScopedModelForm):
    """Related choices limited to what the user sees, and to the form's contract."""

    related: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.related:
            field = self.fields.get(name)
            if field is not None:
                field.queryset = restrict(field.queryset, self.user, "view")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        contract = data.get("contract") or getattr(self.instance, "contract", None)
        for name in self.related:
            value = data.get(name)
            values = list(value) if hasattr(value, "__iter__") else [value]
            if contract is not None and any(
                    v is not None and v.contract_id != contract.pk for v in values):
                self.add_error(name, _("Choose one of this contract's records."))
        return data


class AccidentLevelForm(_SameContract):
    """A level of the contract's accidents."""

    related = ("calendar",)

    class Meta:
        model = AccidentLevel
        fields = ["contract", "rank", "code", "name", "criteria", "report_hours", "calendar"]


class OperationsTermForm(ScopedModelForm):
    """A counting term."""

    class Meta:
        model = OperationsTerm
        fields = ["contract", "kind", "period", "minimum", "maximum"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("minimum"), data.get("maximum")
        if low is None and high is None:
            raise forms.ValidationError(_("Give a minimum, a maximum or both."))
        if low is not None and high is not None and low > high:
            self.add_error("maximum", _("The maximum is below the minimum."))
        return data


class VulnerabilityDeadlineForm(_SameContract):
    """How long a severity may stay unfixed."""

    related = ("calendar",)

    class Meta:
        model = VulnerabilityDeadline
        fields = ["contract", "severity", "hours", "calendar"]


class OperationsPolicyForm(ScopedModelForm):
    """The repeat window."""

    class Meta:
        model = OperationsPolicy
        fields = ["contract", "repeat_window_days", "report_reminder_hours",
                  "vulnerability_reminder_hours"]


class AccidentForm(_SameContract):
    """Open an accident (from work orders or directly) or correct its description."""

    related = ("work_orders", "equipment")

    class Meta:
        model = Accident
        fields = ["contract", "title", "occurred_at", "ended_at", "cause", "work_orders",
                  "equipment", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].required = False
        self.fields["occurred_at"].help_text = _(
            "Empty: the time the first work order was reported.")
        self._add_items_field()
        entries = self._hand_entered()
        current = self.instance.replaces_entry
        if current and current not in dict(entries):
            entries.append((current, current))
        if entries:  # only where the agency has entered accidents by hand
            self.fields["replaces_entry"] = forms.ChoiceField(
                label=_("replaces the hand-entered accident"), required=False,
                choices=[("", "—"), *entries], initial=current,
                help_text=Accident._meta.get_field("replaces_entry").help_text)
            if self.instance.contract_id and not (
                    getattr(self.user, "is_superuser", False)
                    or roles_on(self.user, self.instance.contract_id)
                    & actions.TAKE_OVER_ROLES):  # the agency's decision: shown, not editable
                self.fields["replaces_entry"].disabled = True
        if self.instance.pk is not None:
            for name in ("contract", "work_orders", "occurred_at"):
                self.fields.pop(name)
            if self.instance.stage == Stage.GRADED:  # graded on these facts: only a level
                for name, field in self.fields.items():  # change (with its reason) follows
                    if name != "replaces_entry":  # the agency's, as above
                        field.disabled = True

    def _add_items_field(self) -> None:
        """The affected configuration items, offered by the inventory through core.lookups
        (no field when no app offers them)."""
        from yunwei.core import lookups

        lookup = lookups.get(lookups.CONFIG_ITEMS)
        if lookup is None:
            return
        contract_id = self.instance.contract_id
        choices = lookup.choices(self.user, contract_id)
        current = []
        if self.instance.pk is not None:
            links = list(self.instance.items.all())
            current = [link.item_id for link in links]
            known = {pk for pk, _label in choices}
            choices += [(link.item_id, str(link)) for link in links if link.item_id not in known]
        self.fields["items"] = forms.TypedMultipleChoiceField(
            label=_("affected configuration items"), required=False, coerce=int,
            choices=choices, initial=current,
            help_text=_("Each one's outage is opened or linked from this accident."))

    def _hand_entered(self) -> list[tuple[str, str]]:
        """The accidents entered by hand in the assessment that this user sees (on this
        accident's contract when it has one), as (reference, label)."""
        model = actions.hand_entered_model()
        rows = restrict(model.objects.select_related("contract"), self.user, "view")
        if self.instance.contract_id:
            rows = rows.filter(contract_id=self.instance.contract_id)
        label = model._meta.label_lower
        return [(f"{label}:{e.pk}", f"{e.contract.number} · {e.ref} · "
                 f"{timezone.localtime(e.occurred_at):%Y-%m-%d %H:%M} · "
                 f"{e.get_level_display()}") for e in rows.order_by("-occurred_at")[:500]]

    def save(self, commit: bool = True) -> Accident:
        data = self.cleaned_data
        items = data.get("items") if "items" in self.fields else None
        if self.instance.pk is None:
            return actions.do_open_accident(
                data["contract"], actor=self.user, title=data["title"],
                occurred_at=data.get("occurred_at"), ended_at=data.get("ended_at"),
                work_orders=data.get("work_orders") or (),
                equipment=data.get("equipment") or (), cause=data.get("cause") or "",
                description=data.get("description") or "", items=items or (),
                replaces_entry=data.get("replaces_entry") or "")
        editable = [k for k in actions.EDITABLE if k in self.fields
                    and not self.fields[k].disabled]
        graded = self.instance.stage == Stage.GRADED
        return actions.do_update_accident(
            self.instance, actor=self.user, fields={k: data.get(k) for k in editable},
            equipment=None if graded else data.get("equipment") or (),
            items=None if graded else items,
            replaces_entry=data.get("replaces_entry") if "replaces_entry" in self.fields
            else None)


class OperationsRecordForm(ScopedModelForm):
    """A backup, restore test, drill, duty, training or maintenance round."""

    class Meta:
        model = OperationsRecord
        fields = ["contract", "kind", "title", "performed_at", "scope_text", "participants",
                  "result", "verified_by", "file", "notes"]


class ChangeForm(ScopedModelForm):
    """A change request and, later, its work."""

    class Meta:
        model = Change
        fields = ["contract", "title", "description", "risk", "rollback_plan", "requested_at",
                  "window_start", "window_end", "started_at", "finished_at", "result",
                  "rolled_back"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.state != ChangeState.REQUESTED:
            for name in actions.CHANGE_LOCKED:  # approved as they were
                self.fields[name].disabled = True

    def save(self, commit: bool = True) -> Change:
        return actions.do_check_change(super().save())


class VulnerabilityForm(ScopedModelForm):
    """A vulnerability and its fix."""

    class Meta:
        model = Vulnerability
        fields = ["contract", "title", "severity", "found_at", "patch", "fixed_at",
                  "verified_at", "verified_by", "notes"]

    def save(self, commit: bool = True) -> Vulnerability:
        return actions.do_schedule_vulnerability(super().save())


# -- the accident's procedure (posted from its page) -------------------------------------------
class _Step(IsoDatesMixin, forms.Form):
    def __init__(self, *args: Any, accident: Accident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "level" in self.fields:
            self.fields["level"].queryset = AccidentLevel.objects.filter(
                contract_id=accident.contract_id)


class InformationForm(_Step):
    """Information gathered."""

    note = forms.CharField(label=_("information gathered"), widget=forms.Textarea)


class LevelForm(_Step):
    """A level with a note (preliminary level)."""

    level = forms.ModelChoiceField(queryset=AccidentLevel.objects.none(), label=_("level"))
    note = forms.CharField(label=_("note"), required=False)


class ReportForm(_Step):
    """The analysis report."""

    file = forms.FileField(label=_("analysis report"))


class SpecialForm(_Step):
    """The special cases."""

    human_error = forms.BooleanField(label=_("human error"), required=False)
    is_repeat = forms.BooleanField(label=_("repeat accident"), required=False)
    mixed_fault = forms.BooleanField(label=_("mixed fault"), required=False)
    note = forms.CharField(label=_("note"), required=False)


class PositionForm(_Step):
    """One party's position."""

    party = forms.ChoiceField(choices=Party.choices, label=_("party"))
    level = forms.ModelChoiceField(queryset=AccidentLevel.objects.none(), label=_("level"))
    opinion = forms.CharField(label=_("opinion"), widget=forms.Textarea)


class FinalForm(_Step):
    """The final level with the written conclusion."""

    level = forms.ModelChoiceField(queryset=AccidentLevel.objects.none(), label=_("level"))
    conclusion = forms.CharField(label=_("conclusion"), widget=forms.Textarea)


class ChangeLevelForm(_Step):
    """A level change after grading."""

    level = forms.ModelChoiceField(queryset=AccidentLevel.objects.none(), label=_("level"))
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea)


class EvidenceForm(_Step):
    """An uploaded item of evidence."""

    kind = forms.ChoiceField(choices=EvidenceKind.choices, label=_("kind"))
    file = forms.FileField(label=_("file"))
