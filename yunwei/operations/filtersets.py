"""FilterSets of the operations app (shared by the UI lists and the API)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yunwei.core.filtersets import ScopedFilterSet

from .models import (
    Accident,
    AccidentLevel,
    Change,
    OperationsPolicy,
    OperationsRecord,
    OperationsTerm,
    Vulnerability,
    VulnerabilityDeadline,
)


class _Search(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ("title",)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        cond = Q()
        for field in self.search_fields:
            cond |= Q(**{f"{field}__icontains": value})
        return queryset.filter(cond)


class AccidentFilterSet(_Search):
    """Accidents by contract, stage, repeat flag and text."""

    search_fields = ("title", "cause", "description")

    class Meta:
        model = Accident
        fields = ["contract", "stage", "is_repeat"]


class OperationsRecordFilterSet(_Search):
    """Operations records by contract, kind and text."""

    class Meta:
        model = OperationsRecord
        fields = ["contract", "kind", "result"]


class ChangeFilterSet(_Search):
    """Changes by contract, state and risk."""

    class Meta:
        model = Change
        fields = ["contract", "state", "risk"]


class VulnerabilityFilterSet(_Search):
    """Vulnerabilities by contract and severity."""

    class Meta:
        model = Vulnerability
        fields = ["contract", "severity"]


class AccidentLevelFilterSet(ScopedFilterSet):
    """Accident levels by contract."""

    class Meta:
        model = AccidentLevel
        fields = ["contract"]


class OperationsTermFilterSet(ScopedFilterSet):
    """Counting terms by contract and kind."""

    class Meta:
        model = OperationsTerm
        fields = ["contract", "kind"]


class VulnerabilityDeadlineFilterSet(ScopedFilterSet):
    """Vulnerability deadlines by contract."""

    class Meta:
        model = VulnerabilityDeadline
        fields = ["contract", "severity"]


class OperationsPolicyFilterSet(ScopedFilterSet):
    """Operations policies by contract."""

    class Meta:
        model = OperationsPolicy
        fields = ["contract"]
