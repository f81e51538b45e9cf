"""Insert new audited objects with one prepared statement (for hot paths such as intake)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Model

from . import audit

_statements: dict[tuple[type[Model], str, int], tuple[str, list[Any]]] = {}


def _statement(model: type[Model], vendor: str, rows: int, connection: Any) -> tuple[str, list]:
    key = (model, vendor, rows)
    cached = _statements.get(key)
    if cached is None:
        meta = model._meta
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        values = ", ".join([row] * rows)
        sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values} "  # noqa: S608
               f"RETURNING {quote(meta.pk.column)}")
        cached = _statements[key] = (sql, fields)
    return cached


def insert_audited(objs: Sequence[Model]) -> None:
    """INSERT new objects of one model in one statement, set their primary keys and append
    their audit rows, inside the caller's transaction (or one of its own).

    Like bulk_create without save signals or its per-call planning: the statement is built once
    per model and row count from the model's metadata; field defaults and auto_now_add apply."""
    if not objs:
        return
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    sql, fields = _statement(model, connection.vendor, len(objs), connection)
    params: list[Any] = []
    for obj in objs:
        for f in fields:
            params.append(f.get_db_prep_save(f.pre_save(obj, True), connection))
    with transaction.atomic(using=alias, savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        for obj, pk in zip(objs, ids, strict=True):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = alias
            audit.record_save(obj, True, None)
