"""A contract's payment milestones have one source of truth: its `PaymentMilestone` rows.

Before, a scheme's definition could carry `payments.milestones` (from a template or a file)
that the platform never read; the rows were what the score page used. Each scheme whose
definition carries milestones: when its contract has no rows, the milestones become its rows
(share x the contract's total when they are the template's own figures, as written otherwise;
planned, no dates, so no due date and no penalty: nothing computed changes); when it has rows,
the rows stay as they are (they are what every figure was computed from) and milestones that
differ from them are kept in `options["superseded_milestones"]`. The definition then no
longer stores them (the API's `definition` writes the rows back in).
"""

import json
from decimal import Decimal

from django.db import migrations


def _same(items, rows) -> bool:
    if len(items) != len(rows):
        return False
    return all(Decimal(str(m.get("percent"))) == r.percent for m, r in zip(items, rows,
                                                                           strict=True))


def _plain(value):
    return json.loads(json.dumps(value, default=str))


def forwards(apps, schema_editor):
    from yunwei.assessment.definition import (
        milestones_given,
        row_terms,
        template_data,
        without_milestones,
    )

    Scheme = apps.get_model("assessment", "Scheme")
    Milestone = apps.get_model("assessment", "PaymentMilestone")
    for scheme in Scheme.objects.select_related("contract").all():
        data = scheme.definition or {}
        items = milestones_given(data)
        if items is None:
            continue
        rows = list(Milestone.objects.filter(contract_id=scheme.contract_id)
                    .order_by("seq", "pk"))
        options = dict(scheme.options or {})
        if not rows:
            own = milestones_given(template_data(scheme.template) or {}) if scheme.template \
                else None
            known = {f.name for f in Milestone._meta.concrete_fields}
            for i, m in enumerate(items):
                terms = row_terms(m, i + 1, scheme.contract.amount, from_template=own == items)
                # only the columns of this state (later migrations add e.g. English names)
                Milestone.objects.create(contract_id=scheme.contract_id, **{
                    k: v for k, v in terms.items() if k in known})
        elif not _same(items, rows):
            options["superseded_milestones"] = items
        Scheme.objects.filter(pk=scheme.pk).update(definition=without_milestones(data),
                                                   options=options)


class Migration(migrations.Migration):
    """Take the definitions' payment milestones into the contracts' milestone rows."""

    dependencies = [("assessment", "0008_milestone_due_on")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
