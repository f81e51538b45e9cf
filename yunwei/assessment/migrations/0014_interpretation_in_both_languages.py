"""A rule's interpretation (how the agency reads its clause) is `{zh, en}` like its title: the
templates now give both. A stored definition whose rule still carries a template's Chinese
interpretation as plain text gets the template's `{zh, en}`; text the agency wrote itself is
left as it is (shown as written in both languages).
"""

from django.db import migrations


#: notes the templates gave when this migration was written and have since changed (the
#: template files are read as they are now): student-card-2024's SAT, before it became a
#: threshold on the hand-entered survey result
FORMER = {
    "满意度不小于 90% 为达标：由甲方按当季满意度调查结果录入不达标的季度。": {
        "zh": "满意度不小于 90% 为达标：由甲方按当季满意度调查结果录入不达标的季度。",
        "en": "Satisfaction of 90 % or more passes: the agency enters a failed quarter from "
              "that quarter's survey."},
}


def _known() -> dict[str, dict[str, str]]:
    from yunwei.assessment.definition import SCHEMES_DIR, template_data

    out = {key: dict(value) for key, value in FORMER.items()}
    for path in sorted(SCHEMES_DIR.glob("*.yaml")):
        for rule in (template_data(path.stem) or {}).get("rules") or []:
            text = rule.get("interpretation") if isinstance(rule, dict) else None
            if isinstance(text, dict) and text.get("zh") and text.get("en"):
                out[str(text["zh"])] = {"zh": str(text["zh"]), "en": str(text["en"])}
    return out


def forwards(apps, schema_editor):
    Scheme = apps.get_model("assessment", "Scheme")
    known = _known()
    for scheme in Scheme.objects.all():
        data = scheme.definition or {}
        changed = False
        for rule in data.get("rules") or []:
            text = rule.get("interpretation") if isinstance(rule, dict) else None
            if isinstance(text, str) and text in known:
                rule["interpretation"] = dict(known[text])
                changed = True
        if changed:
            Scheme.objects.filter(pk=scheme.pk).update(definition=data)


class Migration(migrations.Migration):

    dependencies = [
        ("assessment", "0013_milestone_english"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
