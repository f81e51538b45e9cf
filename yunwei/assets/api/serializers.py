"""API serializers of the assets app."""

from yunwei.core.api.serializers import ScopedModelSerializer

from ..models import Equipment


class EquipmentSerializer(ScopedModelSerializer):
    """A ledger line."""

    class Meta:
        model = Equipment
        fields = ["id", "contract", "category", "name", "brand", "model_number", "serial_number",
                  "quantity", "location", "status", "notes", "created", "updated"]
        read_only_fields = ["created", "updated"]
