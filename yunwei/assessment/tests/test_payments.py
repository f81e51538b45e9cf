"""The payments section of a period's score: each instalment, its condition (through the
platform's conditions registry or entered by hand), the deduction of the period's fines and
the amount payable. Figures worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yunwei.assessment.models import PaymentMilestone
from yunwei.assessment.settlement import period_payments
from yunwei.assessment.tests.test_assessment import login

D = Decimal


def milestones() -> list[PaymentMilestone]:
    first = PaymentMilestone(pk=1, seq=1, name="首付款", percent=D(60), amount=D("300000.00"),
                             status="paid", condition_date=dt.date(2026, 3, 1))
    last = PaymentMilestone(pk=2, seq=2, name="尾款", percent=D(40), amount=D("200000.00"),
                            status="planned")
    return [first, last]


def test_the_periods_fines_come_off_the_last_unpaid_instalment():
    rows = period_payments(milestones(), D("11180.00"), guarantee=False)
    # the first is paid: untouched; the last: 200,000.00 - 11,180.00 = 188,820.00
    assert [(r["deduction"], r["payable"]) for r in rows] == [
        (D("0.00"), D("300000.00")), (D("11180.00"), D("188820.00"))]
    assert [r["met"] for r in rows] == [dt.date(2026, 3, 1), None]
    assert [r["source"] for r in rows] == ["hand", "hand"]


def test_fines_beyond_the_instalment_are_shown_as_not_covered():
    rows = period_payments(milestones(), D("250000.00"), guarantee=False)
    # 250,000.00 against 200,000.00: 200,000.00 deducted, 0.00 payable, 50,000.00 not covered
    last = rows[-1]
    assert (last["deduction"], last["payable"], last["uncovered"]) == (
        D("200000.00"), D("0.00"), D("50000.00"))


def test_with_a_guarantee_the_fines_are_claimed_and_the_payment_is_whole():
    last = period_payments(milestones(), D("11180.00"), guarantee=True)[-1]
    assert (last["deduction"], last["claim"], last["payable"]) == (
        D("0.00"), D("11180.00"), D("200000.00"))


@pytest.mark.django_db
def test_a_milestone_waits_for_the_acceptance_through_the_conditions_registry(world):
    from yunwei.deliverables.models import Acceptance

    acceptance = world.a.deliverables["acceptance"]
    milestone = world.a.records["paymentmilestone"]
    milestone.condition_kind, milestone.condition_ref = "acceptance_passed", str(acceptance.pk)
    milestone.save()
    assert milestone.condition_met_on() is None and milestone.due_date() == (None, ())
    client = login(world.a.users["vendor_pm"])
    url = f"/assessment/{world.a.scheme.pk}/score/?period=all"
    page = client.get(url)
    body = page.content.decode()
    assert "本期付款" in body and "验收通过" in body and "尚未达成" in body
    # the only instalment, unpaid: the period's fines come off it, to the fen
    r = page.context["r"]
    [row] = page.context["period_payments"]
    assert row["deduction"] == min(r.fine_yuan, D("559000.00"))
    assert row["payable"] == D("559000.00") - row["deduction"]
    Acceptance.objects.filter(pk=acceptance.pk).update(status="passed",
                                                       passed_on=dt.date(2026, 10, 12))
    milestone.refresh_from_db()
    assert milestone.condition_met_on() == dt.date(2026, 10, 12)
    assert "2026-10-12 达成（平台记录）" in client.get(url).content.decode()
    # the form offers the registered conditions by name and needs the record it reads
    agency = login(world.a.users["agency_admin"])
    form = agency.get(f"/assessment/payments/{milestone.pk}/edit/").content.decode()
    assert "验收通过" in form and "acceptance_passed" in form  # the value, shown as its name
    response = agency.post(f"/assessment/payments/{milestone.pk}/edit/", {
        "contract": world.a.contract.pk, "seq": 1, "name": milestone.name, "percent": "50",
        "amount": "559000.00", "condition_kind": "acceptance_passed", "condition_ref": "",
        "invoice_days_before": 5, "due_working_days": 20, "status": "planned"})
    assert response.status_code == 400
    # the requester sees no score page at all
    assert login(world.a.users["requester"]).get(url).status_code in (403, 404)


def test_with_a_guarantee_the_claim_stops_at_the_bond():
    # fines 150,000.00 against a bond of 111,800.00 (10 % of 1,118,000.00): 111,800.00
    # claimed, 38,200.00 not covered, the payment whole
    last = period_payments(milestones(), D("150000.00"), guarantee=True,
                           bond=D("111800.00"))[-1]
    assert (last["claim"], last["uncovered"], last["payable"]) == (
        D("111800.00"), D("38200.00"), D("200000.00"))
