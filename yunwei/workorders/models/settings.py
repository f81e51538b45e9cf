"""A contract's service desk settings."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from .scopes import DESK_SETTINGS


class DeskSettings(AuditedModel):
    """How a contract's desk works: which SLA policy applies, phone-first, confirmation."""

    contract = models.OneToOneField("contracts.Contract", models.CASCADE,
                                    related_name="desk_settings", verbose_name=_("contract"))
    sla_policy = models.ForeignKey("calendars.SlaPolicy", models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("SLA policy"))
    default_level = models.CharField(_("default level"), max_length=32, blank=True)
    phone_first = models.BooleanField(
        _("phone first"), default=False,
        help_text=_("The desk phones the engineer first; a formal work order is issued only "
                    "when the problem is not solved within the time below."))
    phone_first_minutes = models.PositiveIntegerField(
        _("phone-first window (minutes)"), default=120, validators=[MinValueValidator(1)])
    allow_phone_confirmation = models.BooleanField(
        _("allow confirmation by phone"), default=True,
        help_text=_("The desk may record a requester's confirmation by phone."))
    satisfaction_target = models.PositiveSmallIntegerField(
        _("satisfaction target (%)"), default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)])

    scope = DESK_SETTINGS

    class Meta:
        verbose_name = _("desk settings")
        verbose_name_plural = _("desk settings")

    def __str__(self) -> str:
        return str(_("Desk settings"))

    def get_absolute_url(self) -> str:
        return reverse("workorders:desksettings_detail", args=[self.pk])
