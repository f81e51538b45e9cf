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

from yunwei.core.formatting import percent
from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope


def _english() -> bool:
    return not (get_language() or "zh").startswith("zh")


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
    name_en = models.CharField(_("name in English"), max_length=100, blank=True,
                               help_text=_("Shown to English readers (the name above when "
                                           "empty)"))
    percent = models.DecimalField(_("share (%)"), max_digits=7, decimal_places=3)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    amount_capitals = models.CharField(_("amount in capitals as written"), max_length=100,
                                       blank=True, validators=[validate_capitals])
    condition = models.CharField(_("condition"), max_length=200, blank=True,
                                 help_text=_("e.g. contract effective, acceptance passed, "
                                             "six months of service"))
    condition_en = models.CharField(_("condition in English"), max_length=200, blank=True,
                                    help_text=_("Shown to English readers (the condition "
                                                "above when empty)"))
    condition_kind = models.CharField(
        _("condition checked by the platform"), max_length=50, blank=True,
        help_text=_("e.g. acceptance passed: the date it was met is read from the record; "
                    "leave empty to enter the date by hand"))
    condition_ref = models.CharField(_("which record"), max_length=50, blank=True,
                                     help_text=_("e.g. the acceptance's number"))
    condition_date = models.DateField(_("condition met on"), null=True, blank=True)
    due_on = models.DateField(
        _("due on (date in the contract)"), null=True, blank=True,
        help_text=_("A date the contract fixes: without a condition the payment is due that "
                    "day; with one, on the later of that day and the due date the condition "
                    "gives"))
    invoice_days_before = models.PositiveSmallIntegerField(_("invoice working days before"),
                                                           default=5)
    due_working_days = models.PositiveSmallIntegerField(_("due within working days"),
                                                        default=20)
    invoice_received_on = models.DateField(_("invoice received on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=PaymentStatus.choices,
                              default=PaymentStatus.PLANNED)
    delay_reason = models.CharField(_("reason for delay"), max_length=200, blank=True,
                                    help_text=_("e.g. fiscal funds not yet allocated"))

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
        if _english():
            return f"{self.name_in(True)} ({percent(self.percent)})"
        return f"{self.name}（{percent(self.percent)}）"

    def name_in(self, english: bool) -> str:
        """The milestone's name in the reader's language (the Chinese one when no English
        name was entered)."""
        return (self.name_en or self.name) if english else self.name

    def condition_in(self, english: bool) -> str:
        """The condition in words in the reader's language (as `name_in`)."""
        return (self.condition_en or self.condition) if english else self.condition

    @property
    def local_name(self) -> str:
        """The name in the current language (templates)."""
        return self.name_in(_english())

    @property
    def local_condition(self) -> str:
        """The condition in the current language (templates)."""
        return self.condition_in(_english())

    def get_absolute_url(self) -> str:
        return reverse("assessment:paymentmilestone_detail", args=[self.pk])

    def _condition_ref(self) -> str:
        return self.condition_ref or (str(self.pk) if self.condition_kind ==
                                      "invoice_received" else "")

    def condition_met_on(self) -> dt.date | None:
        """When the condition was met: read through the platform's conditions registry
        (yunwei.core.conditions) when the milestone names one, else the date entered (what
        `read_conditions` read for a page's milestones at once, when it did)."""
        if self.condition_kind:
            from yunwei.core import conditions

            if hasattr(self, "_met_read"):
                return self._met_read
            ref = self._condition_ref()
            try:
                return conditions.met_on(self.condition_kind, self.contract, ref)
            except KeyError:  # no app registers this condition (any more): not met
                return None
        return self.condition_date

    def agency_delays(self) -> list:
        """Where the agency held up the platform condition (late reviews, deemed approvals,
        acceptance organised late), with evidence: core.conditions.Delay."""
        if not self.condition_kind:
            return []
        if hasattr(self, "_delays_read"):
            return self._delays_read
        from yunwei.core import conditions

        return conditions.delays_for(self.condition_kind, self.contract, self.condition_ref)

    @staticmethod
    def read_conditions(payments: list[PaymentMilestone]) -> list[PaymentMilestone]:
        """Read the platform conditions of a page's milestones (one contract) at once: a fixed
        number of queries per condition name, whatever the number of milestones; each
        milestone then answers `condition_met_on()` and `agency_delays()` from what was read."""
        from yunwei.core import conditions

        by_contract: dict[int, list[PaymentMilestone]] = {}
        for p in payments:
            if p.condition_kind:
                by_contract.setdefault(p.contract_id, []).append(p)
        for mine in by_contract.values():
            contract = mine[0].contract
            wanted = [(p.condition_kind, p._condition_ref()) for p in mine]
            met = conditions.met_on_many(contract, wanted)
            delays = conditions.delays_for_many(contract, wanted)
            for p, key in zip(mine, wanted, strict=True):
                p._met_read = met.get(key)  # an unknown name: not met
                p._delays_read = delays.get(key, [])
        return payments

    def due_date(self, met_on: dt.date | None = None) -> tuple[dt.date | None,
                                                                 tuple[str, ...]]:
        """The date payment is due (N working days after the condition), with flags for
        years whose holiday arrangement is not entered yet. A date the contract fixes
        (`due_on`) is the due date of a milestone without a condition, and the earliest due
        date of one with a condition."""
        if self.due_on and not (self.condition_kind or self.condition):
            return self.due_on, ()
        met = met_on or self.condition_met_on()
        if met is None:
            return None, ()
        from yunwei.calendars.provider import national_calendar

        due, flags = national_calendar().workdays_deadline(met, self.due_working_days)
        if self.due_on and due is not None and self.due_on > due:
            due = self.due_on
        return due, flags

    def amount_check(self) -> Decimal:
        """What the share of the contract's total comes to (to the fen)."""
        from yunwei.scoring.money import percent_of

        return percent_of(self.contract.amount, self.percent)
