"""Roles a person holds on a contract, and the read-only ones (pure data, no queries)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: System administrators are Django superusers; the role is global, not per contract.
SYSTEM_ADMIN = "system_admin"


class Role(models.TextChoices):
    """A person's role on one contract (membership role)."""

    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    AGENCY_LIAISON = "agency_liaison", _("Agency liaison")
    SERVICE_DESK = "service_desk", _("Service desk")
    REQUESTER = "requester", _("Requester")
    VENDOR_PM = "vendor_pm", _("Vendor project manager")
    VENDOR_ENGINEER = "vendor_engineer", _("Vendor engineer")
    SUPERVISOR = "supervisor", _("Supervisor")
    EXPERT = "expert", _("Acceptance expert")


ALL_ROLES: frozenset[str] = frozenset(Role.values)
#: Roles that may never change anything, whatever a model's policy says.
READ_ONLY_ROLES: frozenset[str] = frozenset({Role.EXPERT})
AGENCY_SIDE: frozenset[str] = frozenset({Role.AGENCY_ADMIN, Role.AGENCY_LIAISON})
VENDOR_SIDE: frozenset[str] = frozenset({Role.VENDOR_PM, Role.VENDOR_ENGINEER})
