"""Admin pages of the staffing app (system administrators)."""

from django.contrib import admin

from . import models

for model in (models.Post, models.ShiftPattern, models.SpecialPeriod, models.StaffingTerms,
              models.Person, models.Qualification, models.LeaveRequest,
              models.ReplacementRequest, models.RosterShift, models.ImportBatch,
              models.AttendanceRecord):
    admin.site.register(model)
