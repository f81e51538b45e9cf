"""Writing and verifying the audit chain.

Each row's hash is HMAC-SHA256 over the canonical JSON of its content and the previous row's
hash. Appends lock the chain head row, so ids are consecutive and the chain has one order.
`verify_chain()` walks the rows and names the first one altered, inserted or deleted out of band.

The chain alone cannot show that its end was cut off when the head row was rewound with it, nor
a chain re-computed by someone who holds the key. `make_checkpoint()` signs the end of the chain
(last id, hash, row count, time) for the operator to keep outside the database, and
`verify_checkpoint()` proves that nothing up to that end was removed or changed since.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import functools
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
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
    json_value = _json_value
    return {name: json_value(getattr(instance, name))
            for name in _audited_attnames(type(instance),
                                          tuple(getattr(instance, "audit_exclude", ())))}


@functools.cache
def _audited_attnames(model: type[models.Model], excluded: tuple[str, ...]) -> tuple[str, ...]:
    """The attnames serialize() writes for a model (its concrete fields in order, without the
    secret, the excluded and the auto_now ones): worked out once per model, not per row."""
    exclude = SECRET_FIELDS | frozenset(excluded)
    # auto_now timestamps change on every save; the audit row has the time
    return tuple(f.attname for f in model._meta.concrete_fields
                 if not (f.attname in exclude or f.name in exclude
                         or getattr(f, "auto_now", False)))


def _key() -> bytes:
    return _derived_key(settings.AUDIT_CHAIN_KEY or ("yunwei-audit:" + settings.SECRET_KEY))


@functools.lru_cache(maxsize=4)
def _derived_key(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def compute_hash(event: AuditEvent, key: bytes | None = None) -> str:
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
    return hmac.new(key or _key(), canonical.encode(), hashlib.sha256).hexdigest()


def contract_id_of(instance: models.Model) -> int | None:
    """The contract an object belongs to, for scoping its history (None for global objects)."""
    getter = getattr(instance, "audit_contract_id", None)
    if callable(getter):
        return getter()
    return None


_FIELDS = ("id", "timestamp", "actor_id", "actor_username", "request_id", "source", "action",
           "object_type", "object_id", "object_repr", "contract_id", "before", "after",
           "prev_hash", "hash")


@functools.cache
def _fields() -> list[models.Field]:
    return [AuditEvent._meta.get_field(name) for name in _FIELDS]


_deferred: ContextVar[list[AuditEvent] | None] = ContextVar("yunwei_audit_deferred",
                                                           default=None)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Collect the audit rows of a block and append them together when it ends (one lock of
    the chain head, one multi-row insert, one head update), inside the caller's transaction.

    Only for blocks that contain no savepoint which could roll back an audited change while the
    block goes on (an exception leaving the block discards the rows along with the transaction).
    """
    if _deferred.get() is not None:  # already collecting: the outer block writes them
        yield
        return
    rows: list[AuditEvent] = []
    token = _deferred.set(rows)
    try:
        with transaction.atomic(savepoint=False):
            yield
            _deferred.set(None)
            _write(rows)
    finally:
        _deferred.reset(token)


