"""Admin pages for organizations (system administrators)."""

from django.contrib import admin

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Organizations in the admin site."""

    list_display = ("name", "kind", "credit_code", "contact_name")
    list_filter = ("kind",)
    search_fields = ("name", "credit_code")
