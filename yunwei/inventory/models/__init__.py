"""Models of the inventory app."""

from .inspection import (
    InspectionPlan,
    InspectionRound,
    InspectionTemplate,
    RoundResult,
    TemplateCheck,
)
from .item import ConfigItem, ItemRelation, WorkOrderItem
from .itemtype import ItemType
from .outage import AvailabilityTarget, MaintenanceWindow, Outage

__all__ = ["AvailabilityTarget", "ConfigItem", "InspectionPlan", "InspectionRound",
           "InspectionTemplate", "ItemRelation", "ItemType", "MaintenanceWindow", "Outage",
           "RoundResult", "TemplateCheck", "WorkOrderItem"]
