"""A work order's resolution clock starts at the report time: its stored label says so."""

from django.db import migrations


def relabel(apps, schema_editor):
    clocks = apps.get_model("calendars", "SlaClockRecord")
    clocks.objects.filter(subject_type="workorders.workorder", label="受理").update(label="报告")


class Migration(migrations.Migration):

    dependencies = [
        ("workorders", "0005_notification_message_code"),
        ("calendars", "0004_target_versions"),
    ]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
