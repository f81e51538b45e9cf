"""App configuration for work orders."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkOrdersConfig(AppConfig):
    """Registers menus and the worker jobs (mail intake, SLA watch, phone-first)."""

    name = "yunwei.workorders"
    label = "workorders"
    verbose_name = _("Work orders")

    def ready(self) -> None:
        from yunwei.calendars.actions import OWN_WATCHERS, register_copies
        from yunwei.core import jobs
        from yunwei.core.navigation import MenuItem, register

        from . import actions, measures
        from .intake.mail import poll_all

        measures.register()  # the assessment's work_order measure

        OWN_WATCHERS.add("workorders.workorder")  # watch_sla announces these
        register_copies("workorders.workorder", actions.rewrite_copies,  # deadline copies
                        lock=actions.lock_orders)
        from yunwei.contracts import terms

        from .models import DeskSettings

        terms.watch(DeskSettings, lambda obj: obj.contract_id)  # read by every intake

        register(MenuItem(_("Work orders"), "workorders:workorder_list",
                          model="workorders.WorkOrder"))
        jobs.periodic("workorders.mail", poll_all, every_seconds=60)
        jobs.periodic("workorders.sla", actions.watch_sla, every_seconds=60)
        jobs.periodic("workorders.phone_first", actions.issue_due_phone_notices,
                        every_seconds=60)
