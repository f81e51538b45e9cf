"""Statutory holiday arrangements entered by administrators (override the package's data)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES
from yunwei.core.scoping import Scope

from ..choices import DayKind, SubmissionStatus, YearSource


def _national(contract_ids: Any) -> Q:
    """National data: visible to anyone who holds a role on some contract."""
    from yunwei.contracts.models import Contract

    return Q(Exists(Contract.objects.filter(pk__in=contract_ids)))


NATIONAL = Scope(contract_field=None, contract_q=_national, roles={"view": ALL_ROLES})


class HolidayYear(AuditedModel):
    """One year's arrangement as entered (from the State Council notice or by hand)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=16, choices=YearSource.choices,
                              default=YearSource.NOTICE)
    notice_text = models.TextField(_("notice text"), blank=True)
    confirmed = models.BooleanField(
        _("confirmed"), default=False,
        help_text=_("Only confirmed years are used; until then the package's data (or Mon-Fri) "
                    "applies and deadlines are flagged."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    scope = NATIONAL

    class Meta:
        verbose_name = _("holiday arrangement")
        verbose_name_plural = _("holiday arrangements")
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("calendars:holidayyear_detail", args=[self.pk])


class HolidayDay(AuditedModel):
    """A holiday or a make-up workday of an entered year."""

    year = models.ForeignKey(HolidayYear, models.CASCADE, related_name="days",
                             verbose_name=_("year"))
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("holiday"), max_length=100)

    scope = NATIONAL

    class Meta:
        verbose_name = _("holiday day")
        verbose_name_plural = _("holiday days")
        ordering = ("date",)

    def __str__(self) -> str:
        return f"{self.date} {self.name} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("calendars:holidayyear_detail", args=[self.year_id])


class HolidaySubmission(AuditedModel):
    """A State Council notice pasted by an agency administrator: not used by any clock until
    a system administrator confirms it (it then becomes the year's arrangement)."""

    year = models.PositiveSmallIntegerField(_("year"))
    notice_text = models.TextField(_("notice text"))
    status = models.CharField(_("status"), max_length=16, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.PENDING)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    scope = NATIONAL

    class Meta:
        verbose_name = _("holiday notice submission")
        verbose_name_plural = _("holiday notice submissions")
        ordering = ("-submitted_at", "-id")

    def __str__(self) -> str:
        return f"{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("calendars:holidaysubmission_detail", args=[self.pk])

    @staticmethod
    def _name(user: Any) -> str:
        return "" if user is None else (user.get_full_name() or user.get_username())

    @property
    def submitter_name(self) -> str:
        return self._name(self.submitted_by)

    @property
    def reviewer_name(self) -> str:
        return self._name(self.reviewed_by)
