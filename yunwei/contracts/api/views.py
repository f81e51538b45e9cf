"""API views of the contracts app."""

from yunwei.core.api.views import ScopedModelViewSet

from ..filtersets import ContractFilterSet, MembershipFilterSet
from ..models import Contract, Membership
from .serializers import ContractSerializer, MembershipSerializer


class ContractViewSet(ScopedModelViewSet):
    """Contracts the user is a member of."""

    scope_model = Contract
    queryset = Contract.objects.order_by("-service_start", "number")
    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet


class MembershipViewSet(ScopedModelViewSet):
    """Roles on the user's contracts."""

    scope_model = Membership
    queryset = Membership.objects.select_related("user").order_by("contract", "role", "id")
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
