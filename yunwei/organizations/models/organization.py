"""An organization that is party to contracts."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES
from yunwei.core.scoping import Scope

from ..choices import OrganizationKind

#: 统一社会信用代码: 18 characters of digits and upper-case letters (no I, O, S, V, Z).
USCC_VALIDATOR = RegexValidator(
    r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    _("A unified social credit code has 18 characters: digits and capital letters."),
)


def _organization_q(contract_ids: Any) -> Q:
    from yunwei.contracts.models import Contract

    contracts = Contract.objects.filter(pk__in=contract_ids)
    return (
        Q(pk__in=contracts.values("agency_id"))
        | Q(pk__in=contracts.values("vendor_id"))
        | Q(pk__in=contracts.filter(supervisor__isnull=False).values("supervisor_id"))
    )


class Organization(AuditedModel):
    """A party: agency, vendor, supervisor or other, with its contacts and bank account."""

    kind = models.CharField(_("kind"), max_length=16, choices=OrganizationKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True,
        validators=[USCC_VALIDATOR],
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    bank_account_name = models.CharField(_("bank account name"), max_length=200, blank=True)
    bank_name = models.CharField(_("bank"), max_length=200, blank=True)
    bank_account_number = models.CharField(_("bank account number"), max_length=40, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    scope = Scope(contract_field=None, contract_q=_organization_q, roles={"view": ALL_ROLES})

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""),
                name="organization_unique_credit_code",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:organization_detail", args=[self.pk])
