"""Operations records counted per period against the contract's terms; vulnerability
deadlines; unapproved changes; and their measures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from yunwei.core import measures
from yunwei.core.errors import Refused
from yunwei.operations import actions
from yunwei.operations.counting import count_terms
from yunwei.operations.models import (
    Change,
    OperationsRecord,
    OperationsTerm,
    Vulnerability,
    VulnerabilityDeadline,
)

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai, the platform's zone


def t(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def record(world, kind: str, when: dt.datetime, title: str = "") -> OperationsRecord:
    return OperationsRecord.objects.create(contract=world.a.contract, kind=kind,
                                           title=title or f"{kind} {when:%m-%d}",
                                           performed_at=when)


def test_a_drill_late_on_the_last_day_of_a_quarter_counts_in_that_quarter(world):
    OperationsTerm.objects.create(contract=world.a.contract, kind="drill", period="quarter",
                                  minimum=1)
    last_day = record(world, "drill", t(2025, 3, 31, 23, 30))  # 15:30 UTC: still March 31
    next_day = record(world, "drill", t(2025, 4, 1, 0, 10))    # 16:10 UTC on March 31
    counts = {tc.term.period: tc.periods for tc in count_terms(world.a.contract,
                                                               dt.date(2025, 1, 1),
                                                               dt.date(2025, 9, 30))}
    q1, q2, q3 = counts["quarter"]
    assert (q1.start, q1.count, q1.items) == (dt.date(2025, 1, 1), 1, (last_day,))
    assert (q2.start, q2.count, q2.items) == (dt.date(2025, 4, 1), 1, (next_day,))
    assert (q3.count, q3.shortfall) == (0, 1)
    # the measure gives the same split for the engine's periods
    q1_events = measures.collect(world.a.contract, ["drill"], t(2025, 1, 1, 0),
                                 t(2025, 4, 1, 0))
    assert [e.ref for e in q1_events] == [f"operations.operationsrecord:{last_day.pk}"]


def year_of(world, term):
    """The periods of one term over 2025."""
    counts = count_terms(world.a.contract, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    return next(tc for tc in counts if tc.term == term).periods


def test_the_fifth_drill_where_four_is_the_maximum(world):
    # the world's own term: drills, at most 4 a year
    term = OperationsTerm.objects.get(contract=world.a.contract, kind="drill", period="year")
    assert term.maximum == 4
    drills = [record(world, "drill", t(2025, m, 15)) for m in (2, 4, 6, 8)]
    [year] = year_of(world, term)
    assert (year.count, year.excess) == (4, 0)
    fifth = record(world, "drill", t(2025, 12, 31, 23, 59))
    [year] = year_of(world, term)
    assert (year.count, year.over) == (5, (fifth,))
    events = measures.collect(world.a.contract, ["drill"], t(2025, 1, 1, 0), t(2026, 1, 1, 0))
    assert [e.ref for e in events] == [f"operations.operationsrecord:{r.pk}"
                                       for r in [*drills, fifth]]


def test_minimum_of_special_duties_per_year(world):
    OperationsTerm.objects.create(contract=world.a.contract, kind="special_duty", period="year",
                                  minimum=5)
    for m in (1, 5, 10):
        record(world, "special_duty", t(2025, m, 1))
    [tc] = [tc for tc in count_terms(world.a.contract, dt.date(2025, 1, 1),
                                     dt.date(2025, 12, 31)) if tc.term.kind == "special_duty"]
    assert (tc.periods[0].count, tc.periods[0].shortfall) == (3, 2)


# -- vulnerabilities ----------------------------------------------------------------------------
@pytest.mark.parametrize(("fixed_after_minutes", "overdue"), [
    (72 * 60 - 1, False), (72 * 60, False), (72 * 60 + 1, True), (None, True)])
def test_vulnerability_deadline_from_the_contract(world, fixed_after_minutes, overdue):
    found = t(2025, 6, 2, 10)
    vul = Vulnerability.objects.create(
        contract=world.a.contract, title="OpenSSH", severity="high", found_at=found,
        fixed_at=None if fixed_after_minutes is None
        else found + dt.timedelta(minutes=fixed_after_minutes))
    actions.do_schedule_vulnerability(vul)  # the world's term: high, 72 h
    assert vul.deadline == found + dt.timedelta(hours=72)
    events = measures.collect(world.a.contract, ["vulnerability_overdue"], t(2025, 1, 1, 0),
                              t(2026, 1, 1, 0))
    assert [e.ref for e in events] == ([f"operations.vulnerability:{vul.pk}"] if overdue
                                       else [])


def test_vulnerability_without_a_term_has_no_deadline(world):
    vul = Vulnerability.objects.create(contract=world.a.contract, title="x", severity="low",
                                       found_at=t(2025, 6, 2))
    assert actions.do_schedule_vulnerability(vul).deadline is None
    VulnerabilityDeadline.objects.create(contract=world.a.contract, severity="low",
                                         hours=D(720))
    assert actions.do_schedule_vulnerability(vul).deadline == t(2025, 7, 2)


# -- changes -----------------------------------------------------------------------------------
def _change(world, **kw) -> Change:
    return Change.objects.create(contract=world.a.contract, title="MCU 升级",
                                 requested_at=t(2025, 5, 1), window_start=t(2025, 5, 10, 20),
                                 window_end=t(2025, 5, 10, 23), **kw)


@pytest.mark.parametrize(("approve", "start", "end", "flagged"), [
    (True, t(2025, 5, 10, 20), t(2025, 5, 10, 23), False),
    (True, t(2025, 5, 10, 20), t(2025, 5, 10, 23, 1), True),
    (True, t(2025, 5, 10, 19, 59), t(2025, 5, 10, 21), True),
    (False, t(2025, 5, 10, 20), t(2025, 5, 10, 21), True),
])
def test_work_outside_an_approved_window_is_flagged(world, approve, start, end, flagged):
    change = _change(world)
    if approve:
        change = actions.do_approve_change(change, actor=world.a.users["agency_liaison"])
    change.started_at, change.finished_at = start, end
    change.save()
    actions.do_check_change(change)
    assert change.unapproved is flagged
    events = measures.collect(world.a.contract, ["unapproved_change"], t(2025, 1, 1, 0),
                              t(2026, 1, 1, 0))
    assert [e.ref for e in events] == ([f"operations.change:{change.pk}"] if flagged else [])


@pytest.mark.parametrize("role", ["vendor_pm", "vendor_engineer", "supervisor", "expert"])
def test_only_the_agency_approves_changes(world, role):
    change = _change(world)
    with pytest.raises(Refused):
        actions.do_approve_change(change, actor=world.a.users[role])
    with pytest.raises(Refused):
        actions.do_approve_change(change, actor=world.b.users["agency_admin"])
    assert actions.do_approve_change(change, actor=world.a.users["agency_admin"]).state \
        == "approved"


def test_an_approved_window_cannot_be_moved_afterwards(world):
    from django.test import Client

    change = _change(world)
    client = Client()
    client.force_login(world.a.users["vendor_pm"])
    moved = {"window_end": t(2025, 5, 11, 3).isoformat()}
    response = client.patch(f"/api/changes/{change.pk}/", moved,
                            content_type="application/json")
    assert response.status_code == 200  # still a request: the vendor may adjust it
    change.refresh_from_db()
    change = actions.do_approve_change(change, actor=world.a.users["agency_admin"])
    response = client.patch(f"/api/changes/{change.pk}/",
                            {"window_end": t(2025, 5, 12).isoformat()},
                            content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "window_end"
    response = client.patch(f"/api/changes/{change.pk}/",
                            {"started_at": t(2025, 5, 10, 20).isoformat(),
                             "finished_at": t(2025, 5, 11, 2).isoformat()},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["unapproved"] is False
    assert response.json()["state"] == "done"
    page = client.get(f"/operations/changes/{change.pk}/edit/").content.decode()
    assert 'name="window_end"' in page and "disabled" in page.split('name="window_end"')[1][:200]
    Change.objects.filter(pk=change.pk).update(state="approved")
    change.refresh_from_db()
    change.window_start = t(2025, 5, 9)
    with pytest.raises(Refused):
        actions.do_check_change(change)
