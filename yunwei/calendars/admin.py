"""Admin pages for calendars and SLA policies (system administrators)."""

from django.contrib import admin

from .models import HolidayDay, HolidayYear, PauseReason, SlaPolicy, SlaTarget, WorkingCalendar


class HolidayDayInline(admin.TabularInline):
    """Days edited on the year page."""

    model = HolidayDay
    extra = 0


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    """Entered holiday years."""

    list_display = ("year", "source", "confirmed", "updated")
    inlines = [HolidayDayInline]


@admin.register(WorkingCalendar)
class WorkingCalendarAdmin(admin.ModelAdmin):
    """Working calendars."""

    list_display = ("name", "contract", "kind", "hours")


class SlaTargetInline(admin.TabularInline):
    """Targets edited on the policy page."""

    model = SlaTarget
    extra = 0


class PauseReasonInline(admin.TabularInline):
    """Pause reasons edited on the policy page."""

    model = PauseReason
    extra = 0


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    """SLA policies."""

    list_display = ("name", "contract", "is_active")
    inlines = [SlaTargetInline, PauseReasonInline]
