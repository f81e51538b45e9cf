"""The agency's late-payment clause becomes a term of each scheme (`payments.late_payment`).

Before, every contract was charged the same formula (0.03 % a day of the amount paid late from
the 15th working day after the due date, at most 20 %). A scheme whose definition states no
clause and whose template does not say the contract has none keeps exactly those figures: the
formula is written into its definition, where the agency can now change or remove it. Schemes
from templates whose contracts set no such clause (student-card-2024, cloud-db-2022) get none.
"""

from django.db import migrations

#: Templates whose contracts set no late-payment penalty for the agency.
NO_CLAUSE = {"student-card-2024", "cloud-db-2022"}
#: The formula every contract was charged before (seed 000's clause).
FORMULA = {"percent_per_day": "0.03", "from_working_day": 15, "cap_percent": 20,
           "basis": "overdue", "clause": "原统一按此计算，请按合同核对"}


def forwards(apps, schema_editor):
    Scheme = apps.get_model("assessment", "Scheme")
    for scheme in Scheme.objects.all().only("pk", "template", "definition"):
        data = dict(scheme.definition or {})
        if not data:
            continue
        code = scheme.template or data.get("code", "")
        payments = dict(data.get("payments") or {})
        if "late_payment" in payments or code in NO_CLAUSE:
            continue
        payments["late_payment"] = dict(FORMULA)
        data["payments"] = payments
        Scheme.objects.filter(pk=scheme.pk).update(definition=data)


def backwards(apps, schema_editor):
    Scheme = apps.get_model("assessment", "Scheme")
    for scheme in Scheme.objects.all().only("pk", "definition"):
        data = dict(scheme.definition or {})
        payments = dict(data.get("payments") or {})
        if payments.get("late_payment") == FORMULA:
            payments.pop("late_payment")
            data["payments"] = payments
            if not any(payments.values()):
                data.pop("payments")
            Scheme.objects.filter(pk=scheme.pk).update(definition=data)


class Migration(migrations.Migration):
    """Write the formula every contract was charged into the schemes that state no clause."""

    dependencies = [("assessment", "0006_pending_decision")]

    operations = [migrations.RunPython(forwards, backwards)]
