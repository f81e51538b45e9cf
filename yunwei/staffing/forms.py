"""Forms of the staffing app (model forms limit contract and related choices to the user's)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yunwei.core.forms import IsoDatesMixin, ScopedModelForm, offer_contracts
from yunwei.core.scoping import contracts_for, restrict

from .choices import LeaveKind
from .models import (
    AttendanceRecord,
    LeaveRule,
    Person,
    Post,
    Qualification,
    RosterShift,
    ShiftPattern,
    SpecialPeriod,
    StaffingTerms,
)


class _Related(ScopedModelForm):
    """Related choices (posts, patterns, people, calendars) limited to visible contracts."""

    related: tuple[str, ...] = ()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        for name in self.related:
            if name in self.fields:
                qs = self.fields[name].queryset
                self.fields[name].queryset = restrict(qs, user, "view")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        contract = data.get("contract")
        for name in self.related:
            value = data.get(name)
            values = list(value) if hasattr(value, "__iter__") else [value]
            for v in values:
                if v is not None and contract is not None and v.contract_id != contract.pk:
                    self.add_error(name, _("Choose one of this contract's."))
        return data


class StaffingTermsForm(ScopedModelForm):
    """The contract's notice rules."""

    class Meta:
        model = StaffingTerms
        fields = ["contract", "replacement_notice_days", "emergency_replacement_hours",
                  "leave_notice_hours", "emergency_leave_hours", "swap_approver",
                  "compensatory_window_days"]


class PostForm(_Related):
    """A post with its calendar and required qualifications."""

    related = ("calendar",)

    class Meta:
        model = Post
        fields = ["contract", "name", "calendar", "qualifications"]


class LeaveRuleForm(_Related):
    """A contract's rule for one kind of leave."""

    class Meta:
        model = LeaveRule
        fields = ["contract", "kind", "notice_hours", "emergency_hours", "days_per_year",
                  "evidence", "evidence_days"]


class ShiftPatternForm(_Related):
    """A shift of a post."""

    related = ("post",)

    class Meta:
        model = ShiftPattern
        fields = ["contract", "post", "name", "start", "end", "days", "headcount"]


class SpecialPeriodForm(_Related):
    """Special-period duty."""

    related = ("pattern",)

    class Meta:
        model = SpecialPeriod
        fields = ["contract", "name", "pattern", "first_day", "last_day", "extra_headcount",
                  "every_day"]


