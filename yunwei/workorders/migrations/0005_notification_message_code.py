"""Notification texts become a code and parameters (rendered in the reader's language).

Existing rows were stored in Chinese only. Each is given the code its kind names and the
parameters read from where they live: the number and title from its work order, the metric
from the text (响应/到场/解决), the deadline from the SLA clock its kind names. A row whose
text matches no known message keeps its code empty and is shown as it was written."""

import re

from django.db import migrations, models

#: kind prefix -> message code (kinds are "assigned:<version>", "warning:<clock id>", ...)
CODES = {"assigned": "assigned", "pause_requested": "pause_requested",
         "awaiting_signoff": "awaiting_signoff", "reopen": "reopened",
         "refuse_pause": "pause_refused", "self_report": "self_report",
         "warning": "sla_warning", "breach": "sla_breach"}
METRICS = {"响应": "response", "到场": "on_site", "解决": "resolution"}
#: code -> the Chinese text it replaced (the metric as a group where there is one)
PATTERNS = {
    "assigned": r"工单 \S+ 已派给您：", "pause_requested": r"工单 \S+ 申请挂起",
    "awaiting_signoff": r"工单 \S+ 已处理完毕", "reopened": r"工单 \S+ 已被退回",
    "pause_refused": r"工单 \S+ 的挂起申请未获同意", "self_report": r"新的自助报修 ",
    "sla_warning": r"工单 \S+ 的(响应|到场|解决)时限即将到期",
    "sla_breach": r"工单 \S+ 的(响应|到场|解决)已超时"}


def forwards(apps, schema_editor):
    Notification = apps.get_model("workorders", "Notification")
    Clock = apps.get_model("calendars", "SlaClockRecord")
    for row in Notification.objects.select_related("work_order").filter(code="").iterator():
        prefix, _, ref = row.kind.partition(":")
        code = CODES.get(prefix)
        match = re.match(PATTERNS[code], row.text) if code else None
        if match is None:
            continue
        params = {"number": row.work_order.number, "title": row.work_order.title}
        if code in ("sla_warning", "sla_breach"):
            params["metric"] = METRICS[match.group(1)]
        if code == "sla_warning":
            clock = Clock.objects.filter(pk=ref).first() if ref.isdigit() else None
            if clock is None or clock.deadline is None:
                continue  # keeps its text: the deadline cannot be told again
            params["deadline"] = clock.deadline.isoformat()
        Notification.objects.filter(pk=row.pk).update(code=code, params=params)


class Migration(migrations.Migration):

    dependencies = [
        ("workorders", "0004_next_deadline"),
        ("calendars", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="code",
            field=models.CharField(blank=True, max_length=32, verbose_name="message"),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="parameters"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
