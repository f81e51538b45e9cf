"""Admin pages of the operations app (system administrators)."""

from django.contrib import admin

from .models import (
    Accident,
    AccidentEvidence,
    AccidentLevel,
    AccidentStep,
    Change,
    OperationsPolicy,
    OperationsRecord,
    OperationsTerm,
    Vulnerability,
    VulnerabilityDeadline,
)


@admin.register(Accident)
class AccidentAdmin(admin.ModelAdmin):
    """Accidents in the admin site."""

    list_display = ("title", "occurred_at", "stage", "final_level", "is_repeat", "contract")
    list_filter = ("stage", "is_repeat")
    search_fields = ("title", "cause")


for _model in (AccidentEvidence, AccidentLevel, AccidentStep, Change, OperationsPolicy,
               OperationsRecord, OperationsTerm, Vulnerability, VulnerabilityDeadline):
    admin.site.register(_model)
