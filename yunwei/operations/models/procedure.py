"""The steps of an accident's procedure and the evidence its grading requires."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import EvidenceKind, Party, StepKind
from .scopes import UNDER_ACCIDENT

USER = settings.AUTH_USER_MODEL


class AccidentStep(AuditedModel):
    """One step of the procedure: what, by whom, when, for which party, with which level."""

    accident = models.ForeignKey("operations.Accident", models.CASCADE, related_name="steps",
                                 verbose_name=_("accident"))
    kind = models.CharField(_("step"), max_length=16, choices=StepKind.choices)
    party = models.CharField(_("party"), max_length=12, choices=Party.choices, blank=True)
    level = models.ForeignKey("operations.AccidentLevel", models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("level"))
    note = models.TextField(_("note"), blank=True)
    late_seconds = models.PositiveIntegerField(_("late by (seconds)"), null=True, blank=True)
    actor = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    scope = UNDER_ACCIDENT

    class Meta:
        verbose_name = _("accident step")
        verbose_name_plural = _("accident steps")
        ordering = ("accident", "at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return self.accident.get_absolute_url()


class AccidentEvidence(AuditedModel):
    """One item of the evidence checklist: a link to the platform's record, or an upload."""

    accident = models.ForeignKey("operations.Accident", models.CASCADE,
                                 related_name="evidence", verbose_name=_("accident"))
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    ref = models.CharField(_("record"), max_length=100, blank=True,
                           help_text=_("The platform's record, as app.model:id."))
    url = models.CharField(_("link"), max_length=300, blank=True)
    label = models.CharField(_("label"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received by the mail server"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="operations/%Y/%m/", blank=True)
    added_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("added by"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    scope = UNDER_ACCIDENT

    class Meta:
        verbose_name = _("accident evidence")
        verbose_name_plural = _("accident evidence")
        ordering = ("accident", "kind", "id")

    def __str__(self) -> str:
        return self.label or self.get_kind_display()

    def get_absolute_url(self) -> str:
        if self.file:
            return reverse("operations:accidentevidence_download", args=[self.pk])
        return self.url or self.accident.get_absolute_url()


class AccidentItem(AuditedModel):
    """A configuration item the accident affected, named by its id in the inventory (looked up
    through core.lookups: operations does not import the inventory), with its name as then."""

    accident = models.ForeignKey("operations.Accident", models.CASCADE,
                                 related_name="items", verbose_name=_("accident"))
    item_id = models.PositiveIntegerField(_("configuration item"))
    label = models.CharField(_("name"), max_length=300, blank=True)

    scope = UNDER_ACCIDENT

    class Meta:
        verbose_name = _("affected configuration item")
        verbose_name_plural = _("affected configuration items")
        ordering = ("accident", "id")
        constraints = [models.UniqueConstraint(fields=["accident", "item_id"],
                                               name="accidentitem_once")]

    def __str__(self) -> str:
        return self.label or f"#{self.item_id}"

    def get_absolute_url(self) -> str:
        return self.accident.get_absolute_url()
