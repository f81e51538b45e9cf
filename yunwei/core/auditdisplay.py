"""How an audit event reads on a page: field labels, choice labels, 是/否 and local times.

The audit keeps codes (field attnames, choice codes, ISO timestamps in UTC); only the display
changes. An unknown model or field (a renamed one, a token) shows its code."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext as _

_REF = re.compile(r"^[a-z_]+\.[a-z_]+:\d+$")


def _field(model: type[models.Model] | None, code: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if code in (field.attname, field.name):
            return field
    return None


def model_of(object_type: str) -> type[models.Model] | None:
    """The model class of an audit row's object type ("app_label.model"), or None."""
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def field_label(object_type: str, code: str) -> str:
    """The field's label in the user's language, or its code when unknown."""
    field = _field(model_of(object_type), code)
    if field is None:
        return {"password_changed": _("password changed")}.get(code, code)
    return str(field.verbose_name)


def show_value(field: models.Field | None, value: Any) -> str:
    """One stored value as a reader expects it."""
    if value is None or value == "":
        return "∅"
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return _("Yes") if value in (True, "true", "True", 1) else _("No")
    if field is not None and field.choices:
        labels = {str(code): label for code, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None:
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed, dt.UTC)
            return timezone.localtime(parsed).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(field, models.DateField) and isinstance(value, str):
        parsed_date = parse_date(value)
        if parsed_date is not None:
            return parsed_date.isoformat()
    if isinstance(field, models.ForeignKey):
        return f"#{value}"
    if isinstance(value, str) and _REF.match(value):  # a record reference "app.model:pk"
        label, _sep, pk = value.partition(":")
        model = model_of(label)
        if model is not None:
            return f"{model._meta.verbose_name} #{pk}"
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def internal(field: models.Field | None) -> bool:
    """A field without a label of its own (Django made one from its name, untranslated): an
    internal counter or cursor such as a lock version, not shown in the history."""
    return field is not None and not isinstance(field.verbose_name, Promise)


#: Readers of structured fields (a JSON definition), registered by the app that owns them:
#: (object type, field code) -> f(before or None, after) -> [(label, before or None, after)].
FIELD_READERS: dict[tuple[str, str], Callable[[Any, Any], list[tuple[str, str | None, str]]]] = {}


def register_field_reader(object_type: str, code: str,
                          reader: Callable[[Any, Any], list[tuple[str, str | None, str]]]
                          ) -> None:
    """Show a structured field's change as the owning app reads it (e.g. which rule of a
    scheme changed, old -> new points), instead of the stored JSON."""
    FIELD_READERS[(object_type, code)] = reader


def changes(event: Any) -> list[tuple[str, str | None, str]]:
    """(label, before or None for a creation, after) for each field that changed."""
    model = model_of(event.object_type)
    rows = []
    for code, old, new in event.changes():
        field = _field(model, code)
        if internal(field):
            continue
        reader = FIELD_READERS.get((event.object_type, code))
        if reader is not None:
            rows.extend(reader(old, new))
            continue
        label = field_label(event.object_type, code)
        rows.append((label, None if old is None else show_value(field, old),
                     show_value(field, new)))
    return rows


def object_label(object_type: str) -> str:
    """The model's name in the user's language ("工单"), or the code when unknown."""
    model = model_of(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type
