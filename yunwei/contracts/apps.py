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
