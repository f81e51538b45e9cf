"""Per-process caching of contract terms read on every intake, keyed by the contract's stamp.

Terms such as the desk settings and the SLA targets are read by every new work order but change
rarely. Each contract carries `terms_stamp`, a random value replaced in the same transaction as
any change to a watched model (`watch()`) and on every save of the contract, so a cached value
is used only while the stamp just read from the database is the one it was built under: no
time-to-live, no stale terms after a committed edit, nothing shared between processes. A stamp
is never reused, so a rolled-back contract whose id is taken again cannot inherit another's
terms.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save

_cache: dict[tuple[str, int], tuple[Any, Any]] = {}
_lock = threading.Lock()
_MAX_ENTRIES = 2000
_watched: dict[type[Model], Callable[[Any], Any]] = {}


def renew(contract_id: Any) -> None:
    """Give the contract a new terms stamp (inside the caller's transaction).

    A plain UPDATE of one column: the stamp is not a term and is kept out of the audit trail."""
    from .models import Contract

    if contract_id is not None:
        QuerySet(Contract).filter(pk=contract_id).update(terms_stamp=uuid.uuid4())


def cached[T](contract_id: int, name: str, build: Callable[[], T]) -> T:
    """`build()`'s value for this contract, reused while the contract's stamp is unchanged.

    The stamp is read from the database on every call (one single-column primary-key lookup),
    never taken from a contract object the caller may have loaded before a change. The value
    is shared between requests and threads: build immutable values."""
    from .models import Contract

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT terms_stamp FROM {Contract._meta.db_table} "  # noqa: S608
                       "WHERE id = %s", [contract_id])
        row = cursor.fetchone()
    stamp = row[0] if row else None
    key = (name, contract_id)
    hit = _cache.get(key)
    if hit is not None and stamp is not None and hit[0] == stamp:
        return hit[1]
    value = build()
    if stamp is not None:
        with _lock:
            if len(_cache) >= _MAX_ENTRIES:
                _cache.clear()
            _cache[key] = (stamp, value)
    return value


def watch(model: type[Model], contract_of: Callable[[Any], Any]) -> None:
    """Renew the contract's stamp whenever an object of `model` is saved or deleted.

    `contract_of(instance)` gives the contract id the object belongs to."""
    _watched[model] = contract_of
    label = model._meta.label_lower
    post_save.connect(_changed, sender=model, dispatch_uid=f"terms-save-{label}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"terms-delete-{label}")


def _changed(sender: type[Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    try:
        contract_id = _watched[sender](instance)
    except Model.DoesNotExist:  # cascading from a contract being deleted: nothing to renew
        return
    renew(contract_id)


def clear() -> None:
    """Forget every cached value (for tests of the cache itself)."""
    with _lock:
        _cache.clear()
