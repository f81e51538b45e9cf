"""A document type the contract says the vendor owes (月报, 季报, 总结报告 …), as data."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import Frequency, ReviewerRole
from .scopes import TERMS


class DocumentType(AuditedModel):
    """One owed document: frequency, due rule, reviewer, review window, deemed approval."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="document_types", verbose_name=_("contract"))
    name = models.CharField(_("name"), max_length=100)
    template = models.FileField(_("template file"), upload_to="deliverables/templates/",
                                blank=True)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices,
                                 default=Frequency.MONTHLY)
    fixed_date = models.DateField(_("fixed date"), null=True, blank=True,
                                  help_text=_("For documents owed once: the period's end."))
    due_workdays = models.PositiveSmallIntegerField(
        _("due (working days after the period)"), default=5)
    calendar = models.ForeignKey("calendars.WorkingCalendar", models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("calendar"),
                                 help_text=_("Working days per this calendar; empty: the "
                                             "national calendar."))
    reviewer_role = models.CharField(_("reviewer role"), max_length=32,
                                     choices=ReviewerRole.choices,
                                     default=ReviewerRole.AGENCY_ADMIN)
    review_workdays = models.PositiveSmallIntegerField(_("review window (working days)"),
                                                       default=10)
    deemed_approval = models.BooleanField(
        _("deemed approved after the window"), default=False,
        help_text=_("Silence of the reviewer for the whole window counts as approval."))
    rework_workdays = models.PositiveSmallIntegerField(_("rework (working days)"), default=5)
    missing_workdays = models.PositiveSmallIntegerField(
        _("missing after (working days past due)"), default=20)
    generated_report = models.BooleanField(
        _("drafted by the platform"), default=False,
        help_text=_("The platform drafts this document (the O&M report) from its data."))
    active = models.BooleanField(_("active"), default=True)

    scope = TERMS

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ("contract", "name")
        constraints = [models.UniqueConstraint(fields=["contract", "name"],
                                               name="doctype_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("deliverables:documenttype_detail", args=[self.pk])

    def engine(self):
        """The working calendar the due dates and windows count on."""
        if self.calendar_id:
            return self.calendar.engine()
        from yunwei.calendars.provider import national_calendar

        return national_calendar()
