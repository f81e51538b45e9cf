"""The equipment edit form."""

from yunwei.core.forms import ScopedModelForm

from ..models import Equipment


class EquipmentForm(ScopedModelForm):
    """Create or edit a ledger line."""

    class Meta:
        model = Equipment
        fields = ["contract", "category", "name", "brand", "model_number", "serial_number",
                  "quantity", "location", "status", "notes"]
