"""Admin pages for work orders (system administrators)."""

from django.contrib import admin

from .models import DeskSettings, Mailbox, MailMessage, PhoneNotice, WorkOrder


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    """Work orders (read mostly: change them through the lifecycle, not here)."""

    list_display = ("number", "title", "state", "contract", "reported_at")
    list_filter = ("state", "channel")
    search_fields = ("number", "title")
    readonly_fields = ("number", "year", "seq", "state", "version")


admin.site.register(DeskSettings)
admin.site.register(PhoneNotice)


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    """Mailboxes."""

    list_display = ("name", "contract", "username", "host", "enabled", "last_polled")
    exclude = ("password",)


@admin.register(MailMessage)
class MailMessageAdmin(admin.ModelAdmin):
    """Incoming messages."""

    list_display = ("subject", "mailbox", "status", "internaldate")
    list_filter = ("status",)
