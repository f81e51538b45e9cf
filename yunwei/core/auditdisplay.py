"""How an audit event reads on a page: field labels, choice labels, 是/否 and local times.

The audit keeps codes (field attnames, choice codes, ISO timestamps in UTC); only the display
changes. An unknown model or field (a renamed one, a token) shows its code."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext as _

_REF = re.compile(r"^[a-z_]+\.[a-z_]+:\d+$")

#: The field a referenced record is named by, the first a model has (else "name #pk").
_NAME_FIELDS = ("name", "number", "title", "code")


def readable_code(code: str, capital: bool = True) -> str:
    """The fallback for a code nobody gave a label: words instead of snake_case."""
    text = str(code).replace("_", " ").replace("-", " ").strip()
    if not text:
        return "∅"
    return text[:1].upper() + text[1:] if capital else text


class Names:
    """The names of the records a page of audit rows refers to (users, contracts, types),
    looked up together: one query per kind of record, however many rows the page has.

    Readers call `ref()` twice: in the first pass (`collecting`) it only notes what is wanted
    and `load()` then fetches it all; in the second it answers from what was fetched. Without
    `collect()`, each `ref()` looks its record up at once (a single row)."""

    def __init__(self, collecting: bool = False) -> None:
        self.collecting = collecting
        self.wanted: dict[tuple[type[models.Model], str], set[str]] = defaultdict(set)
        self.found: dict[tuple[type[models.Model], str, str], str] = {}

    def ref(self, model: type[models.Model] | None, value: Any, key: str = "pk") -> str:
        """The name of the record of `model` whose `key` is `value`."""
        if value is None or value == "":
            return "∅"
        if model is None:
            return f"#{value}" if key == "pk" else str(value)
        if self.collecting:
            self.wanted[(model, key)].add(str(value))
            return ""
        found = self.found.get((model, key, str(value)))
        if found is None and (model, key) not in self.wanted:  # not collected: look it up now
            self.wanted[(model, key)].add(str(value))
            self._load(model, key, {str(value)})
            found = self.found.get((model, key, str(value)))
        if found is None:  # a deleted record
            return f"{model._meta.verbose_name} #{value}" if key == "pk" else str(value)
        return found

    def load(self) -> None:
        """Fetch everything the first pass asked for (in one query) and switch to answering."""
        self._fetch(list(self.wanted.items()))
        self.collecting = False

    def _load(self, model: type[models.Model], key: str, values: set[str]) -> None:
        self._fetch([((model, key), values)])

    def _fetch(self, wanted: list[tuple[tuple[type[models.Model], str], set[str]]]) -> None:
        """One query for every kind of record wanted: the union of one select per kind of
        (group, key as text, name as text, login)."""
        from django.contrib.auth import get_user_model
        from django.db.models import IntegerField, TextField, Value
        from django.db.models.functions import Cast, Concat

        user_model = get_user_model()
        parts = []
        groups = []
        for (model, key), values in wanted:
            if model is user_model:
                name: Any = Concat("first_name", Value(" "), "last_name",
                                   output_field=TextField())
                login: Any = Cast("username", output_field=TextField())
            else:
                field = next((f for f in _NAME_FIELDS
                              if f in {f.name for f in model._meta.concrete_fields}), None)
                if field is None:
                    continue
                name = Cast(field, output_field=TextField())
                login = Value("", output_field=TextField())
            values = _valid(model, key, values)
            if not values:
                continue
            parts.append(model._base_manager.filter(**{f"{key}__in": values}).order_by()
                         .annotate(g=Value(len(groups), output_field=IntegerField()),
                                   k=Cast(key, output_field=TextField()), n=name, u=login)
                         .values_list("g", "k", "n", "u"))
            groups.append((model, key))
        if not parts:
            return
        query = (parts[0].union(*parts[1:], all=True).order_by() if len(parts) > 1
                 else parts[0])
        for group, k, name, login in query:
            model, key = groups[group]
            self.found[(model, key, str(k))] = (name or "").strip() or login or f"#{k}"


def _valid(model: type[models.Model], key: str, values: set[str]) -> list[Any]:
    """The stored references that can name a record (a malformed one is shown as stored)."""
    from django.core.exceptions import ValidationError

    field = model._meta.pk if key == "pk" else model._meta.get_field(key)
    valid = []
    for value in values:
        try:
            valid.append(field.to_python(value))
        except (ValidationError, TypeError, ValueError):
            continue
    return valid


def user_name(names: Names, user_id: Any) -> str:
    """A user by name (not login), through the page's Names."""
    from django.contrib.auth import get_user_model

    return names.ref(get_user_model(), user_id)


def user_name_by_login(names: Names, username: Any) -> str:
    """A user named by login in stored data, shown by name."""
    from django.contrib.auth import get_user_model

    return names.ref(get_user_model(), username, key="username")


