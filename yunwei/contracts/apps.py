"""App configuration for contracts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    """Registers the contracts menu entry and the contract status job."""

    name = "yunwei.contracts"
    label = "contracts"
    verbose_name = _("Contracts")

    def ready(self) -> None:
        from yunwei.core import jobs
        from yunwei.core.navigation import MenuItem, register

        from .jobs import expire_contracts

        register(MenuItem(_("Contracts"), "contracts:contract_list", model="contracts.Contract"))
        jobs.periodic("contracts.expire", expire_contracts, every_seconds=600)
        self.register_links()

    def register_links(self) -> None:
        """The record lists reached from the contract page. The assessment records are
        registered here by name (no import) while that app is being rewired."""
        from yunwei.core.navigation import ContractLink, register_contract_link

        for order, (label, model, url_name) in enumerate([
            (_("Team"), "contracts.Membership", "contracts:membership_list"),
            (_("Working calendars"), "calendars.WorkingCalendar",
             "calendars:workingcalendar_list"),
            (_("SLA policies"), "calendars.SlaPolicy", "calendars:slapolicy_list"),
            (_("Accidents"), "assessment.Accident", "assessment:accident_list"),
            (_("Personnel records"), "assessment.PersonnelRecord",
             "assessment:personnelrecord_list"),
            (_("Quarterly evaluations"), "assessment.QuarterEvaluation",
             "assessment:quarterevaluation_list"),
            (_("Praises"), "assessment.Praise", "assessment:praise_list"),
            (_("Manual deductions"), "assessment.ManualEntry", "assessment:manualentry_list"),
            (_("Objections"), "assessment.Objection", "assessment:objection_list"),
            (_("Payment milestones"), "assessment.PaymentMilestone",
             "assessment:paymentmilestone_list"),
        ]):
            register_contract_link(ContractLink(label, model, url_name, order=30 + order))
