"""FilterSets of the contracts app (shared by the UI list and the API)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yunwei.core.filtersets import ScopedFilterSet

from .choices import ContractStatus, Role
from .models import Contract, Membership


class ContractFilterSet(ScopedFilterSet):
    """Filter contracts by status, party and free text."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=ContractStatus.choices, label=_("status"))

    class Meta:
        model = Contract
        fields = ["status", "agency", "vendor"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(number__icontains=value) | Q(project_name__icontains=value)
            | Q(agency__name__icontains=value) | Q(vendor__name__icontains=value)
        )


class MembershipFilterSet(ScopedFilterSet):
    """Filter memberships by contract, role and person."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("role"))

    class Meta:
        model = Membership
        fields = ["contract", "role", "user"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(user__username__icontains=value) | Q(user__first_name__icontains=value)
            | Q(user__last_name__icontains=value) | Q(title__icontains=value)
        )
