"""The platform's assessment on the general engine: the scheme as data (validated on save), the
measures registered by the apps that own the records, the contract's own periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yunwei.assessment import actions
from yunwei.assessment.compute import assess_periods
from yunwei.assessment.tests.test_assessment import counted_7x24, resolved_order

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
YEAR_END = dt.datetime(2027, 1, 1, tzinfo=TZ)


def test_prison_scheme_as_data_gives_the_hand_computed_deductions(world):
    counted_7x24(world)
    late = resolved_order(world, 8 + 30, day=2)      # 30 h overdue: -0.2 -0.1 = -0.3
    soon = resolved_order(world, 8 + 5, day=3)       # 5 h overdue: -0.2
    unsigned = resolved_order(world, 2, day=4, signed=False)  # unsigned 72 h on: -1
    a = assess_periods(world.a.scheme, as_of=YEAR_END)
    assert a.problems == [] and [p.period.code for p in a.result.periods] == ["all"]
    period = a.period("all")
    lines = {(line.code, line.evidence[0].label): line for line in period.lines}
    assert lines[("W-LATE-24", late.number)].points == Decimal("-0.3")
    assert lines[("W-LATE-4-24", soon.number)].points == Decimal("-0.2")
    assert lines[("W-UNSIGNED", unsigned.number)].points == Decimal(-1)
    # the fixture's records: a 3rd-level accident (-2, 1 % of 1,118,000 = 11,180.00) with no
    # report (-2), an absence (-1), an unsatisfied quarter (-4), W-FORM by hand (-0.5), and
    # the praise not yet checked (pending, not counted)
    codes = {line.code for line in period.lines if not line.pending}
    assert {"A-L3", "A-REPORT", "P-ABSENT", "Q-UNSAT", "W-FORM"} <= codes
    assert [line.code for line in period.lines if line.pending] == ["R-UNIT"]
    assert period.rule_fines == Decimal("11180.00")
    # the fixture's open order (no resolution clock of its level?) aside, the score is
    # 100 - 0.3 - 0.2 - 1 - 2 - 2 - 1 - 4 - 0.5 = 89 plus what the open order adds
    opened = sum(line.points for line in period.lines if not line.pending
                 and line.evidence[0].label == world.a.work_order.number)
    assert period.score == Decimal("89.0") + opened


def test_a_bad_definition_is_refused_and_nothing_is_saved(world):
    from yunwei.scoring.engine import SchemeError

    scheme = world.a.scheme
    before = scheme.definition
    bad = dict(before, rules=[*before["rules"], {"code": "X", "kind": "per_event",
                                                  "measure": "nope", "points": -1}])
    with pytest.raises(SchemeError, match="nope"):
        actions.do_save_definition(scheme, bad)
    scheme.refresh_from_db()
    assert scheme.definition == before
