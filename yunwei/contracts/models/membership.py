"""Membership: a person's role on one contract."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.errors import Refused
from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope


class Membership(AuditedModel):
    """User x contract x role. A person may hold different roles on different contracts."""

    contract = models.ForeignKey(
        "contracts.Contract", models.CASCADE, related_name="memberships",
        verbose_name=_("contract"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    title = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    # Requesters see only their own membership; everybody else on the contract sees the team.
    scope = Scope(
        contract_field="contract",
        roles={
            "view": ALL_ROLES,
            "add": frozenset({Role.AGENCY_ADMIN}),
            "change": frozenset({Role.AGENCY_ADMIN}),
            "delete": frozenset({Role.AGENCY_ADMIN}),
        },
        owner_field="user",
        owner_roles=frozenset({Role.REQUESTER}),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ("contract", "role", "user__username")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "user", "role"], name="membership_unique_role"
            )
        ]
        indexes = [models.Index(fields=["user", "role", "contract"])]

    def __str__(self) -> str:
        name = self.user.get_full_name() or self.user.username
        return f"{name} · {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:membership_detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saved unless it takes away the contract's last agency administrator."""
        with transaction.atomic():
            if self.pk is not None:
                before = Membership.objects.filter(pk=self.pk).values(
                    "role", "contract_id").first()
                if before and before["role"] == Role.AGENCY_ADMIN and (
                        self.role != Role.AGENCY_ADMIN
                        or self.contract_id != before["contract_id"]):
                    _keep_an_agency_admin(before["contract_id"], self.pk)
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        """Deleted unless it is the contract's last agency administrator."""
        with transaction.atomic():
            if self.role == Role.AGENCY_ADMIN:
                _keep_an_agency_admin(self.contract_id, self.pk)
            return super().delete(*args, **kwargs)


def _keep_an_agency_admin(contract_id: int, leaving: int) -> None:
    """Refuse when no other agency-admin membership would remain on the contract. The
    contract row is locked first, so two admins removing each other at once cannot both
    succeed."""
    from .contract import Contract

    list(Contract.objects.select_for_update().filter(pk=contract_id).values_list("pk"))
    if not Membership.objects.filter(contract_id=contract_id, role=Role.AGENCY_ADMIN).exclude(
            pk=leaving).exists():
        raise Refused("合同至少要保留一名甲方管理员：请先指定另一名甲方管理员",
                      "a contract keeps at least one agency administrator: appoint another "
                      "one first", "role")
