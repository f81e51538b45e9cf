"""Staffing terms of a contract: posts, shift patterns, notice rules, special periods."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope

from ..choices import LeaveEvidence, LeaveKind, ShiftDays, SwapApprover

#: Contract terms: set by the agency, read by everyone on the contract but requesters.
TERMS_SCOPE = Scope(
    contract_field="contract",
    roles={
        "view": ALL_ROLES - {Role.REQUESTER},
        "add": frozenset({Role.AGENCY_ADMIN}),
        "change": frozenset({Role.AGENCY_ADMIN}),
        "delete": frozenset({Role.AGENCY_ADMIN}),
    },
)


class StaffingTerms(AuditedModel):
    """The contract's notice rules for leave and replacement of staff."""

    contract = models.OneToOneField("contracts.Contract", models.CASCADE,
                                    related_name="staffing_terms", verbose_name=_("contract"))
    replacement_notice_days = models.PositiveIntegerField(
        _("replacement notice (days)"), default=7)
    emergency_replacement_hours = models.PositiveIntegerField(
        _("emergency replacement within (hours)"), default=24)
    leave_notice_hours = models.PositiveIntegerField(_("leave asked ahead (hours)"), default=24)
    emergency_leave_hours = models.PositiveIntegerField(
        _("emergency leave asked within (hours after)"), default=2)
    swap_approver = models.CharField(_("swaps approved by"), max_length=16,
                                     choices=SwapApprover.choices, default=SwapApprover.VENDOR_PM)
    compensatory_window_days = models.PositiveIntegerField(
        _("time off in lieu within (days)"), default=30,
        help_text=_("A day off the roster worked this many days before an absence makes the "
                    "absence time off in lieu, unreported when nobody asked for it."))

    scope = TERMS_SCOPE

    class Meta:
        verbose_name = _("staffing terms")
        verbose_name_plural = _("staffing terms")

    def __str__(self) -> str:
        return f"{self.contract.number} {_('staffing terms')}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:staffingterms_detail", args=[self.pk])


class Post(AuditedModel):
    """A post the contract requires (驻场主机工程师, 数据库工程师, 服务台 …)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="staffing_posts", verbose_name=_("contract"))
    name = models.CharField(_("name"), max_length=100)
    calendar = models.ForeignKey("calendars.WorkingCalendar", models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("working calendar"))
    qualifications = models.CharField(
        _("qualifications required"), max_length=300, blank=True,
        help_text=_("Comma-separated, e.g. bachelor's degree, database certificate, system "
                    "integration PM experience≥5 (years of experience after ≥)"))

    scope = TERMS_SCOPE

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ("contract", "name")
        constraints = [models.UniqueConstraint(fields=["contract", "name"],
                                               name="staffing_post_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("staffing:post_detail", args=[self.pk])

    def required_qualifications(self) -> list[str]:
        """The qualification names a person on this post must hold."""
        return [r.name for r in self.requirements()]

    def requirements(self) -> list[Any]:
        """The qualifications required, with the years of experience asked (rules.Requirement)."""
        from ..rules import parse_requirements

        return parse_requirements(self.qualifications)


class ShiftPattern(AuditedModel):
    """A shift of a post: its hours (an end before the start crosses midnight), the days it
    is worked and the headcount it requires."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="shift_patterns", verbose_name=_("contract"))
    post = models.ForeignKey(Post, models.CASCADE, related_name="patterns",
                             verbose_name=_("post"))
    name = models.CharField(_("name"), max_length=50)
    start = models.TimeField(_("starts"))
    end = models.TimeField(_("ends"))
    days = models.CharField(_("days"), max_length=16, choices=ShiftDays.choices,
                            default=ShiftDays.WORKDAYS)
    headcount = models.PositiveIntegerField(_("required headcount"), default=1)

    scope = TERMS_SCOPE

    class Meta:
        verbose_name = _("shift pattern")
        verbose_name_plural = _("shift patterns")
        ordering = ("contract", "post", "start")
        constraints = [models.UniqueConstraint(fields=["post", "name"],
                                               name="staffing_pattern_unique_name")]

    def __str__(self) -> str:
        return f"{self.post.name} {self.name} {self.start:%H:%M}-{self.end:%H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:shiftpattern_detail", args=[self.pk])

    def clean(self) -> None:
        if self.post_id and self.contract_id and self.post.contract_id != self.contract_id:
            from django.core.exceptions import ValidationError

            raise ValidationError({"post": _("The post belongs to another contract.")})


class SpecialPeriod(AuditedModel):
    """Special-period duty (重保: national holidays, major meetings): extra people required on
    a shift pattern between two dates."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="special_periods", verbose_name=_("contract"))
    name = models.CharField(_("name"), max_length=100)
    pattern = models.ForeignKey(ShiftPattern, models.CASCADE, related_name="special_periods",
                                verbose_name=_("shift pattern"))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    extra_headcount = models.PositiveIntegerField(_("extra headcount"), default=1)
    every_day = models.BooleanField(_("also on days off"), default=True)

    scope = Scope(
        contract_field="contract",
        roles={
            "view": ALL_ROLES - {Role.REQUESTER},
            "add": frozenset({Role.AGENCY_ADMIN, Role.AGENCY_LIAISON}),
            "change": frozenset({Role.AGENCY_ADMIN, Role.AGENCY_LIAISON}),
            "delete": frozenset({Role.AGENCY_ADMIN, Role.AGENCY_LIAISON}),
        },
    )

    class Meta:
        verbose_name = _("special-period duty")
        verbose_name_plural = _("special-period duties")
        ordering = ("contract", "first_day")
        constraints = [models.CheckConstraint(condition=models.Q(last_day__gte=models.F(
            "first_day")), name="staffing_special_days_order")]

    def __str__(self) -> str:
        return f"{self.name} {self.first_day}~{self.last_day}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:specialperiod_detail", args=[self.pk])


class LeaveRule(AuditedModel):
    """A contract's rule for one kind of leave (年假, 病假, 事假, 调休 …) where the contract sets
    one: its own notice and emergency window (instead of the staffing terms') and the days a
    person may take a year. Kinds without a rule follow the staffing terms."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="leave_rules", verbose_name=_("contract"))
    kind = models.CharField(_("kind of leave"), max_length=16, choices=LeaveKind.choices)
    notice_hours = models.PositiveIntegerField(
        _("asked ahead (hours)"), null=True, blank=True,
        help_text=_("Empty: as the staffing terms say."))
    emergency_hours = models.PositiveIntegerField(
        _("emergency: asked within (hours after)"), null=True, blank=True,
        help_text=_("Empty: as the staffing terms say."))
    days_per_year = models.PositiveIntegerField(
        _("days a year at most"), null=True, blank=True,
        help_text=_("Empty: no limit. Every calendar day a request touches counts."))
    evidence = models.CharField(
        _("evidence file"), max_length=16, choices=LeaveEvidence.choices,
        default=LeaveEvidence.DEFAULT,
        help_text=_("A medical certificate or other document, uploaded with the request or "
                    "afterwards; the agency approves only once it is there."))
    evidence_days = models.PositiveIntegerField(
        _("evidence uploaded within (days after the leave ends)"), null=True, blank=True,
        help_text=_("Empty: 7 days."))

    scope = TERMS_SCOPE

    class Meta:
        verbose_name = _("leave rule")
        verbose_name_plural = _("leave rules")
        ordering = ("contract", "kind")
        constraints = [models.UniqueConstraint(fields=["contract", "kind"],
                                               name="staffing_leave_rule_unique_kind")]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def get_absolute_url(self) -> str:
        return reverse("staffing:leaverule_detail", args=[self.pk])
