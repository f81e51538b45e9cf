"""How a work order event reads in the audit trail: its kind and states by their labels, the
people in its data by name, the codes in its data (rating, pause reason) by their labels. The
rows keep the codes; only the display reads them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

#: A label for each key the lifecycle writes into an event's data (workorders.actions).
DATA_LABELS = {
    "assignee": gettext_lazy("assignee"), "on_behalf_of": gettext_lazy("on behalf of"),
    "reason": gettext_lazy("reason"), "confirmed_by": gettext_lazy("confirmed by"),
    "method": gettext_lazy("confirmation method"), "escalation": gettext_lazy("escalation"),
    "rating": gettext_lazy("rating"), "approver": gettext_lazy("approved by"),
    "new_deadline": gettext_lazy("new deadline"), "fields": gettext_lazy("fields changed"),
    "metric": gettext_lazy("metric"),
}


def _choice(choices: Any, value: Any) -> str:
    return str(dict(choices.choices).get(value, value))


def data_lines(value: Any, names: Any) -> list[tuple[str, str]] | str:
    """An event's data, one (label, text) per key."""
    from django.contrib.auth import get_user_model

    from yunwei.calendars.choices import Metric
    from yunwei.calendars.models import PauseReason
    from yunwei.core.auditdisplay import field_label, readable_code, show_value

    from .choices import ConfirmMethod, Escalation, Rating

    if not isinstance(value, dict) or not value:
        return "∅" if not value else show_value(None, value, names)
    user = get_user_model()
    lines = []
    for key, item in value.items():
        if key in ("assignee", "on_behalf_of"):
            shown = names.ref(user, item, key="username")
        elif key == "reason" and isinstance(item, str) and item.isidentifier():
            shown = names.ref(PauseReason, item, key="code")
        elif key == "method":
            shown = _choice(ConfirmMethod, item)
        elif key == "escalation":
            shown = _choice(Escalation, item)
        elif key == "rating":
            shown = _choice(Rating, item)
        elif key == "metric":
            shown = _choice(Metric, item)
        elif key == "fields" and isinstance(item, list):
            shown = "、".join(field_label("workorders.workorder", f) for f in item) or "∅"
        elif key == "new_deadline":
            from django.db import models

            shown = show_value(models.DateTimeField(), item)
        else:
            shown = show_value(None, item, names)
        lines.append((str(DATA_LABELS.get(key) or readable_code(key)), shown))
    return lines


def register() -> None:
    """Register the readers with the audit display."""
    from yunwei.core.auditdisplay import register_value_reader

    from .templatetags.workorders import event_label, state_label

    kind = "workorders.workorderevent"
    register_value_reader(kind, "kind", lambda value, names: event_label(value or ""))
    register_value_reader(kind, "from_state", lambda value, names: state_label(value or ""))
    register_value_reader(kind, "to_state", lambda value, names: state_label(value or ""))
    register_value_reader(kind, "data", data_lines)

