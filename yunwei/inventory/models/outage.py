"""Outages of items, planned maintenance windows and availability targets."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import OutageSource
from .scopes import OUTAGE, PLANNING, TERMS


class Outage(AuditedModel):
    """An item was down from start to end (open while it lasts), with its cause."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, db_index=False,
                                 related_name="+", verbose_name=_("contract"))
    item = models.ForeignKey("inventory.ConfigItem", models.CASCADE, related_name="outages",
                             verbose_name=_("item"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    cause = models.CharField(_("cause"), max_length=200)
    source = models.CharField(_("source"), max_length=16, choices=OutageSource.choices,
                              default=OutageSource.ENTERED)
    work_order = models.ForeignKey("workorders.WorkOrder", models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("work order"))
    # the record with the evidence (an accident of the operations app), by the platform's
    # reference ("operations.accident:12"), its page and its name (core.events.Incident);
    # the reference and the page are internal (no translated label: not in the history)
    source_ref = models.CharField("source ref", max_length=60, blank=True, db_index=True)
    source_url = models.CharField("source url", max_length=200, blank=True)
    source_label = models.CharField(_("evidence"), max_length=200, blank=True)

    scope = OUTAGE

    class Meta:
        verbose_name = _("outage")
        verbose_name_plural = _("outages")
        ordering = ("-start",)
        indexes = [models.Index(fields=["contract", "start"], name="outage_contract_start")]

    def __str__(self) -> str:
        return f"{self.item} {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:outage_detail", args=[self.pk])


class MaintenanceWindow(AuditedModel):
    """A planned maintenance window, excluded from availability when the target says so."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    description = models.CharField(_("description"), max_length=200)

    scope = PLANNING

    class Meta:
        verbose_name = _("maintenance window")
        verbose_name_plural = _("maintenance windows")
        ordering = ("-start",)

    def __str__(self) -> str:
        return f"{self.description} {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:maintenancewindow_edit", args=[self.pk])


class AvailabilityTarget(AuditedModel):
    """A monthly availability target for an item, or for a service (a business system with
    the items it runs on and depends on)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    item = models.ForeignKey("inventory.ConfigItem", models.CASCADE, related_name="targets",
                             verbose_name=_("item or service"))
    percent = models.DecimalField(_("target (%)"), max_digits=6, decimal_places=3,
                                  default=99.9)
    as_service = models.BooleanField(
        _("as a service"), default=False,
        help_text=_("Count the outages of the items it runs on and depends on as well."))
    exclude_windows = models.BooleanField(_("exclude maintenance windows"), default=True)

    scope = TERMS

    class Meta:
        verbose_name = _("availability target")
        verbose_name_plural = _("availability targets")
        constraints = [models.UniqueConstraint(fields=["item"], name="target_unique_item")]

    def __str__(self) -> str:
        return f"{self.item} ≥ {self.percent}%"

    def get_absolute_url(self) -> str:
        return reverse("inventory:availability")
