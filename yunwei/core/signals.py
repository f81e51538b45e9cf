"""Signal handlers that feed the audit chain for audited models and user accounts."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from .audit import record, record_save, serialize
from .choices import AuditAction
from .models.base import AuditedModel

_UID = "yunwei-audit-{}-{}"


def _is_audited(sender: Any) -> bool:
    return isinstance(sender, type) and (
        issubclass(sender, AuditedModel) or sender is get_user_model()
    )


def _pre_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _is_audited(sender):
        return
    if instance._state.adding or instance.pk is None:
        instance._audit_before = None
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = serialize(old) if old is not None else None


def _post_save(sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any) -> None:
    if raw or not _is_audited(sender):
        return
    before = getattr(instance, "_audit_before", None)
    record_save(instance, created or before is None, before)


def _pre_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    if _is_audited(sender):
        instance._audit_before = serialize(instance)
        instance._audit_pk = instance.pk


def _post_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not _is_audited(sender):
        return
    before = getattr(instance, "_audit_before", None) or serialize(instance)
    if instance.pk is None:
        instance.pk = getattr(instance, "_audit_pk", None)
    record(AuditAction.DELETE, instance, before, None)


def connect() -> None:
    """Connect the handlers to every audited model (called from CoreConfig.ready)."""
    for model in apps.get_models():
        if not _is_audited(model):
            continue
        label = model._meta.label_lower
        pre_save.connect(_pre_save, sender=model, dispatch_uid=_UID.format("pre_save", label))
        post_save.connect(_post_save, sender=model, dispatch_uid=_UID.format("post_save", label))
        pre_delete.connect(_pre_delete, sender=model, dispatch_uid=_UID.format("pre_del", label))
        post_delete.connect(
            _post_delete, sender=model, dispatch_uid=_UID.format("post_del", label)
        )
