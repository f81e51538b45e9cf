"""The base of every audited domain model: snapshots at load, audited save/update/delete."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction


class AuditedQuerySet(models.QuerySet):
    """A queryset whose bulk update writes one audit row per changed object."""

    def update(self, **kwargs: Any) -> int:
        from ..audit import record_save, serialize

        with transaction.atomic():
            objects = list(self.select_for_update())
            before = {obj.pk: serialize(obj) for obj in objects}
            count = super().update(**kwargs)
            if self.model._meta.label_lower == "contracts.membership":
                from ..scoping import forget_memberships

                forget_memberships()  # no save signal: the request's role checks read again
            for obj in self.model._default_manager.filter(pk__in=list(before)):
                record_save(obj, False, before[obj.pk])
        return count

    update.alters_data = True  # type: ignore[attr-defined]


class AuditedModel(models.Model):
    """Abstract base: every create, update and delete writes a row to the audit chain."""

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The change and its audit row commit together or not at all (no savepoint needed:
        # inside a transaction, a failure aborts the whole of it).
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)

    save.alters_data = True  # type: ignore[attr-defined]

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic(savepoint=False):
            return super().delete(*args, **kwargs)

    delete.alters_data = True  # type: ignore[attr-defined]

    def audit_contract_id(self) -> int | None:
        """The contract this object belongs to (from its Scope), for scoping its history."""
        scope = getattr(type(self), "scope", None)
        field = getattr(scope, "contract_field", None)
        if field == "pk":
            return self.pk
        if not field:
            return None
        *path, last = field.split("__")
        obj: object = self
        for name in path:
            obj = getattr(obj, name, None)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id", None)
