"""A contract's assessment scheme: rules and tiers as rows, copied from a template."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope

from ..choices import Trigger

_EDITORS = frozenset({Role.AGENCY_ADMIN})
#: Schemes are contract terms: the agency edits, the vendor and everyone else may read.
SCHEME_SCOPE = Scope(contract_field="contract",
                     roles={"view": ALL_ROLES - {Role.REQUESTER}, "add": _EDITORS,
                            "change": _EDITORS, "delete": _EDITORS})
CHILD_SCOPE = Scope(contract_field="scheme__contract", roles=SCHEME_SCOPE.roles)


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
    guarantee = models.BooleanField(
        _("performance guarantee"), default=False,
        help_text=_("With a bank performance guarantee, fines are claimed against it instead "
                    "of being deducted from the final payment."))

    scope = SCHEME_SCOPE

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessment:scheme_detail", args=[self.pk])


class SchemeRule(AuditedModel):
    """One rule: code, description, points per occurrence, fine, trigger, interpretation."""

    scheme = models.ForeignKey(Scheme, models.CASCADE, related_name="rules",
                               verbose_name=_("scheme"))
    code = models.CharField(_("code"), max_length=32)
    category = models.CharField(_("category"), max_length=32)
    description = models.CharField(_("description"), max_length=300)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    fine_percent = models.DecimalField(_("fine (percent of the contract amount)"), max_digits=6,
                                       decimal_places=3, default=Decimal(0))
    trigger = models.CharField(_("trigger"), max_length=8, choices=Trigger.choices,
                               default=Trigger.AUTO)
    interpretation = models.CharField(_("interpretation"), max_length=300, blank=True)

    scope = CHILD_SCOPE

    class Meta:
        verbose_name = _("assessment rule")
        verbose_name_plural = _("assessment rules")
        ordering = ("scheme", "id")
        constraints = [models.UniqueConstraint(fields=["scheme", "code"],
                                               name="schemerule_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:schemerule_detail", args=[self.pk])


class SchemeTier(AuditedModel):
    """An annual result band: lower bound included, upper bound excluded."""

    scheme = models.ForeignKey(Scheme, models.CASCADE, related_name="tiers",
                               verbose_name=_("scheme"))
    lower = models.DecimalField(_("from (included)"), max_digits=6, decimal_places=2,
                                null=True, blank=True)
    upper = models.DecimalField(_("to (excluded)"), max_digits=6, decimal_places=2, null=True,
                                blank=True)
    fine_percent = models.DecimalField(_("fine (percent of the contract amount)"), max_digits=6,
                                       decimal_places=3, default=Decimal(0))
    label = models.CharField(_("label"), max_length=100)

    scope = CHILD_SCOPE

    class Meta:
        verbose_name = _("result tier")
        verbose_name_plural = _("result tiers")
        ordering = ("scheme", "-lower")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("assessment:schemetier_detail", args=[self.pk])
