"""Where a period's fines are taken is the definition's `payments.fines_from`, no longer the
scheme's "performance guarantee" box.

Before, the platform read only the box (ticked: fines claimed against the guarantee; not
ticked: deducted from the final payment) and ignored what the definition said. Each scheme's
definition now says what the box did, so its figures do not change: `bond` where the box was
ticked, `next_payment` otherwise (a definition that said otherwise is corrected to what was
applied). Schemes without a definition keep none. The next migration removes the box's column.
"""

from django.db import migrations


def _where(data):
    where = ((data or {}).get("payments") or {}).get("fines_from")
    return where if where in ("next_payment", "bond", "none") else "next_payment"


def forwards(apps, schema_editor):
    Scheme = apps.get_model("assessment", "Scheme")
    for scheme in Scheme.objects.all().only("pk", "guarantee", "definition"):
        data = dict(scheme.definition or {})
        want = "bond" if scheme.guarantee else "next_payment"
        if not data or _where(data) == want:
            continue
        data["payments"] = {**(data.get("payments") or {}), "fines_from": want}
        Scheme.objects.filter(pk=scheme.pk).update(definition=data)


def backwards(apps, schema_editor):
    Scheme = apps.get_model("assessment", "Scheme")
    for scheme in Scheme.objects.all().only("pk", "definition"):
        Scheme.objects.filter(pk=scheme.pk).update(
            guarantee=_where(scheme.definition) == "bond")


class Migration(migrations.Migration):
    """Write the guarantee box into each definition's `fines_from`."""

    dependencies = [("assessment", "0010_loan_prime_rate")]

    operations = [migrations.RunPython(forwards, backwards)]
