"""Forms for desk settings and mailboxes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yunwei.calendars.models import SlaPolicy
from yunwei.core.forms import ScopedModelForm
from yunwei.core.scoping import restrict

from ..models import DeskSettings, Mailbox


class DeskSettingsForm(ScopedModelForm):
    """A contract's desk settings."""

    class Meta:
        model = DeskSettings
        fields = ["contract", "sla_policy", "default_level", "phone_first",
                  "phone_first_minutes", "allow_phone_confirmation", "satisfaction_target"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sla_policy"].queryset = restrict(SlaPolicy.objects.all(), self.user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        policy, contract = data.get("sla_policy"), data.get("contract")
        if policy and contract and policy.contract_id != contract.pk:
            self.add_error("sla_policy", forms.ValidationError(
                "该服务水平属于其他合同 / the policy belongs to another contract"))
        return data


class MailboxForm(ScopedModelForm):
    """The contract's O&M mailbox (the password is never shown again)."""

    password = forms.CharField(label=_("password"), required=False,
                               widget=forms.PasswordInput(render_value=False))

    class Meta:
        model = Mailbox
        fields = ["contract", "name", "host", "port", "use_ssl", "username", "password",
                  "folder", "enabled"]

    def clean_password(self) -> str:
        value = self.cleaned_data.get("password") or ""
        if not value and self.instance.pk:
            return self.instance.password  # keep the stored one
        if not value:
            raise forms.ValidationError(_("The password is required."))
        return value
