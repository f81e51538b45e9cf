"""FilterSets of the organizations app (shared by the UI list and the API)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yunwei.core.filtersets import ScopedFilterSet

from .choices import OrganizationKind
from .models import Organization


class OrganizationFilterSet(ScopedFilterSet):
    """Filter organizations by kind and free text."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices, label=_("kind"))

    class Meta:
        model = Organization
        fields = ["kind"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name__icontains=value) | Q(credit_code__icontains=value)
            | Q(contact_name__icontains=value)
        )
