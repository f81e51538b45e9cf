"""App configuration for staffing."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    """Registers the staffing menu entries, contract panel, measures and demo data."""

    name = "yunwei.staffing"
    label = "staffing"
    verbose_name = _("Staffing and attendance")

    def ready(self) -> None:
        from yunwei import demo
        from yunwei.core import measures as registry
        from yunwei.core import panels
        from yunwei.core.navigation import MenuItem, register

        from . import measures, notify
        from .demo import load
        from .views import contract_panel, desk_panel

        register(MenuItem(_("Staff"), "staffing:person_list", model="staffing.Person"))
        register(MenuItem(_("Roster"), "staffing:roster", model="staffing.RosterShift"))
        register(MenuItem(_("On duty"), "staffing:on_duty", model="staffing.RosterShift"))
        register(MenuItem(_("My shifts"), "staffing:my_shifts", model="staffing.RosterShift"))
        for measure in measures.MEASURES:
            registry.register(measure)
        panels.register(panels.ContractPanel("staffing", "staffing/panel.html",
                                             contract_panel, order=60))
        panels.register_dashboard_panel(panels.DashboardPanel(
            "staffing_on_duty", "staffing/desk_panel.html", desk_panel, order=20))
        demo.register("staffing", load, order=50)
        notify.register_messages()  # rosters and swaps told through core.notices
        from .report_section import register as register_report_section

        register_report_section()
        from .history import register as register_history

        register_history()
