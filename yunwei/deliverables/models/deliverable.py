"""One owed document for one period, and its submitted versions with their reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import Decision, Status
from .scopes import OWED, SUBMISSIONS


class Deliverable(AuditedModel):
    """A document type's instance for one period: due date, status, review deadlines."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="deliverables", verbose_name=_("contract"))
    document_type = models.ForeignKey("deliverables.DocumentType", models.CASCADE,
                                      related_name="instances",
                                      verbose_name=_("document type"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.DUE)
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    review_deadline = models.DateField(_("review deadline"), null=True, blank=True)
    rework_deadline = models.DateField(_("rework deadline"), null=True, blank=True)
    comments = models.TextField(_("reviewer's comments"), blank=True)
    returns = models.PositiveSmallIntegerField(_("returns"), default=0)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    deem_job = models.CharField(_("scheduled deemed approval"), max_length=64, blank=True,
                                editable=False)
    flags = models.CharField(_("flags"), max_length=200, blank=True)

    scope = OWED

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ("contract", "-period_end", "document_type")
        constraints = [models.UniqueConstraint(fields=["document_type", "period_end"],
                                               name="deliverable_unique_period")]

    def __str__(self) -> str:
        return f"{self.document_type.name} {self.period_start:%Y-%m-%d}～{self.period_end:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("deliverables:deliverable_detail", args=[self.pk])


class Submission(AuditedModel):
    """One submitted version (file and note) and the reviewer's decision on it."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    deliverable = models.ForeignKey(Deliverable, models.CASCADE, related_name="submissions",
                                    verbose_name=_("deliverable"))
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="deliverables/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    note = models.TextField(_("note"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"))
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices,
                                blank=True)
    comments = models.TextField(_("reviewer's comments"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    scope = SUBMISSIONS

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ("deliverable", "version")
        constraints = [models.UniqueConstraint(fields=["deliverable", "version"],
                                               name="submission_unique_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("deliverables:submission_download", args=[self.pk])
