"""A piece (or a batch of identical pieces) of equipment maintained under a contract."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope

from ..choices import EquipmentStatus

_LEDGER_KEEPERS = frozenset({Role.AGENCY_ADMIN, Role.VENDOR_PM, Role.VENDOR_ENGINEER})


class Equipment(AuditedModel):
    """One ledger line: category, name, brand and model, quantity, location, status."""

    contract = models.ForeignKey(
        "contracts.Contract", models.CASCADE, related_name="equipment",
        verbose_name=_("contract"),
    )
    category = models.CharField(_("category"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    model_number = models.CharField(_("model"), max_length=100, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1,
                                           validators=[MinValueValidator(1)])
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=EquipmentStatus.choices,
                              default=EquipmentStatus.IN_SERVICE)
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    scope = Scope(
        contract_field="contract",
        roles={
            "view": ALL_ROLES - {Role.REQUESTER},
            "add": _LEDGER_KEEPERS,
            "change": _LEDGER_KEEPERS,
            "delete": frozenset({Role.AGENCY_ADMIN, Role.VENDOR_PM}),
        },
    )

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ("contract", "category", "name")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1),
                                   name="equipment_quantity_gte_1"),
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.name, self.brand, self.model_number) if p)

    def get_absolute_url(self) -> str:
        return reverse("assets:equipment_detail", args=[self.pk])
