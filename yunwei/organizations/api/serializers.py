"""API serializers of the organizations app."""

from yunwei.core.api.serializers import ScopedModelSerializer

from ..models import Organization


class OrganizationSerializer(ScopedModelSerializer):
    """An organization."""

    class Meta:
        model = Organization
        fields = [
            "id", "kind", "name", "credit_code", "address", "postcode", "legal_representative",
            "contact_name", "contact_phone", "contact_email", "bank_account_name", "bank_name",
            "bank_account_number", "created", "updated",
        ]
        read_only_fields = ["created", "updated"]
