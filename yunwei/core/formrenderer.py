"""The form renderer: Django's, with the commonest widgets written out in Python.

Django renders every widget through its template, and a select through one more template per
option: on a list page's filter form (ten fields, some thirty options) that took about 12 ms, a
fifth of the page. This renderer writes `<input>`, `<select>` and `<option>` exactly as
Django's own templates do (tests/… compare the two byte for byte) and hands every other
template to Django's renderer. It does so only while the template name still resolves to
Django's own file: an app that overrides a widget template gets its template.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime

_DJANGO_WIDGETS = Path(django.forms.__file__).parent / "templates" / "django" / "forms" / "widgets"
_WIDGETS = "django/forms/widgets/"
#: Widget templates that are nothing but `{% include "django/forms/widgets/input.html" %}`.
_INPUTS = ("text", "date", "datetime", "time", "number", "email", "url", "tel", "search",
           "password", "hidden", "color", "checkbox")


def _value(value: Any) -> str:
    """`{{ value }}` under autoescape (render_value_in_context)."""
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _stringformat(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` under autoescape."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        text = ""
    if isinstance(value, SafeData):
        text = mark_safe(text)
    return _value(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_value(name)}" if value is True else f' {_value(name)}="{_stringformat(value)}"'
        for name, value in attrs.items() if value is not False)


def _input(widget: dict[str, Any]) -> str:
    """django/forms/widgets/input.html."""
    value = widget["value"]
    shown = f' value="{_stringformat(value)}"' if operator.ne(value, None) else ""
    return (f'<input type="{_value(widget["type"])}" name="{_value(widget["name"])}"{shown}'
            f'{_attrs(widget["attrs"])}>')


def _option(option: dict[str, Any]) -> str:
    """django/forms/widgets/select_option.html (with the newline its file ends with)."""
    return (f'<option value="{_stringformat(option["value"])}"{_attrs(option["attrs"])}>'
            f'{_value(option["label"])}</option>\n')


def _select(widget: dict[str, Any]) -> str | None:
    """django/forms/widgets/select.html; None when an option has another template."""
    parts = [f'<select name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_value(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != _WIDGETS + "select_option.html":
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


#: The templates the widget templates include.
_HELPERS = tuple(f"{_WIDGETS}{name}.html" for name in ("input", "attrs", "select_option"))
_WRITERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"{_WIDGETS}{name}.html": _input for name in _INPUTS},
    f"{_WIDGETS}select.html": _select,
}


class BoundField(django.forms.BoundField):
    """A field whose label starts with a capital: labels are written as verbose names are
    (lowercase, "reason"), and an English form reads "Reason" (Chinese is unchanged)."""

    def __init__(self, form: Any, field: Any, name: str) -> None:
        super().__init__(form, field, name)
        self.label = capfirst(self.label)


class FormRenderer(DjangoTemplates):
    """Django's template renderer; inputs and selects written out directly (same HTML)."""

    bound_field_class = BoundField

    def __init__(self) -> None:
        super().__init__()
        self._own: dict[str, bool] = {}

    def _is_djangos(self, template_name: str) -> bool:
        """Whether the name still finds Django's own template (no app overrides it)."""
        own = self._own.get(template_name)
        if own is None:
            own = self._own[template_name] = all(
                Path(self.get_template(name).origin.name).parent == _DJANGO_WIDGETS
                for name in (template_name, *_HELPERS))
        return own

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        writer = _WRITERS.get(template_name)
        widget = context.get("widget") if writer is not None else None
        if widget is not None and len(context) == 1 and self._is_djangos(template_name):
            html = writer(widget)
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)
