"""A contract's working calendar: 7x24, or working hours on statutory working days."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope
from yunwei.worktime import CalendarError, parse_hours

from ..choices import CalendarKind

#: Calendars and SLA terms are contract terms: set by the agency, read by everyone else.
TERMS_SCOPE = Scope(
    contract_field="contract",
    roles={
        "view": ALL_ROLES - {Role.REQUESTER},
        "add": frozenset({Role.AGENCY_ADMIN}),
        "change": frozenset({Role.AGENCY_ADMIN}),
        "delete": frozenset({Role.AGENCY_ADMIN}),
    },
)


class WorkingCalendar(AuditedModel):
    """How a contract counts time for a target (e.g. 7x24 desk, 09:00-17:30 resident team)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="calendars", verbose_name=_("contract"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=CalendarKind.choices,
                            default=CalendarKind.OFFICE)
    hours = models.CharField(
        _("working hours"), max_length=100, blank=True, default="09:00-17:30",
        help_text=_("One or more periods, e.g. 09:00-17:30 or 08:00-12:00,13:00-17:00."),
    )
    description = models.TextField(_("description"), blank=True)

    scope = TERMS_SCOPE

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendars")
        ordering = ("contract", "name")
        constraints = [models.UniqueConstraint(fields=["contract", "name"],
                                               name="calendar_unique_name")]

    def __str__(self) -> str:
        if self.kind == CalendarKind.ALWAYS:
            return f"{self.name}（7x24）"
        return f"{self.name}（{self.hours}）"

    def get_absolute_url(self) -> str:
        return reverse("calendars:workingcalendar_detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind == CalendarKind.OFFICE:
            try:
                parse_hours(self.hours or "")
            except CalendarError as exc:
                raise ValidationError({"hours": exc.zh + " / " + exc.en}) from exc

    def engine(self):
        """The engine calendar for this definition (cached per holiday-data version)."""
        from ..provider import engine_for

        return engine_for(self.kind, self.hours)
