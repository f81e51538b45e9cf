"""Template filters of the work-order app: states and timeline events in the reader's language."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def state_label(code: str) -> str:
    """A work order state code in the user's language."""
    from django.utils.translation import get_language

    from ..lifecycle import STATE_LABELS

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

    from ..lifecycle import BY_CODE

    if code in BY_CODE:
        t = BY_CODE[code]
        zh, en = t.label_zh, t.label_en
    else:
        zh, en = EVENT_LABELS.get(code, (code, code))
    return en if get_language() == "en" else zh
