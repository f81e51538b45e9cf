"""Inspections (巡检): templates with their checks, plans, rounds and their results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import Frequency, Outcome, RoundState
from .scopes import PLANNING, RESULT, ROUND

USER = settings.AUTH_USER_MODEL


class InspectionTemplate(AuditedModel):
    """What to check on items of one type."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    item_type = models.ForeignKey("inventory.ItemType", models.PROTECT, related_name="templates",
                                  verbose_name=_("type"))
    name = models.CharField(_("name"), max_length=100)

    scope = PLANNING

    class Meta:
        verbose_name = _("inspection template")
        verbose_name_plural = _("inspection templates")
        ordering = ("contract", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inventory:inspectiontemplate_detail", args=[self.pk])


class TemplateCheck(AuditedModel):
    """One check of a template: what, the expected value or threshold, photo required."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    template = models.ForeignKey(InspectionTemplate, models.CASCADE, related_name="checks",
                                 verbose_name=_("template"))
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("what to check"), max_length=200)
    expected = models.CharField(_("expected"), max_length=100, blank=True)
    min_value = models.DecimalField(_("minimum"), max_digits=12, decimal_places=2, null=True,
                                    blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=12, decimal_places=2, null=True,
                                    blank=True)
    photo_required = models.BooleanField(_("photo required"), default=False)

    scope = PLANNING

    class Meta:
        verbose_name = _("check")
        verbose_name_plural = _("checks")
        ordering = ("template", "position", "id")

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("inventory:inspectiontemplate_detail", args=[self.template_id])


class InspectionPlan(AuditedModel):
    """Which items are inspected with which template, how often, within how many working
    days and by whom (no items chosen: every item of the template's type)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    template = models.ForeignKey(InspectionTemplate, models.PROTECT, related_name="plans",
                                 verbose_name=_("template"))
    name = models.CharField(_("name"), max_length=100)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    window_workdays = models.PositiveSmallIntegerField(
        _("window (working days)"), default=1,
        help_text=_("Working days from the first working day of the period."))
    calendar = models.ForeignKey("calendars.WorkingCalendar", models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("calendar"))
    assignee = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("inspector"))
    items = models.ManyToManyField("inventory.ConfigItem", blank=True, related_name="+",
                                   verbose_name=_("items"))
    starts = models.DateField(_("starts"))
    active = models.BooleanField(_("active"), default=True)

    scope = PLANNING

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ("contract", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inventory:inspectionplan_detail", args=[self.pk])


class InspectionRound(AuditedModel):
    """One round of a plan for one period, due by the last day of its window."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, db_index=False,
                                 related_name="+", verbose_name=_("contract"))
    plan = models.ForeignKey(InspectionPlan, models.CASCADE, related_name="rounds",
                             verbose_name=_("plan"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due = models.DateField(_("due"))
    items_due = models.PositiveIntegerField(_("items due"), default=0)
    state = models.CharField(_("state"), max_length=16, choices=RoundState.choices,
                             default=RoundState.OPEN)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    scope = ROUND

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ("-period_start", "plan")
        constraints = [models.UniqueConstraint(fields=["plan", "period_start"],
                                               name="round_unique_period")]
        indexes = [models.Index(fields=["contract", "due"], name="round_contract_due")]

    def __str__(self) -> str:
        return f"{self.plan} {self.period_start:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:inspectionround_detail", args=[self.pk])


class RoundResult(AuditedModel):
    """One check of one item in a round: normal or abnormal, value, note, photo."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 db_index=False, verbose_name=_("contract"))
    round = models.ForeignKey(InspectionRound, models.CASCADE, related_name="results",
                              verbose_name=_("round"))
    item = models.ForeignKey("inventory.ConfigItem", models.CASCADE, related_name="results",
                             verbose_name=_("item"))
    point = models.ForeignKey(TemplateCheck, models.CASCADE, related_name="+",
                              verbose_name=_("check"))
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    value = models.CharField(_("value"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    photo = models.FileField(_("photo"), upload_to="inspections/%Y/%m/", blank=True)
    checked_at = models.DateTimeField(_("checked at"))
    checked_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("checked by"))
    work_order = models.ForeignKey("workorders.WorkOrder", models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("work order"))
    # the key the phone gave the answer that is recorded (an offline queue sends it again
    # when the connection comes back: the same key changes nothing); internal, not shown
    client_key = models.CharField("client key", max_length=64, blank=True)

    scope = RESULT

    class Meta:
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        ordering = ("round", "item", "point")
        constraints = [models.UniqueConstraint(fields=["round", "item", "point"],
                                               name="result_unique_check")]

    def __str__(self) -> str:
        return f"{self.item} · {self.point}: {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:inspectionround_detail", args=[self.round_id])
