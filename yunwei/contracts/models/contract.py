"""The contract: parties, service period, amount and status."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope
from yunwei.organizations.choices import OrganizationKind

from ..choices import ContractStatus


class Contract(AuditedModel):
    """A signed O&M service contract between an agency and a vendor."""

    number = models.CharField(_("contract number"), max_length=64, unique=True)
    code = models.CharField(
        _("short code"), max_length=12, unique=True,
        help_text=_("Prefix of work order numbers, e.g. JTW."),
    )
    project_name = models.CharField(_("project name"), max_length=200)
    agency = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="contracts_as_agency",
        verbose_name=_("agency (Party A)"),
    )
    vendor = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="contracts_as_vendor",
        verbose_name=_("vendor (Party B)"),
    )
    supervisor = models.ForeignKey(
        "organizations.Organization", models.PROTECT, related_name="contracts_as_supervisor",
        verbose_name=_("supervisor"), null=True, blank=True,
    )
    service_start = models.DateField(_("service period start"))
    service_end = models.DateField(_("service period end"))
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=16, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    description = models.TextField(_("description"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    #: Replaced whenever SLA terms or desk settings change (see contracts.terms): not a term.
    terms_stamp = models.UUIDField(default=uuid.uuid4, editable=False)

    audit_exclude = ("terms_stamp",)

    scope = Scope(
        contract_field="pk",
        roles={"view": ALL_ROLES, "change": frozenset({Role.AGENCY_ADMIN})},
    )

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ("-service_start", "number")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(service_end__gte=models.F("service_start")),
                name="contract_period_ordered",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="contract_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.project_name}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:contract_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.service_start and self.service_end and self.service_end < self.service_start:
            errors.setdefault("service_end", []).append(
                _("The service period cannot end before it starts.")
            )
        checks = (
            ("agency", OrganizationKind.AGENCY,
             _("The agency must be an organization of kind agency.")),
            ("vendor", OrganizationKind.VENDOR,
             _("The vendor must be an organization of kind vendor.")),
            ("supervisor", OrganizationKind.SUPERVISOR,
             _("The supervisor must be an organization of kind supervisor.")),
        )
        for name, kind, message in checks:
            org = getattr(self, name, None) if getattr(self, f"{name}_id", None) else None
            if org is not None and org.kind != kind:
                errors.setdefault(name, []).append(message)
        if self.agency_id and self.vendor_id and self.agency_id == self.vendor_id:
            errors.setdefault("vendor", []).append(_("Agency and vendor must differ."))
        if self.code:
            self.code = self.code.upper()
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A full save writes every column, so it must not put back a stamp read before a
        # terms change committed elsewhere: saving the contract renews the stamp.
        if not self._state.adding:
            self.terms_stamp = uuid.uuid4()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "terms_stamp"}
        super().save(*args, **kwargs)

    save.alters_data = True  # type: ignore[attr-defined]