def _write(events: list[AuditEvent]) -> None:
    if not events:
        return
    connection = transaction.get_connection()
    # The SQL below is built from constants and model metadata only (no user input).
    head_sql = "SELECT last_id, last_hash FROM core_auditchainhead WHERE id = 1" + (  # noqa: S608
        " FOR UPDATE" if connection.features.has_select_for_update else "")
    with connection.cursor() as cursor:
        cursor.execute(head_sql)
        row = cursor.fetchone()
        if row is None:  # the migration creates it; a flushed database may lack it
            cursor.execute("INSERT INTO core_auditchainhead (id, last_id, last_hash) "
                           "VALUES (1, 0, %s) ON CONFLICT (id) DO NOTHING", [GENESIS_HASH])
            cursor.execute(head_sql)
            row = cursor.fetchone()
        last_id, last_hash = row
        meta = AuditEvent._meta
        fields = _fields()
        key = _key()
        params = []
        for event in events:
            last_id += 1
            event.id, event.prev_hash = last_id, last_hash
            event.hash = last_hash = compute_hash(event, key)
            params.append([f.get_db_prep_save(getattr(event, f.name), connection)
                           for f in fields])
            event._state.adding = False
        columns = ", ".join(f.column for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        insert_sql = f"INSERT INTO {meta.db_table} ({columns}) VALUES ({marks})"  # noqa: S608
        cursor.executemany(insert_sql, params)
        cursor.execute("UPDATE core_auditchainhead SET last_id = %s, last_hash = %s WHERE id = 1",
                       [last_id, last_hash])


def record(
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    object_id: str | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one audit row for a change to `instance`, inside the caller's transaction.

    Written with three plain SQL statements (lock the head, insert, move the head): this runs
    for every change, so it avoids the ORM's per-call overhead and savepoints. Inside
    `deferred()` the row is collected and written with the others at the end of the block.
    `object_id`/`object_repr` replace the object's own where these would reveal a secret (an
    API token's primary key is the token itself)."""
    ctx = context.current()
    pending = _deferred.get()
    event = AuditEvent(
        timestamp=timezone.now(), actor_id=ctx.user_id, actor_username=ctx.username,
        request_id=ctx.request_id, source=ctx.source, action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk) if object_id is None else object_id,
        object_repr=(str(instance) if object_repr is None else object_repr)[:200],
        contract_id=contract_id_of(instance),
        before=before, after=after)
    if pending is not None:
        pending.append(event)
        return event
    with transaction.atomic(savepoint=False):
        _write([event])
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
    """The outcome of walking the chain (with the end it reached, when it is sound)."""

    ok: bool
    rows: int
    problem: str = ""
    row_id: int | None = None
    last_id: int = 0
    last_hash: str = GENESIS_HASH


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
    return VerifyResult(True, count, last_id=last_id, last_hash=last.hash if last else GENESIS_HASH)


#: The format tag of a checkpoint line (a change of its fields gets a new tag).
CHECKPOINT_FORMAT = "yunwei-audit-checkpoint/1"
_CHECKPOINT_FIELDS = ("format", "last_id", "hash", "rows", "at")


class CheckpointError(ValueError):
    """A checkpoint line that cannot be read (not JSON, fields missing)."""


def _checkpoint_signature(fields: dict[str, Any], key: bytes | None = None) -> str:
    canonical = json.dumps({name: fields[name] for name in _CHECKPOINT_FIELDS}, sort_keys=True,
                           ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key or _key(), b"checkpoint:" + canonical.encode(),
                    hashlib.sha256).hexdigest()


def make_checkpoint() -> dict[str, Any]:
    """The signed end of a sound chain: {format, last_id, hash, rows, at, sig}.

    Walks the whole chain first and refuses (ValueError) to sign a broken one."""
    result = verify_chain()
    if not result.ok:
        raise ValueError(f"audit chain BROKEN: {result.problem}")
    fields: dict[str, Any] = {
        "format": CHECKPOINT_FORMAT, "last_id": result.last_id, "hash": result.last_hash,
        "rows": result.rows, "at": timezone.now().astimezone(dt.UTC).isoformat(),
    }
    fields["sig"] = _checkpoint_signature(fields)
    return fields


def keep_checkpoint(*, out: str = "", log: bool = False,
                    mail: bool = False) -> tuple[str, list[str]]:
    """Sign the chain's end and keep the line outside the database: appended to the file
    `out`, written to the log (yunwei.audit), mailed to the ADMINS. Returns the line and the
    places it could not reach (OSError of the file, ADMINS unset); ValueError when the chain is
    broken (nothing is signed then)."""
    import logging

    from django.conf import settings
    from django.core.mail import mail_admins

    line = checkpoint_line(make_checkpoint())
    missed: list[str] = []
    if out:
        try:
            with open(out, "a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        except OSError as exc:
            missed.append(f"cannot write {out}: {exc}")
    if log:
        logging.getLogger("yunwei.audit").info("audit checkpoint %s", line)
    if mail:
        if settings.ADMINS:
            mail_admins("Yunwei audit checkpoint / 审计链检查点", line + "\n")
        else:
            missed.append("ADMINS is not set: the checkpoint was not mailed")
    return line, missed


def nightly_checkpoint() -> dict[str, Any]:
    """Periodic job: keep a checkpoint in the log, in AUDIT_CHECKPOINT_FILE when set and in
    the ADMINS' mailboxes when set (docs/deploy.md, section 7). An empty chain has no end to
    sign: nothing is kept then."""
    from django.conf import settings

    if not AuditEvent.objects.exists():
        return {"kept": False, "reason": "empty chain"}
    line, missed = keep_checkpoint(out=getattr(settings, "AUDIT_CHECKPOINT_FILE", ""),
                                   log=True, mail=bool(settings.ADMINS))
    if missed:
        raise OSError("; ".join(missed))  # the job page shows it; the next run tries again
    return {"kept": True, "last_id": json.loads(line)["last_id"]}


def checkpoint_line(checkpoint: dict[str, Any]) -> str:
    """One checkpoint as the single JSON line an operator keeps."""
    return json.dumps(checkpoint, ensure_ascii=False, separators=(",", ":"))


def parse_checkpoint(line: str) -> dict[str, Any]:
    """Read one checkpoint line (CheckpointError when it is not one)."""
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise CheckpointError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError(f"not a {CHECKPOINT_FORMAT} line")
    missing = [name for name in (*_CHECKPOINT_FIELDS, "sig") if name not in data]
    if missing:
        raise CheckpointError(f"fields missing: {', '.join(missing)}")
    if not isinstance(data["last_id"], int) or not isinstance(data["rows"], int) \
            or not isinstance(data["hash"], str) or not isinstance(data["sig"], str):
        raise CheckpointError("fields of the wrong type")
    return data


def verify_checkpoint(checkpoint: dict[str, Any]) -> VerifyResult:
    """Check that the rows up to a checkpoint are still there, unchanged.

    Meant after verify_chain() passed: the chain links every row to the one before it, so the
    last checkpointed row still carrying the checkpoint's hash proves every row before it is
    unchanged, even against someone who holds the key and re-computed the chain."""
    at, last_id, rows = checkpoint["at"], checkpoint["last_id"], checkpoint["rows"]
    if not hmac.compare_digest(_checkpoint_signature(checkpoint), checkpoint["sig"]):
        return VerifyResult(
            False, 0, f"the checkpoint of {at} does not match its signature: the checkpoint "
            "was altered, or the audit key is not the one that signed it", last_id)
    if last_id == 0:
        return VerifyResult(True, 0)
    row = AuditEvent.objects.filter(pk=last_id).values_list("hash", flat=True).first()
    if row is None:
        end = AuditEvent.objects.aggregate(end=models.Max("id"))["end"] or 0
        first_missing = max(end + 1, 1)
        return VerifyResult(
            False, 0, f"rows #{first_missing}–#{last_id} are missing (deleted): the checkpoint "
            f"of {at} recorded {rows} rows ending at #{last_id}, the chain now ends at #{end}",
            first_missing)
    if not hmac.compare_digest(row, checkpoint["hash"]):
        return VerifyResult(
            False, 0, f"row #{last_id} does not match the hash of the checkpoint of {at}: it or "
            "a row before it was altered, inserted or deleted, and the chain re-computed",
            last_id)
    present = AuditEvent.objects.filter(pk__lte=last_id).count()
    if present != rows:
        return VerifyResult(
            False, present, f"the checkpoint of {at} recorded {rows} rows up to #{last_id}, "
            f"the database holds {present}", last_id)
    return VerifyResult(True, present, last_id=last_id, last_hash=row)
