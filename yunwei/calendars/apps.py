"""App configuration for calendars."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    """Registers the menu entries of calendars and SLA policies."""

    name = "yunwei.calendars"
    label = "calendars"
    verbose_name = _("Calendars and SLA")

    def ready(self) -> None:
        from yunwei.core import worker
        from yunwei.core.navigation import MenuItem, register

        from .actions import check_due_clocks

        worker.register("calendars.due_clocks", check_due_clocks, every_seconds=60)

        register(MenuItem(_("SLA policies"), "calendars:slapolicy_list",
                          model="calendars.SlaPolicy"))
        register(MenuItem(_("Holidays"), "calendars:holidayyear_list",
                          model="calendars.HolidayYear"))
