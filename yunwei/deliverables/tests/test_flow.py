"""Submit -> return -> resubmit -> approve; deemed approval by the job system at a frozen
clock; refusals for the wrong side, role or state; generation, late and missing; measures
and payment conditions. Expected dates are counted by hand on the 2026 arrangement."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from unittest import mock

import pytest
from django_tasks_db.models import DBTaskResult

from yunwei.core import conditions, measures
from yunwei.core.errors import Refused
from yunwei.core.worker import Worker
from yunwei.deliverables import actions
from yunwei.deliverables.models import Deliverable, DocumentType

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


@contextmanager
def frozen(when: dt.datetime):
    """Every timezone.now() (actions, queue, worker) answers `when`."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def run_queue(when: dt.datetime) -> None:
    with frozen(when):
        worker = Worker(periodic=set(), manage_connections=False)
        while worker.step():
            pass


@pytest.fixture
def monthly(world):
    dtype = DocumentType.objects.create(
        contract=world.a.contract, name="运维服务月报", frequency="monthly", due_workdays=5,
        reviewer_role="agency_admin", review_workdays=10, deemed_approval=True,
        rework_workdays=5, missing_workdays=20)
    actions.do_generate(dtype, at(2026, 10, 1))
    return dtype


def item(dtype, month: int) -> Deliverable:
    return dtype.instances.get(period_end__month=month)


def test_generation_makes_one_instance_per_begun_period_and_is_idempotent(world, monthly):
    assert monthly.instances.count() == 10  # January .. October (begun on 10-01)
    assert actions.do_generate(monthly, at(2026, 10, 1)) == 0
    assert item(monthly, 9).due_date == dt.date(2026, 10, 13)
    assert item(monthly, 1).due_date == dt.date(2026, 2, 6)
    assert actions.do_generate(monthly, at(2026, 11, 2)) == 1


def test_submit_return_resubmit_approve(world, monthly):
    pm, agency = world.a.users["vendor_pm"], world.a.users["agency_admin"]
    sep = item(monthly, 9)
    actions.do_submit(sep, pm, content=b"v1", name="9月月报.docx", now=at(2026, 10, 12))
    assert (sep.status, sep.version, sep.submitted_late) == ("submitted", 1, False)
    assert sep.review_deadline == dt.date(2026, 10, 26)
    first_job = sep.deem_job
    assert DBTaskResult.objects.filter(id=first_job, status="READY").exists()

    with pytest.raises(Refused):  # a return needs comments
        actions.do_review(sep, agency, approve=False, comments=" ")
    actions.do_review(sep, agency, approve=False, comments="补充满意度", now=at(2026, 10, 14))
    assert (sep.status, sep.returns, sep.comments) == ("returned", 1, "补充满意度")
    assert sep.rework_deadline == dt.date(2026, 10, 21)
    assert not DBTaskResult.objects.filter(id=first_job).exists()  # withdrawn

    actions.do_submit(sep, pm, content=b"v2", name="9月月报-修订.docx", now=at(2026, 10, 20))
    assert (sep.status, sep.version, sep.submitted_late) == ("resubmitted", 2, False)
    assert sep.review_deadline == dt.date(2026, 11, 3)
    second_job = sep.deem_job

    actions.do_review(sep, agency, approve=True, now=at(2026, 10, 22))
    assert (sep.status, sep.approved_on) == ("approved", dt.date(2026, 10, 22))
    assert not DBTaskResult.objects.filter(id=second_job).exists()
    decisions = list(sep.submissions.order_by("version").values_list("version", "decision",
                                                                      "comments"))
    assert decisions == [(1, "returned", "补充满意度"), (2, "approved", "")]
    assert [s.file.read() for s in sep.submissions.order_by("version")] == [b"v1", b"v2"]


def test_deemed_approval_at_the_end_of_the_window(world, monthly):
    pm = world.a.users["vendor_pm"]
    aug = item(monthly, 8)  # due 09-07
    with frozen(at(2026, 9, 4)):
        actions.do_submit(aug, pm, content=b"x", name="8月.docx")
    assert aug.review_deadline == dt.date(2026, 9, 18)  # 10 working days after Fri 09-04
    run_queue(at(2026, 9, 18, 23, 59))  # still inside the window: nothing happens
    aug.refresh_from_db()
    assert aug.status == "submitted"
    run_queue(at(2026, 9, 19, 0, 1))
    aug.refresh_from_db()
    assert (aug.status, aug.approved_on) == ("deemed_approved", dt.date(2026, 9, 19))
    assert aug.submissions.get().decision == "deemed"


