"""Payment milestones (付款节点) of a contract: share, amount, condition, invoice, due date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope


def validate_capitals(value: str) -> None:
    """Refuse amount capitals that are not a figure written in Chinese capitals (大写)."""
    from yunwei.scoring.money import MoneyError, read_capitals

    if not value:
        return
    try:
        read_capitals(value)
    except MoneyError as exc:
        english = not (get_language() or "zh").startswith("zh")
        raise ValidationError(exc.en if english else exc.zh, code="capitals") from exc


class PaymentStatus(models.TextChoices):
    """Where a payment stands."""

    PLANNED = "planned", _("Planned")
    INVOICED = "invoiced", _("Invoice received")
    PAID = "paid", _("Paid")
    DELAYED = "delayed", _("Delayed")


class PaymentMilestone(AuditedModel):
    """One payment of the contract, checked against the contract's total."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="payment_milestones", verbose_name=_("contract"))
    seq = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=100)
    percent = models.DecimalField(_("share (%)"), max_digits=7, decimal_places=3)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    amount_capitals = models.CharField(_("amount in capitals as written"), max_length=100,
                                       blank=True, validators=[validate_capitals])
    condition = models.CharField(_("condition"), max_length=200, blank=True,
                                 help_text=_("e.g. contract effective, acceptance passed, "
                                             "six months of service"))
    condition_date = models.DateField(_("condition met on"), null=True, blank=True)
    condition_name = models.CharField(
        _("platform condition"), max_length=40, blank=True,
        help_text=_("A condition the platform checks itself (e.g. a deliverable approved, an "
                    "acceptance passed): the date it was met is then read from the records."))
    condition_ref = models.CharField(
        _("condition reference"), max_length=60, blank=True,
        help_text=_("What the condition names: a document type's or acceptance's number."))
    invoice_days_before = models.PositiveSmallIntegerField(_("invoice working days before"),
                                                           default=5)
    due_working_days = models.PositiveSmallIntegerField(_("due within working days"),
                                                        default=20)
    invoice_received_on = models.DateField(_("invoice received on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=PaymentStatus.choices,
                              default=PaymentStatus.PLANNED)
    delay_reason = models.CharField(_("reason for delay"), max_length=200, blank=True,
                                    help_text=_("e.g. 财政资金未到位"))

    scope = Scope(contract_field="contract",
                  roles={"view": ALL_ROLES - {Role.REQUESTER},
                         "add": frozenset({Role.AGENCY_ADMIN}),
                         "change": frozenset({Role.AGENCY_ADMIN}),
                         "delete": frozenset({Role.AGENCY_ADMIN})})

    class Meta:
        verbose_name = _("payment milestone")
        verbose_name_plural = _("payment milestones")
        ordering = ("contract", "seq")

    def __str__(self) -> str:
        return f"{self.name}（{self.percent.normalize()}%）"

    def get_absolute_url(self) -> str:
        return reverse("assessment:paymentmilestone_detail", args=[self.pk])

    def condition_met_on(self) -> dt.date | None:
        """When the condition was met: the date entered, else the platform's own condition
        (core.conditions, answered by the app that registered it)."""
        if self.condition_date is not None or not self.condition_name:
            return self.condition_date
        from yunwei.core import conditions

        try:
            return conditions.met_on(self.condition_name, self.contract, self.condition_ref)
        except KeyError:  # an app no longer installed
            return None

    def agency_delays(self) -> list:
        """Where the agency held up the platform condition (late reviews, deemed approvals,
        acceptance organised late), with evidence: core.conditions.Delay."""
        if not self.condition_name:
            return []
        from yunwei.core import conditions

        return conditions.delays_for(self.condition_name, self.contract, self.condition_ref)

    def due_date(self, met_on: dt.date | None = None) -> tuple[dt.date | None,
                                                                 tuple[str, ...]]:
        """The date payment is due (N working days after the condition), with flags for
        years whose holiday arrangement is not entered yet."""
        met_on = met_on or self.condition_met_on()
        if met_on is None:
            return None, ()
        from yunwei.calendars.provider import national_calendar

        return national_calendar().workdays_deadline(met_on, self.due_working_days)

    def amount_check(self) -> Decimal:
        """What the share of the contract's total comes to (to the fen)."""
        from yunwei.scoring.money import percent_of

        return percent_of(self.contract.amount, self.percent)
