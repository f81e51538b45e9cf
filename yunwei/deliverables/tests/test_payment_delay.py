"""The agency's review delay shown on payments: a payment milestone waiting for a deliverable
approved (or an acceptance passed) shows where the agency answered after its review deadline
or let the window run out (deemed approval), with the document as evidence — and nothing when
the agency answered in time. Dates counted by hand on the 2026 arrangement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from yunwei.assessment.models import PaymentMilestone
from yunwei.core import conditions
from yunwei.deliverables import actions
from yunwei.deliverables.models import DocumentType

from .test_flow import at, frozen, run_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def monthly(world):
    dtype = DocumentType.objects.create(
        contract=world.a.contract, name="运维服务月报", frequency="monthly", due_workdays=5,
        reviewer_role="agency_admin", review_workdays=10, deemed_approval=True)
    actions.do_generate(dtype, at(2026, 10, 1))
    return dtype


def milestone(world, ref: str, name: str) -> PaymentMilestone:
    return PaymentMilestone.objects.create(
        contract=world.a.contract, seq=5, name=name, percent=Decimal(10),
        amount=Decimal("111800.00"), condition="月报审核通过",
        condition_kind="deliverable_approved", condition_ref=ref, due_working_days=20)


def test_late_review_and_deemed_approval_are_shown_on_the_payment(world, monthly):
    pm, agency = world.a.users["vendor_pm"], world.a.users["agency_admin"]
    sep = monthly.instances.get(period_end=dt.date(2026, 9, 30))
    aug = monthly.instances.get(period_end=dt.date(2026, 8, 31))
    jul = monthly.instances.get(period_end=dt.date(2026, 7, 31))
    for item in (sep, aug, jul):  # Monday 10-12: the window ends 10-26 (10 working days)
        actions.do_submit(item, pm, content=b"v1", name="月报.docx", now=at(2026, 10, 12))
    # September answered on Thursday 10-29: 10-27, 10-28, 10-29 -> 3 working days late
    actions.do_review(sep, agency, approve=True, now=at(2026, 10, 29))
    # July answered in time (10-26, the window's last day): no delay
    actions.do_review(jul, agency, approve=True, now=at(2026, 10, 26, 17))
    # August: silence; the job deems it approved once 10-26 is over
    run_queue(at(2026, 10, 27, 0, 5))
    aug.refresh_from_db()
    assert (aug.status, aug.approved_on) == ("deemed_approved", dt.date(2026, 10, 27))

    [late] = conditions.delays_for("deliverable_approved", world.a.contract,
                                   f"deliverable:{sep.pk}")
    assert (late.deadline, late.answered_on, late.workdays_late, late.deemed) == (
        dt.date(2026, 10, 26), dt.date(2026, 10, 29), 3, False)
    assert late.ref == f"deliverables.deliverable:{sep.pk}" and late.url == sep.get_absolute_url()
    [deemed] = conditions.delays_for("deliverable_approved", world.a.contract,
                                     f"deliverable:{aug.pk}")
    assert (deemed.answered_on, deemed.deemed) == (dt.date(2026, 10, 27), True)
    assert conditions.delays_for("deliverable_approved", world.a.contract,
                                 f"deliverable:{jul.pk}") == []
    # another contract's reference: nothing
    assert conditions.delays_for("deliverable_approved", world.b.contract,
                                 f"deliverable:{sep.pk}") == []

    p_sep = milestone(world, f"deliverable:{sep.pk}", "九月款")
    p_aug = milestone(world, f"deliverable:{aug.pk}", "八月款")
    p_jul = milestone(world, f"deliverable:{jul.pk}", "七月款")
    # the condition's date comes from the records: payment due 20 working days later
    assert p_sep.condition_met_on() == dt.date(2026, 10, 29)
    assert p_sep.due_date()[0] == dt.date(2026, 11, 26)
    assert p_aug.condition_met_on() == dt.date(2026, 10, 27)

    client = Client()
    client.force_login(world.a.users["vendor_pm"])
    url = f"/assessment/{world.a.scheme.pk}/score/?period=all"
    with frozen(at(2026, 11, 30)):
        body = client.get(url).content.decode()
    assert "甲方审核超期 3 个工作日（截止 2026-10-26，2026-10-29 答复）" in body
    assert f'href="{sep.get_absolute_url()}"' in body
    assert "2026-10-27 视为通过" in body
    assert body.count('class="warn agency-delay"') == 2  # not July's (answered in time)
    assert p_jul.name in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with frozen(at(2026, 11, 30)):
        english = client.get(url).content.decode()
    assert "3 working days after its review deadline" in english
    assert "甲方审核超期" not in english


def test_acceptance_organised_late_is_the_agencys(world):
    acc = world.a.deliverables["acceptance"]
    acc.organise_by = dt.date(2026, 11, 20)  # a Friday
    acc.save()
    with frozen(at(2026, 11, 25)):  # not organised yet: 11-23, 11-24, 11-25 -> 3
        [delay] = conditions.delays_for("acceptance_passed", world.a.contract, str(acc.pk))
    assert (delay.workdays_late, delay.answered_on) == (3, None)
    assert "尚未组织" in delay.zh and "not yet done" in delay.en
    with frozen(at(2026, 11, 20)):
        assert conditions.delays_for("acceptance_passed", world.a.contract, str(acc.pk)) == []


def test_the_form_needs_the_conditions_reference(world):
    from yunwei.assessment.forms import PaymentMilestoneForm

    data = {"contract": world.a.contract.pk, "seq": 3, "name": "尾款", "percent": "10",
            "amount": "111800.00", "condition_kind": "deliverable_approved",
            "condition_ref": "", "invoice_days_before": 5, "due_working_days": 20,
            "status": "planned"}
    form = PaymentMilestoneForm(data=data, user=world.a.users["agency_admin"])
    assert not form.is_valid() and "condition_ref" in form.errors
    bad = PaymentMilestoneForm(data={**data, "condition_kind": "nonsense", "condition_ref": "1"},
                               user=world.a.users["agency_admin"])
    assert not bad.is_valid() and "condition_kind" in bad.errors
    good = PaymentMilestoneForm(data={**data, "condition_ref": "1"},
                                user=world.a.users["agency_admin"])
    assert good.is_valid(), good.errors
