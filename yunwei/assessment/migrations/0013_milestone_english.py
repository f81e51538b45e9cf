"""Payment milestones get an English name and condition (`name_en`, `condition_en`, blank:
the Chinese is shown when there is none). A contract's rows that came from a template (the
scheme's template gives, at the same place, a milestone of the same Chinese name) take the
template's English name, and its English condition when the condition is the template's too;
rows entered or changed by hand are left as they are.
"""

from django.db import migrations, models


def _text(value, lang):
    return str(value.get(lang) or "") if isinstance(value, dict) else ""


def forwards(apps, schema_editor):
    from yunwei.assessment.definition import milestones_given, template_data

    Scheme = apps.get_model("assessment", "Scheme")
    Milestone = apps.get_model("assessment", "PaymentMilestone")
    for scheme in Scheme.objects.exclude(template=""):
        items = milestones_given(template_data(scheme.template) or {}) or []
        for row in Milestone.objects.filter(contract_id=scheme.contract_id, name_en=""):
            if not 1 <= row.seq <= len(items):
                continue
            m = items[row.seq - 1]
            if _text(m.get("name"), "zh") != row.name:
                continue
            row.name_en = _text(m.get("name"), "en")[:100]
            if row.condition and _text(m.get("condition"), "zh") == row.condition:
                row.condition_en = _text(m.get("condition"), "en")[:200]
            row.save(update_fields=["name_en", "condition_en"])


class Migration(migrations.Migration):

    dependencies = [
        ("assessment", "0012_remove_scheme_guarantee"),
    ]

    operations = [
        migrations.AddField(
            model_name="paymentmilestone",
            name="name_en",
            field=models.CharField(blank=True, help_text="Shown to English readers (the name "
                                   "above when empty)", max_length=100,
                                   verbose_name="name in English"),
        ),
        migrations.AddField(
            model_name="paymentmilestone",
            name="condition_en",
            field=models.CharField(blank=True, help_text="Shown to English readers (the "
                                   "condition above when empty)", max_length=200,
                                   verbose_name="condition in English"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
