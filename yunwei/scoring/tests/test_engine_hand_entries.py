"""Rate and count rules on the agency's hand entries (no measure): a rate's entry counts the
days late, a count's entry of N counts N times towards the Nth. Expected figures by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yunwei.scoring.engine import SchemeError, load_scheme
from yunwei.scoring.engine.assess import Contract, ManualEntry, assess
from yunwei.scoring.engine.periods import make_periods

CONTRACT = Contract(Decimal("998000.00"), dt.date(2024, 8, 18), dt.date(2025, 8, 17))
SCHEME = {"format": "yunwei.scheme/1", "code": "hand", "name": "hand", "rules": [
    {"code": "D-LATE", "kind": "rate", "manual": True, "title": "late", "percent": 0.5,
     "of": "contract_total", "every_days": 7, "cap": {"percent": 30, "of": "contract_total"},
     "termination": {"at_cap": True}},
    {"code": "C3", "kind": "count", "manual": True, "title": "violation",
     "fine": {"yuan": "1000"}, "termination": {"at": 10}}]}


def run(*entries: ManualEntry):
    scheme = load_scheme(SCHEME, known_measures=set())
    periods = make_periods(CONTRACT.start, CONTRACT.end, "whole")
    return assess(scheme, CONTRACT, periods, manual=entries)


@pytest.mark.parametrize("days, fine", [
    (1, "4990.00"),      # 1 started week x 0.5 % x 998,000
    (7, "4990.00"),
    (8, "9980.00"),      # 2 started weeks
    (9, "9980.00"),
    (217, "154690.00"),  # 31 weeks = 15.5 %
    (420, "299400.00"),  # 60 weeks = 30 %, the cap
    (434, "299400.00"),  # 62 weeks = 31 %, capped at 30 %
])
def test_a_rate_counts_started_weeks_of_the_days_entered(days, fine):
    result = run(ManualEntry("D-LATE", "note:1", dt.date(2024, 9, 1), count=days))
    assert result.fines == Decimal(fine)
    assert bool(result.termination_rights) == (Decimal(fine) == Decimal("299400.00"))


def test_a_count_entry_of_n_counts_n_times_towards_the_tenth():
    nine = run(ManualEntry("C3", "note:1", dt.date(2024, 9, 1), count=9))
    assert nine.fines == Decimal("9000.00") and nine.termination_rights == []
    ten = run(ManualEntry("C3", "note:1", dt.date(2024, 9, 1), count=9),
              ManualEntry("C3", "note:2", dt.date(2024, 10, 1)))
    assert ten.fines == Decimal("10000.00")
    assert [(r.rule, r.when) for r in ten.termination_rights] == [("C3", dt.date(2024, 10, 1))]


def test_a_rate_reading_a_measure_still_needs_its_days_attribute():
    bad = dict(SCHEME, measures={"delay": {"kind": "events"}},
               rules=[dict(SCHEME["rules"][0], measure="delay", manual=False)])
    with pytest.raises(SchemeError, match="value"):
        load_scheme(bad)


# -- a threshold on a value entered by hand (no measure) -------------------------------------
SAT = {"format": "yunwei.scheme/1", "code": "sat", "name": "sat", "base": 100,
       "periods": "quarters", "rules": [
           {"code": "SAT", "kind": "threshold", "manual": True, "title": "满意度", "min": 90,
            "unit": "%", "points": -2, "failed_period": True, "termination": True}]}
SAT_CONTRACT = Contract(Decimal("998000.00"), dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def sat(*entries: ManualEntry, as_of=None):
    scheme = load_scheme(SAT, known_measures=set())
    periods = make_periods(SAT_CONTRACT.start, SAT_CONTRACT.end, "quarters")
    return assess(scheme, SAT_CONTRACT, periods, manual=entries, as_of=as_of)


@pytest.mark.parametrize("value, failed", [("87", True), ("89.99", True), ("90", False),
                                           ("96.5", False)])
def test_a_hand_value_under_the_floor_fails_the_period(value, failed):
    result = sat(ManualEntry("SAT", "survey:1", dt.date(2024, 3, 31), value=Decimal(value)))
    q1 = result.period("2024Q1")
    # by hand: at least 90 passes; under it -2 points (100 - 2 = 98), the quarter fails and
    # the agency may terminate
    assert q1.score == (Decimal("98") if failed else Decimal("100"))
    assert [f.rule for f in q1.failed] == (["SAT"] if failed else [])
    assert [t.rule for t in q1.terminations] == (["SAT"] if failed else [])


def test_the_latest_entry_of_a_period_counts_and_a_missing_one_is_pending():
    result = sat(ManualEntry("SAT", "survey:1", dt.date(2024, 2, 1), value=Decimal("80")),
                 ManualEntry("SAT", "survey:2", dt.date(2024, 3, 20), value=Decimal("91")))
    assert result.period("2024Q1").lines == []             # 91 replaced the first 80
    q2 = result.period("2024Q2")
    assert [p.rule for p in q2.pending] == ["SAT"] and "未录入" in q2.pending[0].zh


def test_a_hand_threshold_needs_values_and_per_period_scope():
    from yunwei.scoring.engine import InputError

    with pytest.raises(InputError, match="需要录入数值"):
        sat(ManualEntry("SAT", "survey:1", dt.date(2024, 3, 31)))
    with pytest.raises(InputError, match="不录入数值"):
        run(ManualEntry("C3", "note:1", dt.date(2024, 9, 1), value=Decimal("3")))
    bad = {**SAT, "rules": [{**SAT["rules"][0], "scope": "contract"}]}
    with pytest.raises(SchemeError, match="只能按期判断"):
        load_scheme(bad)
