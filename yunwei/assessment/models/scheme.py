"""A contract's assessment scheme: its rules, tiers, periods and payments as data (the
engine's format, `definition`), from a template file or blank."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope

_EDITORS = frozenset({Role.AGENCY_ADMIN})
#: Schemes are contract terms: the agency edits, the vendor and everyone else may read.
SCHEME_SCOPE = Scope(contract_field="contract",
                     roles={"view": ALL_ROLES - {Role.REQUESTER}, "add": _EDITORS,
                            "change": _EDITORS, "delete": _EDITORS})


class Scheme(AuditedModel):
    """The 100-point assessment of a contract, with the money it settles."""

    contract = models.OneToOneField("contracts.Contract", models.CASCADE,
                                    related_name="assessment_scheme", verbose_name=_("contract"))
    name = models.CharField(_("name"), max_length=200)
    template = models.CharField(_("template"), max_length=50, blank=True)
    base = models.DecimalField(_("base score"), max_digits=6, decimal_places=2,
                               default=Decimal(100))
    options = models.JSONField(_("options"), default=dict, blank=True)
    definition = models.JSONField(
        _("definition"), default=dict, blank=True,
        help_text=_("The scheme as data, in the engine's format (docs/domains/assessment.md); "
                    "saved only through do_save_definition, which validates it."))
    final_payment = models.DecimalField(_("scheduled final payment (yuan)"), max_digits=16,
                                        decimal_places=2, default=Decimal(0))

    scope = SCHEME_SCOPE

    @property
    def fines_from(self) -> str:
        """Where the definition says fines are taken: next_payment, bond or none."""
        from ..definition import fines_from

        return fines_from(self.definition)

    @property
    def guarantee(self) -> bool:
        """Whether fines are claimed against the performance bond (guarantee), as the
        definition says (`payments.fines_from: bond`); the definition is the one source."""
        return self.fines_from == "bond"

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessment:scheme_detail", args=[self.pk])
