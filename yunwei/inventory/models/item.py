"""Configuration items (the scope of the contract), their relations and work order links."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import Criticality, ItemStatus, Lifecycle, RelationKind
from .scopes import LEDGER


class ConfigItem(AuditedModel):
    """One maintained thing: a device, host, database, business system, site or cloud resource."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, db_index=False,
                                 related_name="config_items", verbose_name=_("contract"))
    item_type = models.ForeignKey("inventory.ItemType", models.PROTECT, related_name="items",
                                  verbose_name=_("type"))
    code = models.CharField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    attrs = models.JSONField(_("fields"), default=dict, blank=True)
    owner = models.CharField(_("owner"), max_length=100, blank=True)
    criticality = models.CharField(_("criticality"), max_length=8, choices=Criticality.choices,
                                   default=Criticality.MEDIUM)
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices,
                              default=ItemStatus.IN_SERVICE)
    lifecycle = models.CharField(_("lifecycle"), max_length=16, choices=Lifecycle.choices,
                                 default="", blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    equipment = models.OneToOneField("assets.Equipment", models.SET_NULL, null=True, blank=True,
                                     related_name="config_item",
                                     verbose_name=_("equipment ledger line"))
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    scope = LEDGER

    class Meta:
        verbose_name = _("configuration item")
        verbose_name_plural = _("configuration items")
        ordering = ("contract", "item_type", "code")
        constraints = [models.UniqueConstraint(fields=["contract", "code"],
                                               name="configitem_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:configitem_detail", args=[self.pk])


class ItemRelation(AuditedModel):
    """A relation between two items of one contract: runs on, depends on, located at."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    source = models.ForeignKey(ConfigItem, models.CASCADE, related_name="relations_out",
                               verbose_name=_("item"))
    kind = models.CharField(_("relation"), max_length=16, choices=RelationKind.choices)
    target = models.ForeignKey(ConfigItem, models.CASCADE, related_name="relations_in",
                               verbose_name=_("related item"))

    scope = LEDGER

    class Meta:
        verbose_name = _("item relation")
        verbose_name_plural = _("item relations")
        constraints = [models.UniqueConstraint(fields=["source", "kind", "target"],
                                               name="itemrelation_unique")]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:configitem_detail", args=[self.source_id])


class WorkOrderItem(AuditedModel):
    """A work order about an item (the inventory's own link; WorkOrder.equipment stays)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    work_order = models.ForeignKey("workorders.WorkOrder", models.CASCADE, related_name="+",
                                   verbose_name=_("work order"))
    item = models.ForeignKey(ConfigItem, models.CASCADE, related_name="work_order_links",
                             verbose_name=_("item"))

    scope = LEDGER

    class Meta:
        verbose_name = _("work order of an item")
        verbose_name_plural = _("work orders of items")
        constraints = [models.UniqueConstraint(fields=["work_order", "item"],
                                               name="workorderitem_unique")]

    def __str__(self) -> str:
        return f"{self.work_order_id} → {self.item}"

    def get_absolute_url(self) -> str:
        return reverse("inventory:configitem_detail", args=[self.item_id])
