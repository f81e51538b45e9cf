"""A rostered shift: who works which shift of which post on which day."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope


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
