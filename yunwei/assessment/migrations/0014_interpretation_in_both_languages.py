"""A rule's interpretation (how the agency reads its clause) is `{zh, en}` like its title: the
templates now give both. A stored definition whose rule still carries a template's Chinese
interpretation as plain text gets the template's `{zh, en}`; text the agency wrote itself is
left as it is (shown as written in both languages).
"""

from django.db import migrations


def _known() -> dict[str, dict[str, str]]:
    from yunwei.assessment.definition import SCHEMES_DIR, template_data

    out = {}
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
