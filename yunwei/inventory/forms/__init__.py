"""Forms of the inventory app."""

from .forms import (
    AvailabilityTargetForm,
    ConfigItemForm,
    ImportForm,
    InspectionPlanForm,
    InspectionTemplateForm,
    ItemTypeForm,
    MaintenanceWindowForm,
    OutageForm,
    TemplateCheckForm,
)

__all__ = ["AvailabilityTargetForm", "ConfigItemForm", "ImportForm", "InspectionPlanForm",
           "InspectionTemplateForm", "ItemTypeForm", "MaintenanceWindowForm", "OutageForm",
           "TemplateCheckForm"]
