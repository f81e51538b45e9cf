"""The organization edit form."""

from yunwei.core.forms import ScopedModelForm

from ..models import Organization


class OrganizationForm(ScopedModelForm):
    """Create or edit an organization."""

    class Meta:
        model = Organization
        fields = [
            "kind", "name", "credit_code", "address", "postcode", "legal_representative",
            "contact_name", "contact_phone", "contact_email", "bank_account_name", "bank_name",
            "bank_account_number",
        ]
