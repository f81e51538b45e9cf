"""Migration 0007 wrote the former formula into schemes with a note in Chinese only as its
clause ("原统一按此计算，请按合同核对"), which English readers then saw. The note becomes
`{zh, en}` (a clause may be given in both languages; a contract's own clause number stays as
written), shown in the reader's language.
"""

from django.db import migrations

ZH = "原统一按此计算，请按合同核对"
NOTE = {"zh": ZH, "en": "The formula formerly applied to every contract: check it against "
                        "the contract"}


def forwards(apps, schema_editor):
    Scheme = apps.get_model("assessment", "Scheme")
    for scheme in Scheme.objects.all().only("pk", "definition"):
        data = scheme.definition or {}
        late = (data.get("payments") or {}).get("late_payment")
        if isinstance(late, dict) and late.get("clause") == ZH:
            late["clause"] = dict(NOTE)
            Scheme.objects.filter(pk=scheme.pk).update(definition=data)


def backwards(apps, schema_editor):
    Scheme = apps.get_model("assessment", "Scheme")
    for scheme in Scheme.objects.all().only("pk", "definition"):
        data = scheme.definition or {}
        late = (data.get("payments") or {}).get("late_payment")
        if isinstance(late, dict) and late.get("clause") == NOTE:
            late["clause"] = ZH
            Scheme.objects.filter(pk=scheme.pk).update(definition=data)


class Migration(migrations.Migration):

    dependencies = [
        ("assessment", "0014_interpretation_in_both_languages"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
