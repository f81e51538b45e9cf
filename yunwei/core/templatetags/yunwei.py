"""Template tags: a generic field table for detail pages, money in Chinese capitals later."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

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
        url = getattr(value, "get_absolute_url", None)
        if callable(url):
            try:
                return format_html('<a href="{}">{}</a>', url(), value)
            except Exception:
                return str(value)
        return str(value)
    if isinstance(field, models.DecimalField):
        return f"{value:,.2f}"
    if isinstance(field, models.DateTimeField):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value


@register.simple_tag
def field_table(obj: models.Model) -> str:
    """A definition list of the object's fields with their labels and display values."""
    rows = [
        (capfirst(str(f.verbose_name)), _display(obj, f))
        for f in obj._meta.concrete_fields
        if f.name not in HIDDEN
    ]
    return format_html('<dl class="fields">{}</dl>',
                       format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))


@register.filter
def duration_minutes(minutes: int) -> str:
    """Minutes as '8小时', '30分' (Chinese) — durations shown to users."""
    from django.utils.translation import get_language

    from yunwei.worktime import format_duration

    return format_duration(int(minutes) * 60, "en" if get_language() == "en" else "zh")


@register.filter
def state_label(code: str) -> str:
    """A work order state code in the user's language."""
    from django.utils.translation import get_language

    from yunwei.workorders.lifecycle import STATE_LABELS

    zh, en = STATE_LABELS.get(code, (code, code))
    return en if get_language() == "en" else zh


EVENT_LABELS = {
    "created": ("创建", "created"), "comment": ("评论", "commented"),
    "edited": ("更新记录", "updated the record"), "sla_warning": ("时限预警", "SLA warning"),
    "sla_breach": ("超时", "SLA breached"),
    "pause_requested": ("申请挂起（待服务对象同意）", "asked to pause (waiting for consent)"),
}


@register.filter
def event_label(code: str) -> str:
    """A timeline event code in the user's language."""
    from django.utils.translation import get_language

    from yunwei.workorders.lifecycle import BY_CODE

    if code in BY_CODE:
        t = BY_CODE[code]
        zh, en = t.label_zh, t.label_en
    else:
        zh, en = EVENT_LABELS.get(code, (code, code))
    return en if get_language() == "en" else zh


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
