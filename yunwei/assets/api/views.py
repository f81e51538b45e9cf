"""API views of the assets app."""

from yunwei.core.api.views import ScopedModelViewSet

from ..filtersets import EquipmentFilterSet
from ..models import Equipment
from .serializers import EquipmentSerializer


class EquipmentViewSet(ScopedModelViewSet):
    """The equipment ledger of the user's contracts."""

    scope_model = Equipment
    queryset = Equipment.objects.order_by("contract", "category", "name", "id")
    serializer_class = EquipmentSerializer
    filterset_class = EquipmentFilterSet
