"""Tables of the inventory app."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import (
    ConfigItem,
    InspectionPlan,
    InspectionRound,
    InspectionTemplate,
    ItemType,
    Outage,
)


class ConfigItemTable(tables.Table):
    """The configuration items."""

    code = tables.Column(linkify=True)
    contract = tables.Column(order_by=("contract__number",))

    class Meta:
        model = ConfigItem
        fields = ("code", "name", "item_type", "owner", "criticality", "status", "lifecycle",
                  "contract")


class ItemTypeTable(tables.Table):
    """Item types."""

    name = tables.Column(linkify=True)

    class Meta:
        model = ItemType
        fields = ("code", "name", "key_field", "has_lifecycle", "contract")


class InspectionTemplateTable(tables.Table):
    """Inspection templates."""

    name = tables.Column(linkify=True)

    class Meta:
        model = InspectionTemplate
        fields = ("name", "item_type", "contract")


class InspectionPlanTable(tables.Table):
    """Inspection plans."""

    name = tables.Column(linkify=True)
    assignee = tables.Column(order_by=("assignee__first_name", "assignee__username"))

    class Meta:
        model = InspectionPlan
        fields = ("name", "template", "frequency", "window_workdays", "assignee", "active",
                  "contract")

    def render_assignee(self, value: object) -> str:
        """The engineer by name, not by login."""
        return getattr(value, "get_full_name", lambda: "")() or str(value)


class InspectionRoundTable(tables.Table):
    """Inspection rounds."""

    plan = tables.Column(linkify=lambda record: record.get_absolute_url())
    period_start = tables.Column(verbose_name=_("period start"))

    class Meta:
        model = InspectionRound
        fields = ("plan", "period_start", "due", "items_due", "state", "completed_at",
                  "contract")


class OutageTable(tables.Table):
    """Outages."""

    item = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Outage
        fields = ("item", "start", "end", "cause", "source", "contract")
