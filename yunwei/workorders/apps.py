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

        from . import actions, history, measures
        from .intake.mail import poll_all

        measures.register()  # the assessment's work_order measure
        history.register()  # how its events read in the audit trail

        OWN_WATCHERS.add("workorders.workorder")  # watch_sla announces these
        register_copies("workorders.workorder", actions.rewrite_copies,  # deadline copies
                        lock=actions.lock_orders)
        from yunwei.contracts import terms

        from .models import DeskSettings

        terms.watch(DeskSettings, lambda obj: obj.contract_id)  # read by every intake

        register(MenuItem(_("Work orders"), "workorders:workorder_list",
                          model="workorders.WorkOrder"))
        self.register_links()
        jobs.periodic("workorders.mail", poll_all, every_seconds=60)
        jobs.periodic("workorders.sla", actions.watch_sla, every_seconds=60)
        jobs.periodic("workorders.phone_first", actions.issue_due_phone_notices,
                        every_seconds=60)

    def register_links(self) -> None:
        """The notification bell of the header and this app's pages on the contract page."""
        from django.urls import reverse

        from yunwei.core.navigation import (
            ContractLink,
            HeaderLink,
            register_contract_link,
            register_header,
        )
        from yunwei.core.roles import ALL_ROLES, Role

        from .models import DeskSettings, Notification

        def unread(user: object) -> int:
            """The unread work-order notifications and core notices, in one query (plain SQL:
            it runs on every page, and the ORM took longer to plan the union than the database
            took to count)."""
            from django.db import connection

            from yunwei.core.models import Notice

            tables = [model._meta.db_table for model in (Notification, Notice)]
            # Table names from model metadata; the user's id is a parameter.
            sql = " + ".join(f"(SELECT COUNT(*) FROM {table} WHERE user_id = %s "  # noqa: S608
                             "AND read_at IS NULL)" for table in tables)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {sql}", [user.pk] * len(tables))
                return cursor.fetchone()[0]

        def desk(contract: object) -> str | None:
            settings = DeskSettings.objects.filter(contract=contract).first()
            return settings.get_absolute_url() if settings else None

        register_header(HeaderLink(_("Notifications"), "workorders:notification_list", unread))
        for order, (label, model, kwargs) in enumerate([
            (_("Dashboard"), "contracts.Contract", {
                "url": lambda c: reverse("workorders:dashboard", args=[c.pk]),
                "roles": ALL_ROLES - {Role.REQUESTER}}),
            (_("Work orders"), "workorders.WorkOrder", {"url_name": "workorders:workorder_list"}),
            (_("Phone notices"), "workorders.PhoneNotice",
             {"url_name": "workorders:phonenotice_list"}),
            (_("Desk settings"), "workorders.DeskSettings", {"url": desk}),
            (_("Mailboxes"), "workorders.Mailbox", {"url_name": "workorders:mailbox_list"}),
        ]):
            register_contract_link(ContractLink(label, model, order=10 + order, **kwargs))
