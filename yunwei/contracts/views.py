"""Views of the contracts app."""

from typing import Any

from django.db.models import QuerySet

from yunwei.core.navigation import contract_links_for
from yunwei.core.panels import panels_for
from yunwei.core.scoping import can_on_contract, restrict
from yunwei.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .filtersets import ContractFilterSet, MembershipFilterSet
from .forms import ContractForm, MembershipForm
from .models import Contract, Membership
from .tables import ContractTable, MembershipTable


class ContractListView(ObjectListView):
    """Contracts the user is a member of (all, for system administrators)."""

    scope_model = Contract
    table_class = ContractTable
    filterset_class = ContractFilterSet

    def base_queryset(self) -> QuerySet:
        return Contract.objects.select_related("agency", "vendor")


class ContractDetailView(ObjectDetailView):
    """One contract: parties, period, money, team and the records under it."""

    scope_model = Contract
    template_name = "contracts/contract_detail.html"

    def base_queryset(self) -> QuerySet:
        return Contract.objects.select_related("agency", "vendor", "supervisor")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        from yunwei.assessment.models import Scheme

        user = self.request.user
        members = restrict(Membership.objects.filter(contract=obj), user, "view")
        return {
            "members": members.select_related("user").order_by("role", "user__username"),
            "can_add_member": can_on_contract(user, Membership, "add", obj.pk),
            "scheme": restrict(Scheme.objects.filter(contract=obj), user).first(),
            "panels": panels_for(self.request, obj),
            "record_links": contract_links_for(user, obj),
        }


class ContractEditView(ObjectEditView):
    """Create (system administrators) or edit (agency administrators) a contract."""

    scope_model = Contract
    form_class = ContractForm


class ContractDeleteView(ObjectDeleteView):
    """Delete a contract (system administrators only)."""

    scope_model = Contract
    success_url_name = "contracts:contract_list"


class MembershipListView(ObjectListView):
    """People on the contracts the user may see."""

    scope_model = Membership
    table_class = MembershipTable
    filterset_class = MembershipFilterSet

    def base_queryset(self) -> QuerySet:
        return Membership.objects.select_related("user", "contract")


class MembershipDetailView(ObjectDetailView):
    """One membership."""

    scope_model = Membership
    template_name = "contracts/membership_detail.html"

    def base_queryset(self) -> QuerySet:
        return Membership.objects.select_related("user", "contract")


class MembershipEditView(ObjectEditView):
    """Give a person a role on a contract, or change it."""

    scope_model = Membership
    form_class = MembershipForm

    def get_form(self, request: Any, obj: Any, data: Any = None) -> MembershipForm:
        form = super().get_form(request, obj, data)
        if obj.pk is None and request.GET.get("contract"):
            form.fields["contract"].initial = request.GET.get("contract")
        return form


class MembershipDeleteView(ObjectDeleteView):
    """Take a role away."""

    scope_model = Membership
    success_url_name = "contracts:membership_list"
