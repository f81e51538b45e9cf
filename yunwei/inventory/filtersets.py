"""FilterSets of the inventory app (shared by the UI lists and the API)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yunwei.core.filtersets import ScopedFilterSet

from .choices import Criticality, Frequency, ItemStatus, RoundState
from .models import (
    AvailabilityTarget,
    ConfigItem,
    InspectionPlan,
    InspectionRound,
    InspectionTemplate,
    ItemType,
    MaintenanceWindow,
    Outage,
    TemplateCheck,
    WorkOrderItem,
)


class ConfigItemFilterSet(ScopedFilterSet):
    """Items by contract, type, status, criticality and free text."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=ItemStatus.choices, label=_("status"))
    criticality = django_filters.ChoiceFilter(choices=Criticality.choices,
                                              label=_("criticality"))

    class Meta:
        model = ConfigItem
        fields = ["contract", "item_type", "status", "criticality"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)
                               | Q(owner__icontains=value) | Q(attrs__icontains=value))


class ItemTypeFilterSet(ScopedFilterSet):
    """Types by contract."""

    class Meta:
        model = ItemType
        fields = ["contract"]


class InspectionTemplateFilterSet(ScopedFilterSet):
    """Templates by contract."""

    class Meta:
        model = InspectionTemplate
        fields = ["contract"]


class InspectionPlanFilterSet(ScopedFilterSet):
    """Plans by contract and frequency."""

    frequency = django_filters.ChoiceFilter(choices=Frequency.choices, label=_("frequency"))

    class Meta:
        model = InspectionPlan
        fields = ["contract", "frequency", "active"]


class InspectionRoundFilterSet(ScopedFilterSet):
    """Rounds by contract, plan, state and due date."""

    state = django_filters.ChoiceFilter(choices=RoundState.choices, label=_("state"))
    due_after = django_filters.DateFilter(field_name="due", lookup_expr="gte",
                                          label=_("due from"))
    due_before = django_filters.DateFilter(field_name="due", lookup_expr="lte",
                                           label=_("due until"))

    class Meta:
        model = InspectionRound
        fields = ["contract", "plan", "state"]


class OutageFilterSet(ScopedFilterSet):
    """Outages by contract and item."""

    class Meta:
        model = Outage
        fields = ["contract", "item"]


class TemplateCheckFilterSet(ScopedFilterSet):
    """Checks by contract and template."""

    class Meta:
        model = TemplateCheck
        fields = ["contract", "template"]


class MaintenanceWindowFilterSet(ScopedFilterSet):
    """Maintenance windows by contract."""

    class Meta:
        model = MaintenanceWindow
        fields = ["contract"]


class AvailabilityTargetFilterSet(ScopedFilterSet):
    """Availability targets by contract and item."""

    class Meta:
        model = AvailabilityTarget
        fields = ["contract", "item"]


class WorkOrderItemFilterSet(ScopedFilterSet):
    """Work order links by contract, work order and item."""

    class Meta:
        model = WorkOrderItem
        fields = ["contract", "work_order", "item"]
