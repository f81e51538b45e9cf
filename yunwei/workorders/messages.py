"""Notification texts: stored as a code and parameters, rendered in the reader's language
(the page's language in the app, the language a person chose for their mails)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.dateparse import parse_datetime

from yunwei.core import formatting

#: code -> (Chinese, English); parameters: number, title, metric (a Metric code), deadline
#: (an ISO time, shown in Asia/Shanghai).
MESSAGES: dict[str, tuple[str, str]] = {
    "assigned": ("工单 {number} 已派给您：{title}",
                 "Work order {number} was assigned to you: {title}"),
    "pause_requested": ("工单 {number} 申请挂起，等待您同意：{title}",
                        "Work order {number} asks to be suspended and awaits your consent: "
                        "{title}"),
    "awaiting_signoff": ("工单 {number} 已处理完毕，请确认并评价：{title}",
                         "Work order {number} is resolved: please confirm and rate it: "
                         "{title}"),
    "reopened": ("工单 {number} 已被退回：{title}", "Work order {number} was returned: {title}"),
    "pause_refused": ("工单 {number} 的挂起申请未获同意：{title}",
                      "The suspension of work order {number} was not agreed: {title}"),
    "self_report": ("新的自助报修 {number}：{title}", "New self-service report {number}: {title}"),
    "sla_warning": ("工单 {number} 的{metric}时限即将到期（{deadline}）",
                    "The {metric} deadline of work order {number} is near ({deadline})"),
    "sla_breach": ("工单 {number} 的{metric}已超时",
                   "Work order {number} is past its {metric} deadline"),
}


def params_of(wo: Any, **more: Any) -> dict[str, Any]:
    """The parameters every message of a work order carries, plus `more` (JSON values)."""
    out = {"number": wo.number, "title": wo.title}
    for key, value in more.items():
        out[key] = value.isoformat() if isinstance(value, dt.datetime) else value
    return out


def metric_label(code: str, lang: str) -> str:
    """An SLA metric's name in `lang` (lower case inside an English sentence)."""
    from yunwei.calendars.choices import Metric

    try:
        label = Metric(code).label
    except ValueError:
        return str(code)
    with translation.override(lang):
        text = str(label)
    return text.lower() if lang.startswith("en") else text


def render(code: str, params: dict[str, Any], lang: str) -> str | None:
    """The message in `lang` ("zh-hans" or "en"), or None for an unknown code."""
    if code not in MESSAGES:
        return None
    english = (lang or "").startswith("en")
    template = MESSAGES[code][1 if english else 0]
    values = dict(params or {})
    if "metric" in values:
        values["metric"] = metric_label(values["metric"], "en" if english else "zh-hans")
    if "deadline" in values:
        moment = parse_datetime(str(values["deadline"]))
        values["deadline"] = formatting.when(moment) if moment else values["deadline"]
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return None


def current_language() -> str:
    """The active language as a messages language."""
    return translation.get_language() or "zh-hans"
