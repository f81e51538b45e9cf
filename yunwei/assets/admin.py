"""Admin pages for the equipment ledger (system administrators)."""

from django.contrib import admin

from .models import Equipment


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    """Equipment in the admin site."""

    list_display = ("name", "brand", "model_number", "quantity", "contract", "status")
    list_filter = ("status", "category")
    search_fields = ("name", "brand", "model_number", "serial_number")
