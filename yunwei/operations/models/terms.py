"""Contract terms of the operations domain: accident levels, counting terms, deadlines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from .. import rules
from ..choices import Period, RecordKind, Severity
from .scopes import TERMS


def _clock(calendar):
    return calendar.engine() if calendar is not None else None


class AccidentLevel(AuditedModel):
    """One accident level of a contract: its code (as the scheme names it), criteria and the
    deadline of the analysis report, in calendar hours or working time on a calendar."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="accident_levels", verbose_name=_("contract"))
    code = models.CharField(_("code"), max_length=16,
                            help_text=_("As the assessment scheme names it, e.g. 1, 2, 3."))
    name = models.CharField(_("name"), max_length=50)
    criteria = models.TextField(_("criteria"), blank=True)
    report_hours = models.DecimalField(_("report due within (hours)"), max_digits=7,
                                       decimal_places=2, validators=[MinValueValidator(0)])
    calendar = models.ForeignKey(
        "calendars.WorkingCalendar", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("working calendar"),
        help_text=_("Empty: calendar hours. Otherwise working time on this calendar."))
    rank = models.PositiveSmallIntegerField(_("rank"), default=1,
                                            help_text=_("1 is the most severe."))

    scope = TERMS

    class Meta:
        verbose_name = _("accident level")
        verbose_name_plural = _("accident levels")
        ordering = ("contract", "rank", "code")
        constraints = [models.UniqueConstraint(fields=["contract", "code"],
                                               name="accidentlevel_unique_code")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("operations:accidentlevel_detail", args=[self.pk])

    def report_deadline(self, occurred: dt.datetime) -> dt.datetime:
        """When the analysis report of an accident of this level that occurred then is due."""
        return rules.deadline_after(occurred, float(self.report_hours), _clock(self.calendar))


class OperationsTerm(AuditedModel):
    """How many records of a kind the contract asks for per period (minimum and/or maximum)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="operations_terms", verbose_name=_("contract"))
    kind = models.CharField(_("kind"), max_length=16, choices=RecordKind.choices)
    period = models.CharField(_("period"), max_length=8, choices=Period.choices,
                              default=Period.YEAR)
    minimum = models.PositiveIntegerField(_("minimum"), null=True, blank=True)
    maximum = models.PositiveIntegerField(_("maximum"), null=True, blank=True)

    scope = TERMS

    class Meta:
        verbose_name = _("operations term")
        verbose_name_plural = _("operations terms")
        ordering = ("contract", "kind", "period")
        constraints = [models.UniqueConstraint(fields=["contract", "kind", "period"],
                                               name="operationsterm_unique")]

    def __str__(self) -> str:
        bounds = []
        if self.minimum is not None:
            bounds.append(f"≥{self.minimum}")
        if self.maximum is not None:
            bounds.append(f"≤{self.maximum}")
        return f"{self.get_kind_display()} {'/'.join(bounds)} / {self.get_period_display()}"

    def get_absolute_url(self) -> str:
        return reverse("operations:operationsterm_detail", args=[self.pk])


class VulnerabilityDeadline(AuditedModel):
    """How long the contract allows to fix a vulnerability of one severity."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="vulnerability_deadlines",
                                 verbose_name=_("contract"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    hours = models.DecimalField(_("fix within (hours)"), max_digits=8, decimal_places=2,
                                validators=[MinValueValidator(Decimal(0))])
    calendar = models.ForeignKey(
        "calendars.WorkingCalendar", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("working calendar"),
        help_text=_("Empty: calendar hours. Otherwise working time on this calendar."))

    scope = TERMS

    class Meta:
        verbose_name = _("vulnerability deadline")
        verbose_name_plural = _("vulnerability deadlines")
        ordering = ("contract", "severity")
        constraints = [models.UniqueConstraint(fields=["contract", "severity"],
                                               name="vulndeadline_unique")]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} {self.hours} h"

    def get_absolute_url(self) -> str:
        return reverse("operations:vulnerabilitydeadline_detail", args=[self.pk])

    def deadline(self, found: dt.datetime) -> dt.datetime:
        """When a vulnerability of this severity found then must be fixed."""
        return rules.deadline_after(found, float(self.hours), _clock(self.calendar))


#: Reminder lead times where a contract has no policy of its own.
REPORT_REMINDER_HOURS = 4
VULNERABILITY_REMINDER_HOURS = 24


class OperationsPolicy(AuditedModel):
    """Per-contract settings of the accident procedure (the repeat window) and the reminders."""

    contract = models.OneToOneField("contracts.Contract", models.CASCADE,
                                    related_name="operations_policy",
                                    verbose_name=_("contract"))
    repeat_window_days = models.PositiveIntegerField(
        _("repeat window (days)"), default=0,
        help_text=_("An accident on the same item or with the same cause within this many "
                    "days of an earlier one is a repeat. 0: no repeat rule."))
    report_reminder_hours = models.PositiveIntegerField(
        _("report reminder (hours before)"), default=REPORT_REMINDER_HOURS,
        help_text=_("The vendor is reminded this long before an analysis report is due. "
                    "0: no reminder."))
    vulnerability_reminder_hours = models.PositiveIntegerField(
        _("vulnerability reminder (hours before)"), default=VULNERABILITY_REMINDER_HOURS,
        help_text=_("The vendor is reminded this long before a vulnerability must be fixed. "
                    "0: no reminder."))

    scope = TERMS

    class Meta:
        verbose_name = _("operations policy")
        verbose_name_plural = _("operations policies")
        ordering = ("contract",)

    def __str__(self) -> str:
        return str(_("Repeat window %(days)s days") % {"days": self.repeat_window_days})

    def get_absolute_url(self) -> str:
        return reverse("operations:operationspolicy_detail", args=[self.pk])
