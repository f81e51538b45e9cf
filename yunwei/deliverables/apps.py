"""App configuration for deliverables."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliverablesConfig(AppConfig):
    """Registers jobs, menu entries, the contract panel, measures and payment conditions."""

    name = "yunwei.deliverables"
    label = "deliverables"
    verbose_name = _("Deliverables and acceptance")

    def ready(self) -> None:
        from yunwei.core import jobs
        from yunwei.core.navigation import MenuItem, register

        from . import actions

        jobs.periodic("deliverables.generate", actions.generate_all, every_seconds=3600)
        jobs.define(actions.DEEM_JOB, actions.deem_approved)
        jobs.define(actions.DEEM_ACCEPTANCE_JOB, actions.deem_accepted)

        register(MenuItem(_("Deliverables"), "deliverables:deliverable_list",
                          model="deliverables.Deliverable"))
        register(MenuItem(_("Acceptance"), "deliverables:acceptance_list",
                          model="deliverables.Acceptance"))
        from yunwei.core.navigation import ContractLink, register_contract_link

        # The document types owed (contract terms) are reached from the contract page.
        register_contract_link(ContractLink(_("Document types"), "deliverables.DocumentType",
                                            "deliverables:documenttype_list", order=60))

        from . import registrations

        registrations.register_all()
