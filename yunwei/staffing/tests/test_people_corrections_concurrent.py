"""Hand corrections of attendance made at the same moment (PostgreSQL row locks): a
transactional test, in a module of its own so that the other correction tests share one
world (see the root conftest)."""

import datetime as dt

import pytest
from django.db import connection

from yunwei.core.errors import Refused
from yunwei.staffing import actions
from yunwei.staffing.models import AttendanceRecord, RosterShift
from yunwei.staffing.testing import make_staffing


@pytest.mark.django_db(transaction=True)
def test_two_corrections_of_the_same_day_at_once(world):
    """Two administrators correct the same record at the same moment, both having seen it
    uncorrected: one wins, the other is refused (the row is locked, `seen` compared)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections: PostgreSQL")
    import threading

    from django.db import close_old_connections

    make_staffing(world.a, "A")
    record = AttendanceRecord.objects.get(contract=world.a.contract, day=dt.date(2026, 3, 2))
    admin = world.a.users["agency_admin"]
    barrier, outcomes = threading.Barrier(2), []

    def correct(kind: str, minutes: int) -> None:
        try:
            barrier.wait()
            actions.do_correct_attendance(record, actor=admin, kind=kind, minutes=minutes,
                                          reason=kind, seen=0)
            outcomes.append("ok")
        except Refused as exc:
            outcomes.append(exc.field)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=correct, args=a) for a in (("late", 5), ("absent", 0))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "seen"]
    record.refresh_from_db()
    assert record.corrections == 1
    assert RosterShift.objects.filter(contract=world.a.contract).exists()