#: Who made a change when nobody was signed in: the audit's source codes.
def source_label(source: str) -> str:
    """An audit row's source ("worker:workorders.sla", "demo") in the user's language."""
    kind, _sep, _detail = (source or "").partition(":")
    labels = {"web": _("web page"), "api": _("API"), "demo": _("demo data"),
              "test": _("test"), "worker": _("system (scheduled job)"),
              "cli": _("command line"), "mail": _("mail intake")}
    if kind in labels:
        return str(labels[kind])
    return readable_code(source) if source else _("system")


def _field(model: type[models.Model] | None, code: str) -> models.Field | None:
    if model is None:
        return None
    for field in (*model._meta.concrete_fields, *model._meta.many_to_many):
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


def show_value(field: models.Field | None, value: Any, names: Names | None = None) -> str:
    """One stored value as a reader expects it (a referenced record by its name)."""
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
        return (names or Names()).ref(field.related_model, value)
    if isinstance(value, str) and _REF.match(value):  # a record reference "app.model:pk"
        label, _sep, pk = value.partition(":")
        model = model_of(label)
        if model is not None:
            return f"{model._meta.verbose_name} #{pk}"
    if isinstance(value, list):
        return "、".join(show_value(None, v, names) for v in value) if value else "∅"
    if isinstance(value, dict):
        return "; ".join(f"{readable_code(k, capital=False)}: {show_value(None, v, names)}"
                         for k, v in value.items()) if value else "∅"
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


#: Readers of one stored value that is a code or a reference without a model field to say so
#: (a work order event's states, its JSON data), registered by the owning app:
#: (object type, field code) -> f(value, names) -> shown text, or for a JSON object
#: f(value, names) -> [(label, shown text)], one line per key.
VALUE_READERS: dict[tuple[str, str], Callable[[Any, Names], Any]] = {}


def register_value_reader(object_type: str, code: str,
                          reader: Callable[[Any, Names], Any]) -> None:
    """Show a stored code or reference (a state code, a login, a JSON object) as the owning
    app names it. A reader returning a list of (label, text) shows one line per entry."""
    VALUE_READERS[(object_type, code)] = reader


def _lines(value: Any, reader: Callable[[Any, Names], Any] | None, names: Names
           ) -> dict[str, str] | str:
    if reader is not None:
        shown = reader(value, names)
        return dict(shown) if isinstance(shown, list) else shown
    if isinstance(value, dict) and value:
        return {readable_code(k, capital=False): show_value(None, v, names)
                for k, v in value.items()}
    return show_value(None, value, names)


def changes(event: Any, names: Names | None = None) -> list[tuple[str, str | None, str]]:
    """(label, before or None for a creation, after) for each field that changed; a JSON
    object one line per key ("field › key")."""
    names = names or Names()
    model = model_of(event.object_type)
    rows: list[tuple[str, str | None, str]] = []
    for code, old, new in event.changes():
        field = _field(model, code)
        if internal(field):
            continue
        reader = FIELD_READERS.get((event.object_type, code))
        if reader is not None:
            rows.extend(reader(old, new))
            continue
        label = field_label(event.object_type, code)
        value_reader = VALUE_READERS.get((event.object_type, code))
        if value_reader is None and not isinstance(old, dict) and not isinstance(new, dict):
            rows.append((label, None if old is None else show_value(field, old, names),
                         show_value(field, new, names)))
            continue
        before = None if old is None else _lines(old, value_reader, names)
        after = _lines(new, value_reader, names)
        if isinstance(after, str) and (before is None or isinstance(before, str)):
            rows.append((label, before, after))
            continue
        before_map = before if isinstance(before, dict) else {}
        after_map = after if isinstance(after, dict) else {}
        if not before_map and not after_map:
            rows.append((label, None if before is None else "∅", "∅"))
            continue
        for key in dict.fromkeys([*before_map, *after_map]):
            b, a = before_map.get(key), after_map.get(key, "∅")
            if b == a:
                continue
            rows.append((f"{label} › {key}", None if before is None else (b or "∅"), a))
    return rows


def prepare(events: Iterable[Any]) -> list[tuple[Any, str, list[tuple[str, str | None, str]]]]:
    """A page of audit rows as shown: (event, who, changes), with every user and referenced
    record named by one query per kind of record (not one per row)."""
    events = list(events)
    names = Names(collecting=True)
    for event in events:
        if event.actor_id:
            user_name(names, event.actor_id)
        changes(event, names)
    names.load()
    return [(event, actor_label(event, names), _distinct(changes(event, names)))
            for event in events]


def _distinct(rows: list[tuple[str, str | None, str]]) -> list[tuple[str, str | None, str]]:
    """The lines once each (a record that keeps a user and that user's name for when the
    account is gone reads "actor: 陈丽" twice otherwise)."""
    return list(dict.fromkeys(rows))


def actor_label(event: Any, names: Names) -> str:
    """Who made the change: a person by name; nobody signed in by the source's label."""
    if event.actor_id:
        shown = user_name(names, event.actor_id)
        if "#" not in shown:
            return shown
    return event.actor_username or source_label(event.source)


def object_label(object_type: str) -> str:
    """The model's name in the user's language ("工单"), or the code when unknown."""
    model = model_of(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type
