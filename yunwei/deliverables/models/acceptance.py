"""Staged and final acceptance: checklist, opinions, findings, signed result, deemed passing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import AcceptanceKind, AcceptanceStatus
from .scopes import ACCEPTANCE, FINDINGS, OPINIONS

USER = settings.AUTH_USER_MODEL


class Acceptance(AuditedModel):
    """One acceptance of the contract's work (阶段性验收 / 竣工验收)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="acceptances", verbose_name=_("contract"))
    kind = models.CharField(_("kind"), max_length=16, choices=AcceptanceKind.choices,
                            default=AcceptanceKind.FINAL)
    name = models.CharField(_("name"), max_length=100)
    required_types = models.ManyToManyField("deliverables.DocumentType", blank=True,
                                            related_name="+",
                                            verbose_name=_("required documents"))
    organise_by = models.DateField(_("to be organised by"), null=True, blank=True,
                                   help_text=_("The agency's deadline to organise it."))
    deemed_after_workdays = models.PositiveSmallIntegerField(
        _("deemed passed after (working days)"), null=True, blank=True,
        help_text=_("Counted from the request; empty: never deemed passed."))
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    deemed_on = models.DateField(_("deemed passed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=AcceptanceStatus.choices,
                              default=AcceptanceStatus.PLANNED)
    result = models.TextField(_("result"), blank=True)
    agency_signed_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True,
                                         related_name="+", verbose_name=_("signed for the agency"))
    agency_signed_at = models.DateTimeField(_("agency signed at"), null=True, blank=True)
    vendor_signed_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True,
                                         related_name="+", verbose_name=_("signed for the vendor"))
    vendor_signed_at = models.DateTimeField(_("vendor signed at"), null=True, blank=True)
    passed_on = models.DateField(_("passed on"), null=True, blank=True)
    deem_job = models.CharField(_("scheduled deemed approval"), max_length=64, blank=True,
                                editable=False)

    scope = ACCEPTANCE

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        ordering = ("contract", "-id")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("deliverables:acceptance_detail", args=[self.pk])


class Finding(AuditedModel):
    """A defect found in acceptance, with its rectification deadline."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    acceptance = models.ForeignKey(Acceptance, models.CASCADE, related_name="findings",
                                   verbose_name=_("acceptance"))
    text = models.TextField(_("finding"))
    deadline = models.DateField(_("rectify by"))
    raised_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("raised by"))
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectification = models.TextField(_("rectification"), blank=True)

    scope = FINDINGS

    class Meta:
        verbose_name = _("acceptance finding")
        verbose_name_plural = _("acceptance findings")
        ordering = ("acceptance", "id")

    def __str__(self) -> str:
        return self.text[:40]

    def get_absolute_url(self) -> str:
        return reverse("deliverables:acceptance_detail", args=[self.acceptance_id])


class Opinion(AuditedModel):
    """A reviewer's written opinion (an expert's is recorded by the agency on their behalf)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    acceptance = models.ForeignKey(Acceptance, models.CASCADE, related_name="opinions",
                                   verbose_name=_("acceptance"))
    reviewer = models.CharField(_("reviewer"), max_length=100)
    reviewer_role = models.CharField(_("reviewer role"), max_length=32)
    opinion = models.TextField(_("opinion"))
    passed = models.BooleanField(_("recommends passing"), default=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))

    scope = OPINIONS

    class Meta:
        verbose_name = _("acceptance opinion")
        verbose_name_plural = _("acceptance opinions")
        ordering = ("acceptance", "id")

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.opinion[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("deliverables:acceptance_detail", args=[self.acceptance_id])
