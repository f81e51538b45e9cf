"""An accident (事故): its links, levels, report, special cases and joint final grading."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import Stage
from .scopes import ACCIDENT

USER = settings.AUTH_USER_MODEL


class Accident(AuditedModel):
    """One accident under a contract, opened from work orders or directly."""

    contract = models.ForeignKey("contracts.Contract", models.PROTECT, related_name="accidents",
                                 verbose_name=_("contract"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    ended_at = models.DateTimeField(
        _("ended at"), null=True, blank=True,
        help_text=_("When service was restored. Empty: when the last of its work orders was "
                    "resolved."))
    cause = models.CharField(_("cause"), max_length=200, blank=True,
                             help_text=_("A short cause; the same cause within the repeat "
                                         "window makes a repeat accident."))
    work_orders = models.ManyToManyField("workorders.WorkOrder", blank=True,
                                         related_name="accidents",
                                         verbose_name=_("work orders"))
    equipment = models.ManyToManyField("assets.Equipment", blank=True, related_name="accidents",
                                       verbose_name=_("affected items"))
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices,
                             default=Stage.GATHERING)
    preliminary_level = models.ForeignKey("operations.AccidentLevel", models.PROTECT, null=True,
                                          blank=True, related_name="+",
                                          verbose_name=_("preliminary level"))
    final_level = models.ForeignKey("operations.AccidentLevel", models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("final level"))
    report_deadline = models.DateTimeField(_("report due"), null=True, blank=True)
    report_file = models.FileField(_("analysis report"), upload_to="operations/%Y/%m/",
                                   blank=True)
    report_submitted_at = models.DateTimeField(_("report submitted"), null=True, blank=True)
    report_late_seconds = models.PositiveIntegerField(_("report late by (seconds)"), default=0)
    human_error = models.BooleanField(_("human error"), default=False)
    mixed_fault = models.BooleanField(_("mixed fault"), default=False)
    is_repeat = models.BooleanField(_("repeat accident"), default=False)
    repeat_of = models.ForeignKey("self", models.SET_NULL, null=True, blank=True,
                                  related_name="repeats", verbose_name=_("repeat of"))
    replaces_entry = models.CharField(
        _("replaces the hand-entered accident"), max_length=100, blank=True,
        help_text=_("An accident entered by hand in the assessment before this record: from "
                    "now on it counts only here (never twice)."))
    conclusion = models.TextField(_("conclusion"), blank=True)
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    opened_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("opened by"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    scope = ACCIDENT

    class Meta:
        verbose_name = _("accident")
        verbose_name_plural = _("accidents")
        ordering = ("-occurred_at", "-id")
        indexes = [models.Index(fields=["contract", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("operations:accident_detail", args=[self.pk])

    @property
    def level(self):
        """The level that counts: the final one once graded, else the preliminary one."""
        return self.final_level or self.preliminary_level
