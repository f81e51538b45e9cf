"""Admin pages of the inventory (system administrators)."""

from django.contrib import admin

from . import models

for _model in (models.ItemType, models.ConfigItem, models.ItemRelation, models.WorkOrderItem,
               models.InspectionTemplate, models.TemplateCheck, models.InspectionPlan,
               models.InspectionRound, models.RoundResult, models.Outage,
               models.MaintenanceWindow, models.AvailabilityTarget):
    admin.site.register(_model)
