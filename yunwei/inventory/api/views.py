"""API views of the inventory app."""

from rest_framework import viewsets

from yunwei.core.api.views import ActorMixin, ScopedModelViewSet
from yunwei.core.scoping import restrict

from ..filtersets import ConfigItemFilterSet, InspectionRoundFilterSet, OutageFilterSet
from ..models import ConfigItem, InspectionRound, Outage
from .serializers import ConfigItemSerializer, InspectionRoundSerializer, OutageSerializer


class ConfigItemViewSet(ScopedModelViewSet):
    """Configuration items of the user's contracts."""

    scope_model = ConfigItem
    queryset = ConfigItem.objects.order_by("contract", "code", "id")
    serializer_class = ConfigItemSerializer
    filterset_class = ConfigItemFilterSet


class OutageViewSet(ScopedModelViewSet):
    """Outages of the user's contracts."""

    scope_model = Outage
    queryset = Outage.objects.order_by("-start", "id")
    serializer_class = OutageSerializer
    filterset_class = OutageFilterSet


class InspectionRoundViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Inspection rounds of the user's contracts (read-only)."""

    scope_model = InspectionRound
    scope_action = "view"
    access = "scoped"
    queryset = InspectionRound.objects.order_by("-period_start", "id")
    serializer_class = InspectionRoundSerializer
    filterset_class = InspectionRoundFilterSet

    def get_queryset(self):
        return restrict(super().get_queryset(), self.request.user, "view")
