"""Template tags: a generic field table for detail pages, money in Chinese capitals later."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django import template
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from .. import formatting

register = template.Library()

#: terms_stamp: an internal cache key; replaces_entry: a reference its page shows as a link
HIDDEN = {"id", "password", "terms_stamp", "replaces_entry"}


def _display(obj: models.Model, field: models.Field) -> Any:
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.name)
    if isinstance(field, models.BooleanField) and value is not None:
        from django.utils.translation import gettext as _

        return _("Yes") if value else _("No")
    if value is None or value == "":
        return "—"
    if isinstance(field, models.ForeignKey):
        if isinstance(value, AbstractBaseUser):  # a person by name, not by login
            return value.get_full_name() or value.get_username()  # type: ignore[attr-defined]
        url = getattr(value, "get_absolute_url", None)
        if callable(url):
            try:
                return format_html('<a href="{}">{}</a>', url(), value)
            except Exception:
                return str(value)
        return str(value)
    if isinstance(field, models.DecimalField):
        if "percent" in field.name or "ratio" in field.name:
            return formatting.percent(value)
        if field.name == "amount" or field.name.endswith(("_yuan", "_amount", "price")):
            return formatting.money(value)
        return f"{value:,.2f}"
    if isinstance(field, models.DateTimeField):
        return formatting.when(value)
    if isinstance(field, models.FileField):  # the file's name, not where it is stored
        return PurePosixPath(value.name).name
    return value


@register.simple_tag
def field_table(obj: models.Model, exclude: str = "") -> str:
    """A definition list of the object's fields with their labels and display values
    (`exclude`: comma-separated field names the page shows its own way)."""
    hidden = HIDDEN | {name.strip() for name in exclude.split(",") if name.strip()}
    rows = [
        (capfirst(str(f.verbose_name)), _display(obj, f))
        for f in obj._meta.concrete_fields
        # structured data (JSON) is shown by the page its own way, never as a raw dict
        if f.name not in hidden and not isinstance(f, models.JSONField)
    ]
    return format_html('<dl class="fields">{}</dl>',
                       format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))


def _lang() -> str:
    from django.utils.translation import get_language

    return "en" if (get_language() or "").startswith("en") else "zh"


@register.filter
def worktime_flags(flags: Any) -> str:
    """A deadline's flags (stored in Chinese as computed) in the reader's language."""
    from yunwei.worktime.engine import flag_text

    return flag_text(str(flags or ""), _lang())


@register.filter
def duration_minutes(minutes: int) -> str:
    """Minutes as "8 小时", "2 小时 30 分钟" / "8 h", "2 h 30 min" (core/formatting.py)."""
    return formatting.duration_minutes(minutes, _lang())


@register.filter
def duration(seconds: int) -> str:
    """Seconds as "5 分钟" / "5 min" (core/formatting.py)."""
    return formatting.duration(seconds, _lang())


@register.filter
def money(value: Any) -> str:
    """Yuan as ¥1,234,567.89 (core/formatting.py)."""
    return formatting.money(value)


@register.filter
def percent(value: Any) -> str:
    """A percentage as 50% / 99.5%, never 5E+1% (core/formatting.py)."""
    return formatting.percent(value)


@register.filter
def plain_number(value: Any) -> str:
    """A Decimal as 8 / 1.5, never 8.00 or 8E+0 (core/formatting.py)."""
    return formatting.number(value)


@register.filter
def when(value: Any) -> str:
    """A time as 2026-11-30 14:05 in Asia/Shanghai, a date as 2026-11-30."""
    return formatting.when(value)


@register.filter
def evidence_link(evidence: str) -> str:
    """Link work order numbers in an assessment line's evidence to the orders themselves."""
    import re

    from django.urls import reverse
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    base = reverse("workorders:workorder_list")
    text = escape(evidence)
    linked = re.sub(r"\b([A-Z0-9]{2,12}-\d{4}-\d{6})\b",
                    lambda m: f'<a href="{base}?q={m.group(1)}">{m.group(1)}</a>', text)
    return mark_safe(linked)


@register.simple_tag(takes_context=True)
def can_on(context: Any, model: str, action: str, contract_id: Any) -> bool:
    """Whether the page's user may `action` objects of `model` ("app.Model") on this contract:
    the same rule the view checks, so that a button is shown only to whom it will not refuse
    (`{% can_on "assessment.Objection" "add" scheme.contract_id as can_object %}`)."""
    from django.apps import apps

    from ..scoping import can_on_contract

    user = context["request"].user
    return can_on_contract(user, apps.get_model(model), action, contract_id)


@register.filter
def audit_changes(event: Any) -> list[tuple[str, str | None, str]]:
    """An audit event's changes with field labels, choice labels, 是/否 and local times."""
    from ..auditdisplay import changes

    return changes(event)


@register.simple_tag
def audit_rows(events: Any) -> list[tuple[Any, str, list[tuple[str, str | None, str]]]]:
    """A page of audit rows as shown, (event, who, changes), with the people and records they
    name looked up together (`{% audit_rows history as rows %}`)."""
    from ..auditdisplay import prepare

    return prepare(events)


@register.filter
def audit_object(object_type: str) -> str:
    """An audit row's object type as the model's name."""
    from ..auditdisplay import object_label

    return object_label(object_type)


@register.filter
def audit_value(value: str) -> str:
    """A shown audit value; structured ones (JSON) as machine text in <code>."""
    if value.startswith(("{", "[")):
        return format_html('<code class="small">{}</code>', value)
    return value


@register.filter
def phone_link(text: str) -> str:
    """A contact that is a phone number as a tap-to-call link (tel:); other text as it is."""
    import re

    value = (text or "").strip()
    digits = re.sub(r"[\s()\-]", "", value)
    if re.fullmatch(r"\+?\d{5,15}(?:[,;#]\d+)?", digits):
        return format_html('<a href="tel:{}">{}</a>', digits, value)
    return value


@register.simple_tag(takes_context=True)
def object_panels(context: Any, obj: Any) -> str:
    """The sections other apps add to this object's page (core.panels.ObjectPanel)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from ..panels import object_panels_for

    request = context["request"]
    return mark_safe("".join(
        render_to_string(p["template"], {"panel": p["context"]}, request=request)
        for p in object_panels_for(request, obj)))


@register.simple_tag(takes_context=True)
def dashboard_panels(context: Any, contract: Any) -> str:
    """The sections apps add to a contract's desk dashboard (core.panels.DashboardPanel)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from ..panels import dashboard_panels_for

    request = context["request"]
    return mark_safe("".join(
        render_to_string(p["template"], {"panel": p["context"]}, request=request)
        for p in dashboard_panels_for(request, contract)))
