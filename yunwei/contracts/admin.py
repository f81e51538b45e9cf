"""Admin pages for contracts and memberships (system administrators)."""

from django.contrib import admin

from .models import Contract, Membership


class MembershipInline(admin.TabularInline):
    """Memberships edited on the contract page."""

    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    """Contracts in the admin site."""

    list_display = ("number", "project_name", "agency", "vendor", "status", "amount")
    list_filter = ("status",)
    search_fields = ("number", "project_name")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Memberships in the admin site."""

    list_display = ("user", "contract", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "contract__number")
    autocomplete_fields = ("user",)