def test_no_deemed_approval_where_the_contract_does_not_say_so(world, monthly):
    monthly.deemed_approval = False
    monthly.save()
    jul = item(monthly, 7)
    actions.do_submit(jul, world.a.users["vendor_pm"], content=b"x", name="7.docx",
                      now=at(2026, 8, 3))
    assert jul.deem_job == ""
    run_queue(at(2026, 12, 1))
    jul.refresh_from_db()
    assert jul.status == "submitted"


@pytest.mark.parametrize("role", ["agency_admin", "supervisor", "expert", "requester",
                                  "service_desk"])
def test_only_the_vendor_submits(world, monthly, role):
    with pytest.raises(Refused):
        actions.do_submit(item(monthly, 9), world.a.users[role], content=b"x", name="a")


def test_foreign_vendor_cannot_submit(world, monthly):
    with pytest.raises(Refused):
        actions.do_submit(item(monthly, 9), world.b.users["vendor_pm"], content=b"x", name="a")


@pytest.mark.parametrize("role", ["supervisor", "agency_liaison", "expert", "vendor_pm"])
def test_only_the_reviewer_role_reviews(world, monthly, role):
    sep = item(monthly, 9)
    actions.do_submit(sep, world.a.users["vendor_pm"], content=b"x", name="a")
    with pytest.raises(Refused):
        actions.do_review(sep, world.a.users[role], approve=True)


def test_refused_steps_in_the_wrong_state(world, monthly):
    sep = item(monthly, 9)
    agency, pm = world.a.users["agency_admin"], world.a.users["vendor_pm"]
    with pytest.raises(Refused):
        actions.do_review(sep, agency, approve=True)  # nothing submitted
    actions.do_submit(sep, pm, content=b"x", name="a")
    with pytest.raises(Refused):
        actions.do_submit(sep, pm, content=b"y", name="b")  # already under review
    with pytest.raises(Refused):
        actions.do_submit(item(monthly, 8), pm, content=b"", name="b")  # no file
    actions.do_review(sep, agency, approve=True)
    with pytest.raises(Refused):
        actions.do_review(sep, agency, approve=False, comments="再改")


def test_late_and_missing_marks_and_measures(world, monthly):
    # On 11-10: September (due 10-13) is late; missing from 20 working days after its due
    # date: 10-14 .. 11-10 is the 20th working day -> missing from 11-11.
    result = actions.generate_all(at(2026, 11, 10))
    assert result["created"] >= 1 and monthly.instances.count() == 11  # November began
    assert item(monthly, 9).status == "late"
    assert item(monthly, 1).status == "missing"
    actions.generate_all(at(2026, 11, 11))
    assert item(monthly, 9).status == "missing"
    oct_ = item(monthly, 10)  # due 11-06 (Oct 31 is Sat: 11-02..11-06)
    assert oct_.due_date == dt.date(2026, 11, 6) and oct_.status == "late"
    actions.do_submit(oct_, world.a.users["vendor_pm"], content=b"x", name="10.docx",
                      now=at(2026, 11, 11))
    oct_.refresh_from_db()
    assert oct_.submitted_late
    events = measures.collect(world.a.contract, ["deliverable_late", "deliverable_missing"],
                              at(2026, 11, 1, 0), at(2026, 12, 1, 0))
    ours = [(e.measure, e.ref) for e in events if e.attrs["document_type"] == monthly.name]
    assert ours == [("deliverable_late", f"deliverables.deliverable:{oct_.pk}")]
    events = measures.collect(world.a.contract, ["deliverable_missing"], at(2026, 1, 1, 0),
                              at(2027, 1, 1, 0))
    assert len([e for e in events if e.attrs["document_type"] == monthly.name]) == 9  # Jan-Sep


def test_payment_condition_deliverable_approved(world, monthly):
    sep = item(monthly, 9)
    ref = f"deliverable:{sep.pk}"
    assert conditions.met_on("deliverable_approved", world.a.contract, ref) is None
    actions.do_submit(sep, world.a.users["vendor_pm"], content=b"x", name="a",
                      now=at(2026, 10, 12))
    actions.do_review(sep, world.a.users["agency_admin"], approve=True, now=at(2026, 10, 15))
    assert conditions.met_on("deliverable_approved", world.a.contract, ref) == \
        dt.date(2026, 10, 15)
    assert conditions.met_on("deliverable_approved", world.b.contract, ref) is None
    # the whole type: not met while other months are outstanding
    assert conditions.met_on("deliverable_approved", world.a.contract, str(monthly.pk)) is None
    assert {"deliverable_approved", "acceptance_passed", "invoice_received"} <= \
        conditions.known()
