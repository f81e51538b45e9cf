"""A rostered shift: who works which shift of which post on which day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope

from ..choices import RosterChangeKind, RosterStatus, SwapStatus


class RosterShift(AuditedModel):
    """One person on one shift of one post on one day (start and end kept for queries)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="roster", verbose_name=_("contract"))
    person = models.ForeignKey("staffing.Person", models.CASCADE, related_name="shifts",
                               verbose_name=_("staff member"))
    pattern = models.ForeignKey("staffing.ShiftPattern", models.CASCADE, related_name="shifts",
                                verbose_name=_("shift pattern"))
    day = models.DateField(_("day"))
    starts = models.DateTimeField(_("starts"), editable=False)
    ends = models.DateTimeField(_("ends"), editable=False)
    published = models.BooleanField(_("published"), default=False)

    scope = Scope(
        contract_field="contract",
        roles={
            "view": ALL_ROLES - {Role.REQUESTER},
            "add": frozenset({Role.VENDOR_PM}),
            "change": frozenset({Role.VENDOR_PM}),
            "delete": frozenset({Role.VENDOR_PM}),
        },
    )

    class Meta:
        verbose_name = _("rostered shift")
        verbose_name_plural = _("roster")
        ordering = ("day", "starts", "pattern")
        constraints = [models.UniqueConstraint(fields=["person", "pattern", "day"],
                                               name="staffing_roster_unique")]
        indexes = [models.Index(fields=["contract", "day"], name="staffing_roster_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.pattern.name} {self.person.name}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:rostershift_detail", args=[self.pk])


class RosterMonth(AuditedModel):
    """A contract's roster of one month: a draft of the vendor PM until published to the
    agency (audited); changes after publishing are recorded as RosterChange rows."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="roster_months", verbose_name=_("contract"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(_("status"), max_length=16, choices=RosterStatus.choices,
                              default=RosterStatus.DRAFT, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True,
                                        editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     blank=True, related_name="+", editable=False,
                                     verbose_name=_("published by"))
    shortfall_at_publish = models.PositiveIntegerField(_("shortfall when published"),
                                                       default=0, editable=False)
    unpublished_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True,
                                          editable=False)
    unpublished_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                       blank=True, related_name="+", editable=False,
                                       verbose_name=_("withdrawn by"))
    unpublish_reason = models.TextField(_("reason for withdrawing"), blank=True, editable=False)

    scope = Scope(
        contract_field="contract",
        roles={
            "view": ALL_ROLES - {Role.REQUESTER},
            "add": frozenset({Role.VENDOR_PM}),
            "change": frozenset({Role.VENDOR_PM}),
            "delete": frozenset(),
        },
    )

    class Meta:
        verbose_name = _("monthly roster")
        verbose_name_plural = _("monthly rosters")
        ordering = ("contract", "-month")
        constraints = [models.UniqueConstraint(fields=["contract", "month"],
                                               name="staffing_roster_month_unique")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return (f"{reverse('staffing:roster')}?contract={self.contract_id}"
                f"&month={self.month:%Y-%m}")


class RosterChange(models.Model):
    """A change to a published roster: who changed what and when (shown to the agency)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    roster = models.ForeignKey(RosterMonth, models.CASCADE, related_name="changes",
                               verbose_name=_("monthly roster"))
    day = models.DateField(_("day"))
    kind = models.CharField(_("change"), max_length=16, choices=RosterChangeKind.choices)
    shift = models.CharField(_("shift"), max_length=200)
    person = models.CharField(_("staff member"), max_length=50)
    other = models.CharField(_("with"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("changed by"))
    at = models.DateTimeField(_("changed at"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope = Scope(contract_field="contract",
                  roles={"view": ALL_ROLES - {Role.REQUESTER}})

    class Meta:
        verbose_name = _("roster change")
        verbose_name_plural = _("roster changes")
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.person}"


class SwapRequest(AuditedModel):
    """An engineer asks to swap a shift with a colleague (or give it away): the colleague
    agrees, then the approver of the contract's terms decides; the roster changes only then."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="swap_requests", verbose_name=_("contract"))
    shift = models.ForeignKey(RosterShift, models.CASCADE, related_name="swap_requests",
                              verbose_name=_("shift"))
    requester = models.ForeignKey("staffing.Person", models.CASCADE, related_name="+",
                                  verbose_name=_("asked by"))
    colleague = models.ForeignKey("staffing.Person", models.CASCADE, related_name="+",
                                  verbose_name=_("colleague"))
    colleague_shift = models.ForeignKey(RosterShift, models.CASCADE, null=True, blank=True,
                                        related_name="+", verbose_name=_("colleague's shift"),
                                        help_text=_("Empty: the shift is given away."))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=24, choices=SwapStatus.choices,
                              default=SwapStatus.AWAITING_COLLEAGUE, editable=False)
    asked_at = models.DateTimeField(_("asked at"), editable=False)
    answered_at = models.DateTimeField(_("colleague answered at"), null=True, blank=True,
                                       editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", editable=False,
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True, editable=False)
    shortfall_after = models.PositiveIntegerField(_("shortfall after the swap"), null=True,
                                                  blank=True, editable=False)

    scope = Scope(
        contract_field="contract",
        roles={
            "view": ALL_ROLES - {Role.REQUESTER},
            "add": frozenset({Role.VENDOR_ENGINEER, Role.VENDOR_PM}),
            # the colleague's answer and the decision: the actions check who
            "change": frozenset({Role.VENDOR_ENGINEER, Role.VENDOR_PM, Role.AGENCY_ADMIN}),
            "delete": frozenset(),
        },
    )

    class Meta:
        verbose_name = _("swap request")
        verbose_name_plural = _("swap requests")
        ordering = ("-asked_at", "-id")

    def __str__(self) -> str:
        return f"{self.requester.name} → {self.colleague.name} {self.shift.day}"

    def get_absolute_url(self) -> str:
        return reverse("staffing:swaprequest_detail", args=[self.pk])

    @property
    def open(self) -> bool:
        """Still waiting for the colleague or the approver."""
        return self.status in (SwapStatus.AWAITING_COLLEAGUE, SwapStatus.AWAITING_APPROVAL)
