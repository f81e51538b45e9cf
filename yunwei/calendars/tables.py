"""Tables of the calendars app."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import HolidayYear, PauseReason, SlaPolicy, SlaTarget, WorkingCalendar


class WorkingCalendarTable(tables.Table):
    """Working calendars."""

    name = tables.Column(linkify=True)
    contract = tables.Column(order_by=("contract__number",))

    class Meta:
        model = WorkingCalendar
        fields = ("name", "kind", "hours", "contract")


class SlaPolicyTable(tables.Table):
    """SLA policies."""

    name = tables.Column(linkify=True)
    contract = tables.Column(order_by=("contract__number",))

    class Meta:
        model = SlaPolicy
        fields = ("name", "contract", "is_active")


class SlaTargetTable(tables.Table):
    """SLA targets."""

    level_name = tables.Column(linkify=True)
    time_limit = tables.Column(accessor="minutes", verbose_name=_("time limit"))

    class Meta:
        model = SlaTarget
        fields = ("level_name", "level_code", "metric", "time_limit", "calendar", "warn_percent",
                  "policy")

    def render_time_limit(self, value: int) -> str:
        from django.utils.translation import get_language

        from yunwei.core.formatting import duration_minutes

        return duration_minutes(value, "en" if (get_language() or "").startswith("en")
                                else "zh")


class PauseReasonTable(tables.Table):
    """Pause reasons."""

    name = tables.Column(linkify=True)

    class Meta:
        model = PauseReason
        fields = ("code", "name", "needs_approval", "policy")


class HolidayYearTable(tables.Table):
    """Entered holiday years."""

    year = tables.Column(linkify=True)

    class Meta:
        model = HolidayYear
        fields = ("year", "source", "confirmed", "note", "updated")
