"""FilterSets of the calendars app (shared by the UI lists and the API)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yunwei.core.filtersets import ScopedFilterSet

from .choices import Metric
from .models import HolidayYear, PauseReason, SlaPolicy, SlaTarget, WorkingCalendar


class _Search(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ("name",)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class WorkingCalendarFilterSet(_Search):
    """Filter calendars by contract and kind."""

    class Meta:
        model = WorkingCalendar
        fields = ["contract", "kind"]


class SlaPolicyFilterSet(_Search):
    """Filter SLA policies by contract."""

    class Meta:
        model = SlaPolicy
        fields = ["contract", "is_active"]


class SlaTargetFilterSet(_Search):
    """Filter SLA targets by policy, level and metric."""

    search_fields = ("level_name", "level_code", "clause")
    metric = django_filters.ChoiceFilter(choices=Metric.choices, label=_("metric"))

    class Meta:
        model = SlaTarget
        fields = ["policy", "level_code", "metric"]


class PauseReasonFilterSet(_Search):
    """Filter pause reasons by policy."""

    class Meta:
        model = PauseReason
        fields = ["policy"]


class HolidayYearFilterSet(ScopedFilterSet):
    """Filter entered years."""

    class Meta:
        model = HolidayYear
        fields = ["year", "confirmed"]