class PersonForm(_Related):
    """A staff member (the vendor PM)."""

    related = ("posts",)

    class Meta:
        model = Person
        fields = ["contract", "name", "posts", "user", "employee_no", "id_number", "phone",
                  "entry_note", "active"]
        labels = {"name": _("full name")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from yunwei.core.filtersets import visible_users
        from yunwei.core.forms import name_users

        self.fields["user"].queryset = visible_users(user)
        name_users(self.fields["user"])
        if self.instance.pk is None:
            del self.fields["active"]  # a new person is on the contract
        else:
            self.fields["contract"].disabled = True  # a person stays on their contract


class QualificationForm(forms.ModelForm):
    """A qualification with its evidence file."""

    class Meta:
        model = Qualification
        fields = ["name", "years", "valid_until", "evidence"]


class AttendanceRecordForm(_Related):
    """A day's attendance entered by hand where nothing was derived (do_enter_attendance)."""

    related = ("person",)
    reason = forms.CharField(label=_("reason for the correction"),
                             widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = AttendanceRecord
        fields = ["contract", "person", "day", "kind", "minutes"]


class AttendanceCorrectionForm(forms.ModelForm):
    """A hand correction of a day's record (do_correct_attendance): kind, minutes, reason;
    `seen` carries the number of corrections the page showed (a correction made meanwhile
    refuses this one)."""

    reason = forms.CharField(label=_("reason for the correction"),
                             widget=forms.Textarea(attrs={"rows": 3}))
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = AttendanceRecord
        fields = ["kind", "minutes"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = self.instance.corrections


class LeaveForm(IsoDatesMixin, forms.Form):
    """Ask for leave."""

    person = forms.ModelChoiceField(Person.objects.none(), label=_("staff member"))
    kind = forms.ChoiceField(label=_("kind of leave"), choices=LeaveKind.choices,
                             initial=LeaveKind.PERSONAL)
    starts = forms.DateTimeField(label=_("from"))
    ends = forms.DateTimeField(label=_("until"))
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    emergency = forms.BooleanField(label=_("emergency"), required=False)
    evidence = forms.FileField(label=_("evidence"), required=False,
                               help_text=_("A medical certificate for sick leave (or as the "
                                           "contract asks); it can also be added afterwards."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from yunwei.core.scoping import roles_on

        people = restrict(Person.objects.filter(active=True), user, "view")
        if not user.is_superuser:
            contracts = contracts_for(user, Person, "view")
            pm = [c for c in contracts.values_list("pk", flat=True)
                  if "vendor_pm" in roles_on(user, c)]
            from django.db.models import Q

            people = people.filter(Q(user=user) | Q(contract_id__in=pm))
        self.fields["person"].queryset = people


class ReplacementForm(IsoDatesMixin, forms.Form):
    """Replace a person on the contract."""

    leaving = forms.ModelChoiceField(Person.objects.none(), label=_("leaving"))
    joining = forms.ModelChoiceField(Person.objects.none(), label=_("joining"))
    effective_on = forms.DateField(label=_("effective on"))
    emergency = forms.BooleanField(label=_("emergency"), required=False)
    reason = forms.CharField(label=_("reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import ReplacementRequest

        people = Person.objects.filter(
            contract__in=contracts_for(user, ReplacementRequest, "add"))
        self.fields["leaving"].queryset = people
        self.fields["joining"].queryset = people


class DecisionForm(forms.Form):
    """Approve or refuse (entry check, leave)."""

    approve = forms.TypedChoiceField(label=_("decision"), coerce=lambda v: v == "1",
                                     choices=[("1", _("Approve")), ("0", _("Refuse"))])
    note = forms.CharField(label=_("note"), required=False)


class MonthForm(forms.Form):
    """A contract and a month."""

    contract = forms.ModelChoiceField(queryset=None, label=_("contract"))
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", label=_("month"),
                             help_text=_("e.g. 2026-12"))

    def __init__(self, *args: Any, user: Any, model: Any, action: str = "view",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_contracts(self, contracts_for(user, model, action))

    def year_month(self) -> tuple[int, int]:
        """The month as (year, month)."""
        year, month = self.cleaned_data["month"].split("-")
        return int(year), int(month)

    def clean_month(self) -> str:
        value = self.cleaned_data["month"]
        if not 1 <= int(value[5:]) <= 12:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."))
        return value


class UnpublishForm(MonthForm):
    """A contract, a month and the reason for withdrawing its published roster."""

    reason = forms.CharField(label=_("reason for withdrawing"),
                             widget=forms.Textarea(attrs={"rows": 2}))


class ShiftAddForm(forms.Form):
    """Put a person on a shift."""

    person = forms.ModelChoiceField(Person.objects.none(), label=_("staff member"))
    pattern = forms.ModelChoiceField(ShiftPattern.objects.none(), label=_("shift pattern"))
    day = forms.DateField(label=_("day"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import RosterShift

        contracts = contracts_for(user, RosterShift, "add")
        self.fields["person"].queryset = Person.objects.filter(contract__in=contracts,
                                                               active=True)
        self.fields["pattern"].queryset = ShiftPattern.objects.filter(
            contract__in=contracts).select_related("post")


class ImportForm(forms.Form):
    """An attendance file to preview, then import."""

    contract = forms.ModelChoiceField(queryset=None, label=_("contract"))
    file = forms.FileField(label=_("file"), required=False,
                           help_text=_("DingTalk or WeCom export (.xlsx) or CSV (UTF-8 or GBK)"))
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    name_column = forms.CharField(label=_("name column"), required=False)
    time_column = forms.CharField(label=_("punch time column"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import ImportBatch

        offer_contracts(self, contracts_for(user, ImportBatch, "add"))

    def mapping(self) -> dict[str, str]:
        """The user's column names, if given."""
        out = {}
        if self.cleaned_data.get("name_column"):
            out["name"] = self.cleaned_data["name_column"]
        if self.cleaned_data.get("time_column"):
            out["datetime"] = self.cleaned_data["time_column"]
        return out


class SwapForm(forms.Form):
    """An engineer asks to swap one of their future shifts with a colleague (or give it)."""

    shift = forms.ModelChoiceField(RosterShift.objects.none(), label=_("my shift"))
    colleague = forms.ModelChoiceField(Person.objects.none(), label=_("colleague"))
    colleague_shift = forms.ModelChoiceField(
        RosterShift.objects.none(), label=_("colleague's shift"), required=False,
        help_text=_("Leave empty to give the shift to the colleague."))
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        now = timezone.now()
        mine = restrict(RosterShift.objects.filter(person__user=user, starts__gt=now),
                        user, "view").select_related("pattern__post", "person")
        contracts = mine.values("contract_id")
        self.fields["shift"].queryset = mine
        self.fields["colleague"].queryset = Person.objects.filter(
            contract__in=contracts, active=True, entry_status="approved").exclude(user=user)
        self.fields["colleague_shift"].queryset = RosterShift.objects.filter(
            contract__in=contracts, starts__gt=now).exclude(person__user=user).select_related(
                "pattern__post", "person")


class LeaveEvidenceForm(forms.Form):
    """Add the evidence of a leave (a medical certificate)."""

    evidence = forms.FileField(label=_("evidence"))
