"""App configuration for the core app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Wires audit signals once all models are loaded."""

    name = "yunwei.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import checks, jobs, signals  # noqa: F401 - checks registers itself
        from .audit import nightly_checkpoint
        from .db import checkpoint

        signals.connect()
        self.forget_memberships_on_change()
        jobs.periodic("core.sqlite_checkpoint", checkpoint, every_seconds=60)
        jobs.periodic("core.prune_jobs", jobs.prune, every_seconds=86400)
        jobs.periodic("core.recover_jobs", jobs.recover_stalled, every_seconds=600)
        jobs.periodic("core.audit_checkpoint", nightly_checkpoint, every_seconds=86400)
        self.register_links()

    @staticmethod
    def forget_memberships_on_change() -> None:
        """A membership saved or deleted during a request: its role checks read them again."""
        from django.db.models.signals import post_delete, post_save

        from .scoping import forget_memberships

        for signal in (post_save, post_delete):
            signal.connect(forget_memberships, sender="contracts.Membership",
                           dispatch_uid=f"core.forget_memberships.{id(signal)}")

    def register_links(self) -> None:
        """The audit trail: in the menu of whoever may read some contract's trail (last), and
        on the contract page, filtered to that contract."""
        from .navigation import ContractLink, MenuItem, register, register_contract_link

        register(MenuItem(_("Audit trail"), "audit_log", model="core.AuditEvent", order=900))
        register_contract_link(ContractLink(_("Audit trail"), "core.AuditEvent", "audit_log",
                                            order=900))
