"""The contract edit form."""

from typing import Any

from django import forms

from yunwei.core.forms import ScopedModelForm
from yunwei.organizations.choices import OrganizationKind
from yunwei.organizations.models import Organization

from ..models import Contract

#: Fields only a system administrator may set: the parties, the money and the period.
ADMIN_ONLY = ("number", "code", "agency", "vendor", "supervisor", "service_start",
              "service_end", "amount")


class ContractForm(ScopedModelForm):
    """Create or edit a contract; agency administrators edit only the non-binding fields."""

    class Meta:
        model = Contract
        fields = [
            "number", "code", "project_name", "agency", "vendor", "supervisor",
            "service_start", "service_end", "amount", "signed_on", "status", "description",
        ]
        widgets = {
            "service_start": forms.DateInput(attrs={"type": "date"}),
            "service_end": forms.DateInput(attrs={"type": "date"}),
            "signed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.user.is_superuser:
            for name in ADMIN_ONLY:
                self.fields.pop(name, None)
            return
        orgs = Organization.objects.all()
        self.fields["agency"].queryset = orgs.filter(kind=OrganizationKind.AGENCY)
        self.fields["vendor"].queryset = orgs.filter(kind=OrganizationKind.VENDOR)
        self.fields["supervisor"].queryset = orgs.filter(kind=OrganizationKind.SUPERVISOR)
