"""FilterSets of the assets app (shared by the UI list and the API)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yunwei.core.filtersets import ScopedFilterSet

from .choices import EquipmentStatus
from .models import Equipment


class EquipmentFilterSet(ScopedFilterSet):
    """Filter equipment by contract, status, category and free text."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=EquipmentStatus.choices, label=_("status"))

    class Meta:
        model = Equipment
        fields = ["contract", "status", "category"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name__icontains=value) | Q(brand__icontains=value)
            | Q(model_number__icontains=value) | Q(serial_number__icontains=value)
            | Q(location__icontains=value)
        )
