"""Intake forms: the desk logs a call, a requester reports a problem, phone-first notices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yunwei.assets.models import Equipment
from yunwei.contracts.people import member
from yunwei.core.forms import IsoDatesMixin, MultipleFileField, offer_contracts
from yunwei.core.roles import Role
from yunwei.core.scoping import contracts_for, restrict

from ..choices import Channel
from ..models import PhoneNotice, WorkOrder

DESK_CHANNELS = [(c, label) for c, label in Channel.choices
                 if c in ("phone", "qq", "walk_in", "email")]


class _ContractForm(IsoDatesMixin, forms.Form):
    contract = forms.ModelChoiceField(queryset=None, label=_("contract"))

    def __init__(self, *args: Any, user: Any, model: Any = WorkOrder, contracts: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        offer_contracts(self, contracts if contracts is not None
                        else contracts_for(user, model, "add"))


class DeskIntakeForm(_ContractForm):
    """The desk logs a call, a QQ message or a walk-in."""

    channel = forms.ChoiceField(choices=DESK_CHANNELS, label=_("channel"))
    requester_username = forms.CharField(
        label=_("requester (user name)"), required=False, max_length=150,
        help_text=_("A requester with an account signs off in the app; leave empty otherwise."))
    requester_name = forms.CharField(
        label=_("requester name"), max_length=100, required=False,
        help_text=_("Required when no user name is given."))
    requester_contact = forms.CharField(label=_("contact"), max_length=100, required=False)
    location = forms.CharField(label=_("location"), max_length=200, required=False)
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), widget=forms.Textarea, required=False)
    category = forms.CharField(label=_("category"), max_length=100, required=False)
    equipment = forms.ModelChoiceField(queryset=Equipment.objects.none(), required=False,
                                       label=_("equipment"))
    affected_equipment = forms.CharField(label=_("affected equipment"), max_length=200,
                                         required=False)
    level_code = forms.ChoiceField(label=_("level"), required=False)
    reported_at = forms.DateTimeField(
        label=_("reported at"), required=False, widget=forms.DateTimeInput,
        help_text=_("For a call taken earlier; empty means now."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["equipment"].queryset = restrict(Equipment.objects.all(), self.user)
        self.fields["level_code"].choices = level_choices(self.fields["contract"].queryset)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        contract = data.get("contract")
        username = (data.get("requester_username") or "").strip()
        data["requester"] = None
        if username and contract:
            data["requester"] = member(contract, username, [Role.REQUESTER])
            if data["requester"] is None:
                self.add_error("requester_username",
                               _("No requester with this user name on the contract."))
        if not username and not data.get("requester_name"):
            self.add_error("requester_name", _("Give the requester's name or user name."))
        equipment = data.get("equipment")
        if equipment is not None and contract is not None and equipment.contract_id != contract.pk:
            self.add_error("equipment", _("The equipment belongs to another contract."))
        return data


def level_choices(contracts: Any) -> list[tuple[str, str]]:
    """The levels of the contracts' SLA policies, by name (the contract's default first when
    there is one contract); the action checks the level against the chosen contract."""
    from ..actions import intake_terms

    names: dict[str, list[str]] = {}
    default = ""
    for contract in contracts:
        terms = intake_terms(contract)
        default = default or terms.default_level
        for code, name in terms.level_names.items():
            if name and name not in names.setdefault(code, []):
                names[code].append(name)
    choices = [(code, " / ".join(labels) or code) for code, labels in names.items()]
    choices.sort(key=lambda c: c[0] != default)
    return [("", _("the contract's default level")), *choices]


class SelfServiceForm(_ContractForm):
    """A requester reports a problem."""

    title = forms.CharField(label=_("what is wrong"), max_length=200)
    description = forms.CharField(label=_("details"), widget=forms.Textarea, required=False)
    location = forms.CharField(label=_("location"), max_length=200, required=False)
    requester_contact = forms.CharField(label=_("contact phone"), max_length=100,
                                        required=False)
    photos = MultipleFileField(label=_("photos (camera)"), required=False, capture=True)


class PhoneNoticeForm(_ContractForm):
    """The desk records that it phoned an engineer about a problem."""

    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), widget=forms.Textarea, required=False)
    requester_name = forms.CharField(label=_("requester name"), max_length=100)
    requester_contact = forms.CharField(label=_("contact"), max_length=100, required=False)
    location = forms.CharField(label=_("location"), max_length=200, required=False)
    level_code = forms.ChoiceField(label=_("level"), required=False)
    engineer_username = forms.CharField(label=_("engineer phoned (user name)"), max_length=150)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, model=PhoneNotice, **kwargs)
        self.fields["level_code"].choices = level_choices(self.fields["contract"].queryset)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        contract = data.get("contract")
        username = data.get("engineer_username") or ""
        data["engineer"] = member(contract, username, [Role.VENDOR_ENGINEER, Role.VENDOR_PM]) \
            if contract else None
        if contract and data["engineer"] is None:
            self.add_error("engineer_username",
                           _("No vendor engineer with this user name on the contract."))
        return data
