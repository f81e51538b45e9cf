"""API views of the organizations app."""

from yunwei.core.api.views import ScopedModelViewSet

from ..filtersets import OrganizationFilterSet
from ..models import Organization
from .serializers import OrganizationSerializer


class OrganizationViewSet(ScopedModelViewSet):
    """Organizations that are party to the user's contracts."""

    scope_model = Organization
    queryset = Organization.objects.order_by("name")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
