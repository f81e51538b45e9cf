"""Writing and verifying the audit chain.

Each row's hash is HMAC-SHA256 over the canonical JSON of its content and the previous row's
hash. Appends lock the chain head row, so ids are consecutive and the chain has one order.
`verify_chain()` walks the rows and names the first one altered, inserted or deleted out of band.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from . import context
from .choices import AuditAction
from .models.audit import GENESIS_HASH, AuditChainHead, AuditEvent

#: Never written to the audit trail.
SECRET_FIELDS = frozenset({"password", "last_login", "key"})


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            return value.astimezone(dt.UTC).isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def serialize(instance: models.Model) -> dict[str, Any]:
    """The object's concrete fields as JSON values keyed by field code (attname)."""
    exclude = SECRET_FIELDS | frozenset(getattr(instance, "audit_exclude", ()))
    data: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.attname in exclude or f.name in exclude or getattr(f, "auto_now", False):
            continue  # auto_now timestamps change on every save; the audit row has the time
        data[f.attname] = _json_value(f.value_from_object(instance))
    return data


def _key() -> bytes:
    key = settings.AUDIT_CHAIN_KEY or ("yunwei-audit:" + settings.SECRET_KEY)
    return hashlib.sha256(key.encode()).digest()


def compute_hash(event: AuditEvent) -> str:
    """The HMAC of an audit row's content and its link to the previous row."""
    payload = [
        event.pk,
        _json_value(event.timestamp),
        event.actor_id,
        event.actor_username,
        event.request_id,
        event.source,
        event.action,
        event.object_type,
        event.object_id,
        event.object_repr,
        event.contract_id,
        event.before,
        event.after,
        event.prev_hash,
    ]
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(_key(), canonical.encode(), hashlib.sha256).hexdigest()


def contract_id_of(instance: models.Model) -> int | None:
    """The contract an object belongs to, for scoping its history (None for global objects)."""
    getter = getattr(instance, "audit_contract_id", None)
    if callable(getter):
        return getter()
    return None


def record(
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEvent:
    """Append one audit row for a change to `instance`, inside the caller's transaction."""
    ctx = context.current()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            id=head.last_id + 1,
            timestamp=timezone.now(),
            actor_id=ctx.user_id,
            actor_username=ctx.username,
            request_id=ctx.request_id,
            source=ctx.source,
            action=action,
            object_type=instance._meta.label_lower,
            object_id=str(instance.pk),
            object_repr=str(instance)[:200],
            contract_id=contract_id_of(instance),
            before=before,
            after=after,
            prev_hash=head.last_hash,
        )
        event.hash = compute_hash(event)
        event.save()
        head.last_id = event.pk
        head.last_hash = event.hash
        head.save(update_fields=["last_id", "last_hash"])
    return event


def record_save(instance: models.Model, created: bool, before: dict[str, Any] | None) -> None:
    """Record a create, or an update when some field changed."""
    after = serialize(instance)
    if created:
        record(AuditAction.CREATE, instance, None, after)
    elif before != after:
        record(AuditAction.UPDATE, instance, before, after)


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of walking the chain."""

    ok: bool
    rows: int
    problem: str = ""
    row_id: int | None = None


def verify_chain(chunk_size: int = 2000) -> VerifyResult:
    """Walk every audit row in order; report the first row altered, inserted or deleted."""
    expected_prev = GENESIS_HASH
    expected_id = 1
    count = 0
    last: AuditEvent | None = None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size):
        count += 1
        if event.pk != expected_id:
            missing = f"#{expected_id}" + (
                f"–#{event.pk - 1}" if event.pk - 1 > expected_id else ""
            )
            return VerifyResult(
                False, count, f"row {missing} is missing (deleted) before row #{event.pk}",
                expected_id,
            )
        if event.prev_hash != expected_prev:
            return VerifyResult(
                False, count,
                f"row #{event.pk} does not link to row #{event.pk - 1}: "
                "a row before it was deleted, inserted or altered",
                event.pk,
            )
        if compute_hash(event) != event.hash:
            return VerifyResult(
                False, count, f"row #{event.pk} does not match its hash: altered or inserted",
                event.pk,
            )
        expected_prev = event.hash
        expected_id = event.pk + 1
        last = event
    head = AuditChainHead.objects.filter(pk=1).first()
    head_id = head.last_id if head else 0
    head_hash = head.last_hash if head else GENESIS_HASH
    last_id = last.pk if last else 0
    if head_id != last_id or (last and head_hash != last.hash):
        if head_id > last_id:
            return VerifyResult(
                False, count, f"rows #{last_id + 1}–#{head_id} at the end are missing (deleted)",
                last_id + 1,
            )
        return VerifyResult(
            False, count, f"the chain head (#{head_id}) does not match the last row #{last_id}",
            last_id,
        )
    return VerifyResult(True, count)
