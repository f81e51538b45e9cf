"""Where a period's fines are taken is what the definition says (`payments.fines_from`):
deducted from the final payment, claimed against the guarantee (up to the bond), or
recovered separately; the scheme's box only writes that term. Amounts by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from yunwei.assessment.definition import template_data
from yunwei.scoring.engine import load_scheme

D = Decimal
FINES = D("11180.00")


def settle_with(payments: dict) -> object:
    from yunwei.assessment.compute import settle
    from yunwei.assessment.models import Scheme
    from yunwei.contracts.models import Contract

    data = template_data("prison-2025")
    data["payments"] = payments
    scheme = Scheme(contract=Contract(amount=D("1118000.00")), final_payment=D("400000.00"),
                    definition=data)
    a = SimpleNamespace(scheme=scheme, engine=load_scheme(data), withdrawn={}, decided={})
    day = dt.date(2025, 1, 1)
    period = SimpleNamespace(lines=[], fines=FINES, score=D(90), tier=None, tier_pending=False,
                             rule_fines=FINES, tier_fine=D("0.00"), failed=[],
                             terminations=[], period=SimpleNamespace(code="all", start=day,
                                                                     end=day))
    return settle(a, period)


def test_the_definition_decides_where_fines_are_taken():
    # deducted: 400,000.00 - 11,180.00 = 388,820.00
    r = settle_with({"fines_from": "next_payment"})
    assert (r.final_payment_yuan, r.guarantee_claim_yuan) == (D("388820.00"), D("0.00"))
    # the definition says "bond" (the box was never ticked): claimed, the payment is whole
    r = settle_with({"fines_from": "bond"})
    assert r.guarantee and r.final_payment_yuan == D("400000.00")
    assert r.guarantee_claim_yuan == FINES and r.unrecovered_yuan == D("0.00")
    # a bond of 5,000.00: 5,000.00 claimed, 11,180.00 - 5,000.00 = 6,180.00 not covered
    r = settle_with({"fines_from": "bond", "bond": {"amount": "5000.00"}})
    assert (r.guarantee_claim_yuan, r.unrecovered_yuan) == (D("5000.00"), D("6180.00"))
    # "none": the payment is whole, the fines are recovered separately
    r = settle_with({"fines_from": "none"})
    assert not r.guarantee and r.final_payment_yuan == D("400000.00")
    assert r.guarantee_claim_yuan == D("0.00") and r.unrecovered_yuan == FINES


def test_the_editor_writes_fines_from():
    from yunwei.assessment.tests.test_editor_terms import edit

    prison = template_data("prison-2025")
    _form, out = edit(prison, fines_from="none")
    assert out["payments"]["fines_from"] == "none"
    assert load_scheme(out).payments["fines_from"] == "none"
    _form, out = edit(prison)  # untouched: nothing written
    assert "fines_from" not in (out.get("payments") or {})


@pytest.mark.django_db
def test_the_guarantee_box_writes_the_definition(world):
    from yunwei.assessment.actions import do_edit_scheme
    from yunwei.assessment.models import Scheme
    from yunwei.core.errors import Refused

    scheme = Scheme.objects.get(pk=world.a.scheme.pk)
    assert scheme.fines_from == "next_payment" and not scheme.guarantee
    with pytest.raises(Refused):  # no bond to claim against (test_editor_gaps.py)
        do_edit_scheme(scheme, guarantee=True)
    scheme.definition = {**scheme.definition, "payments": {
        **(scheme.definition.get("payments") or {}), "bond": {"percent": 10}}}
    scheme.save()
    do_edit_scheme(scheme, guarantee=True)
    scheme = Scheme.objects.get(pk=scheme.pk)
    assert scheme.definition["payments"]["fines_from"] == "bond" and scheme.guarantee
    do_edit_scheme(scheme, guarantee=False)
    assert Scheme.objects.get(pk=scheme.pk).fines_from == "next_payment"


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_schemes_figures():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("assessment", "0010_loan_prime_rate")], \
        [("assessment", "0012_remove_scheme_guarantee")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        _migrate_and_check(executor, before, after)
    finally:  # the database is left at the latest migrations for the tests that follow
        executor = MigrationExecutor(connection)
        executor.migrate(latest)


def _migrate_and_check(executor, before, after) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    apps = executor.loader.project_state(before).apps
    Contract = apps.get_model("contracts", "Contract")
    Scheme = apps.get_model("assessment", "Scheme")
    Org = apps.get_model("organizations", "Organization")
    agency = Org.objects.create(kind="agency", name="甲方")
    vendor = Org.objects.create(kind="vendor", name="乙方")
    data = template_data("transport-video-2022")  # says fines_from: next_payment
    rows = []
    for i, (box, where) in enumerate([(True, "next_payment"), (False, "bond"),
                                      (False, None), (True, None)]):
        contract = Contract.objects.create(number=f"MIG-{i}", code=f"M{i}", project_name=f"m{i}",
                                           amount=D("1000000.00"), agency=agency,
                                           vendor=vendor, service_start=dt.date(2025, 1, 1),
                                           service_end=dt.date(2025, 12, 31))
        defn = dict(data, payments=dict(data["payments"]))
        if where is None:
            defn["payments"].pop("fines_from")
        else:
            defn["payments"]["fines_from"] = where
        rows.append(Scheme.objects.create(contract=contract, name=f"m{i}", guarantee=box,
                                          definition=defn).pk)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    Scheme = apps.get_model("assessment", "Scheme")
    got = [Scheme.objects.get(pk=pk).definition["payments"].get("fines_from") for pk in rows]
    # what the box did before: ticked -> bond; not ticked -> deducted (next_payment)
    assert got == ["bond", "next_payment", None, "bond"]
