"""The append-only, hash-chained audit trail."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import AuditAction
from ..roles import Role
from ..scoping import Scope

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised when the application tries to change or delete an audit row."""


class AuditEventQuerySet(models.QuerySet):
    """Audit rows cannot be updated or deleted through the ORM."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")

    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        """The history of one object, newest first."""
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by(
            "-id"
        )


class AuditEvent(models.Model):
    """One change to a domain object: who, when, what, before/after (field codes), chained."""

    id = models.BigIntegerField(primary_key=True)
    timestamp = models.DateTimeField(_("time"))  # rows are in time order by id
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_username = models.CharField(_("actor"), max_length=150, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    source = models.CharField(_("source"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    contract_id = models.BigIntegerField(_("contract id"), null=True, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    # The audit trail of a contract is read by its agency administrator and, read-only, by
    # the supervising firm; rows of no contract (accounts, national calendars) and of other
    # contracts only by system administrators. Nobody writes through a page.
    scope = Scope(contract_field="contract_id",
                  roles={"view": frozenset({Role.AGENCY_ADMIN, Role.SUPERVISOR})})

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ("-id",)
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("audit events are append-only")

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field code, before, after) for each field that differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class AuditChainHead(models.Model):
    """The single row that holds the end of the chain; locking it serialises appends."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.last_id}"
