"""App configuration for calendars."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    """Registers the menu entries of calendars and SLA policies."""

    name = "yunwei.calendars"
    label = "calendars"
    verbose_name = _("Calendars and SLA")

    def ready(self) -> None:
        from yunwei.core import jobs
        from yunwei.core.navigation import MenuItem, register

        from .actions import check_due_clocks

        jobs.periodic("calendars.due_clocks", check_due_clocks, every_seconds=60)
        from . import notify

        notify.register_messages()  # holiday submissions told through core.notices

        from django.db.models.signals import post_delete, post_save

        from . import provider
        from .models import HolidayDay, HolidayYear

        for model in (HolidayDay, HolidayYear):
            for signal in (post_save, post_delete):
                signal.connect(lambda **kw: provider.invalidate(), sender=model, weak=False,
                               dispatch_uid=f"holiday-invalidate-{model.__name__}-{signal}")

        from yunwei.contracts import terms

        from .models import PauseReason, SlaPolicy, SlaTarget, WorkingCalendar

        # SLA terms are cached per process under the contract's terms stamp: renew it on change.
        terms.watch(SlaPolicy, lambda obj: obj.contract_id)
        terms.watch(SlaTarget, lambda obj: obj.policy.contract_id)
        terms.watch(PauseReason, lambda obj: obj.policy.contract_id)
        terms.watch(WorkingCalendar, lambda obj: obj.contract_id)

        register(MenuItem(_("SLA policies"), "calendars:slapolicy_list",
                          model="calendars.SlaPolicy"))
        register(MenuItem(_("Holidays"), "calendars:holidayyear_list",
                          model="calendars.HolidayYear"))
