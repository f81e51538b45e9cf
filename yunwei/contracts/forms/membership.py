"""The membership form: a user name and a role on a contract."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yunwei.core.forms import ScopedModelForm

from ..models import Membership
from ..people import active_user


class MembershipForm(ScopedModelForm):
    """Give an existing user a role on a contract (the user is named, not picked from a list,
    so that one agency's administrator does not see every account on the platform)."""

    username = forms.CharField(label=_("user name"), max_length=150)

    class Meta:
        model = Membership
        fields = ["contract", "role", "title", "phone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["username"].initial = self.instance.user.username
        self.order_fields(["contract", "username", "role", "title", "phone"])

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        user = active_user(username)
        if user is None:
            raise forms.ValidationError(_("No active user with this user name."))
        self.instance.user = user
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        contract = data.get("contract")
        role = data.get("role")
        user = getattr(self.instance, "user", None) if self.instance.user_id else None
        if contract and role and user:
            clash = Membership.objects.filter(contract=contract, user=user, role=role)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(_("This user already holds this role on the contract."))
        return data
