"""The score page reads the payment milestones' platform conditions (a deliverable's
approval, an acceptance, an invoice) all at once: the same number of queries with one
milestone as with six (no query per milestone)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yunwei.assessment.models import PaymentMilestone
from yunwei.assessment.tests.test_assessment import login
from yunwei.core import conditions

pytestmark = pytest.mark.django_db


def _milestone(world, seq: int, kind: str, ref: str) -> PaymentMilestone:
    return PaymentMilestone.objects.create(
        contract=world.a.contract, seq=seq + 1, name=f"第{seq + 1}期", percent=Decimal(10),
        amount=Decimal("111800.00"), condition="文档审核通过", condition_kind=kind,
        condition_ref=ref, invoice_received_on=dt.date(2026, 9, 1))


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as seen:
        page = client.get(url)
    assert page.status_code == 200
    return len(seen), "\n".join(q["sql"][:160] for q in seen.captured_queries)


def test_the_score_page_reads_one_or_six_approval_conditions_in_the_same_queries(world):
    PaymentMilestone.objects.filter(contract=world.a.contract).delete()
    dtype = world.a.deliverables["documenttype"]
    item = world.a.deliverables["deliverable"]
    refs = [str(dtype.pk), f"deliverable:{item.pk}", str(dtype.pk), f"deliverable:{item.pk}",
            "999999", "deliverable:999999"]
    client = login(world.a.users["vendor_pm"])
    url = f"/assessment/{world.a.scheme.pk}/score/?period=all"
    _milestone(world, 0, "deliverable_approved", refs[0])
    client.get(url)  # caches warm
    one, sql_one = _queries(client, url)
    for seq, ref in enumerate(refs[1:], start=1):
        _milestone(world, seq, "deliverable_approved", ref)
    six, sql_six = _queries(client, url)
    assert PaymentMilestone.objects.filter(contract=world.a.contract).count() == 6
    assert one == six, sql_one + "\n---\n" + sql_six
    body = client.get(url).content.decode()
    assert body.count("文档审核通过（") >= 6  # every milestone shows its platform condition


def test_mixed_conditions_cost_the_same_with_three_or_six_milestones(world):
    PaymentMilestone.objects.filter(contract=world.a.contract).delete()
    dtype = world.a.deliverables["documenttype"]
    acceptance = world.a.deliverables["acceptance"]
    kinds = [("deliverable_approved", str(dtype.pk)), ("acceptance_passed", str(acceptance.pk)),
             ("invoice_received", "")]
    client = login(world.a.users["vendor_pm"])
    url = f"/assessment/{world.a.scheme.pk}/score/?period=all"
    for seq, (kind, ref) in enumerate(kinds):
        _milestone(world, seq, kind, ref)
    client.get(url)
    three, sql_three = _queries(client, url)
    for seq, (kind, ref) in enumerate(kinds, start=3):
        _milestone(world, seq, kind, ref)
    six, sql_six = _queries(client, url)
    assert three == six, sql_three + "\n---\n" + sql_six


def test_read_at_once_gives_what_each_milestone_reads_alone(world):
    """The batch answers are those of the one-by-one reads (an independent path)."""
    from yunwei.deliverables.models import Acceptance, Deliverable

    PaymentMilestone.objects.filter(contract=world.a.contract).delete()
    dtype = world.a.deliverables["documenttype"]
    item = world.a.deliverables["deliverable"]
    acceptance = world.a.deliverables["acceptance"]
    Deliverable.objects.filter(document_type=dtype).update(status="approved",
                                                           approved_on=dt.date(2026, 10, 5))
    Deliverable.objects.filter(pk=item.pk).update(status="approved",
                                                  approved_on=dt.date(2026, 10, 9))
    Acceptance.objects.filter(pk=acceptance.pk).update(status="passed",
                                                       passed_on=dt.date(2026, 10, 12))
    made = [_milestone(world, 0, "deliverable_approved", str(dtype.pk)),
            _milestone(world, 1, "deliverable_approved", f"deliverable:{item.pk}"),
            _milestone(world, 2, "acceptance_passed", str(acceptance.pk)),
            _milestone(world, 3, "invoice_received", ""),
            _milestone(world, 4, "acceptance_passed", "999999"),
            _milestone(world, 5, "no_such_condition", "1")]
    alone = [(p.condition_met_on(), p.agency_delays()) for p in
             PaymentMilestone.objects.filter(pk__in=[m.pk for m in made]).order_by("seq")]
    batch = PaymentMilestone.read_conditions(list(
        PaymentMilestone.objects.filter(pk__in=[m.pk for m in made]).order_by("seq")
        .select_related("contract")))
    with CaptureQueriesContext(connection) as seen:
        together = [(p.condition_met_on(), p.agency_delays()) for p in batch]
    assert len(seen) == 0  # everything was read at once
    assert together == alone
    # worked out by hand: every instance of the type approved, the last on 10-09 (the type's
    # date), the instance itself 10-09, the acceptance passed 10-12, the
    # invoice entered 09-01; an unknown acceptance and an unknown condition are not met
    assert [m for m, _ in together] == [dt.date(2026, 10, 9), dt.date(2026, 10, 9),
                                        dt.date(2026, 10, 12), dt.date(2026, 9, 1), None, None]
    assert "no_such_condition" not in conditions.known()
