"""The agency's late payment under a clause following the one-year loan prime rate (LPR): every
amount worked out by hand in the comments; a day with no known rate is a problem, never guessed;
bad clauses are refused in Chinese and English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yunwei.scoring.engine import SchemeError, load_scheme
from yunwei.scoring.engine.lpr import LprTable
from yunwei.scoring.engine.payments import late_payment

D = Decimal
# Published one-year LPRs (effective dates and rates as the PBOC/NIFC announced them).
TABLE = LprTable.of([(dt.date(2023, 8, 21), "3.45"), (dt.date(2024, 7, 22), "3.35"),
                     (dt.date(2024, 10, 21), "3.10"), (dt.date(2025, 5, 20), "3.00")])


class Weekdays:
    """Monday to Friday are working days."""

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        while n:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                n -= 1
        return day


def scheme(clause: dict) -> object:
    return load_scheme({"format": "yunwei.scheme/1", "code": "t", "name": "t", "rules": [],
                        "payments": {"late_payment": {"kind": "lpr", **clause}}})


def test_the_table_knows_a_rate_from_its_day_until_the_next_publication():
    assert TABLE.rate_on(dt.date(2024, 10, 20)) == (dt.date(2024, 7, 22), D("3.35"))
    assert TABLE.rate_on(dt.date(2024, 10, 21)) == (dt.date(2024, 10, 21), D("3.10"))
    assert TABLE.rate_on(dt.date(2023, 8, 20)) is None  # before the first entry
    # the newest entry (05-20) holds until the next monthly publication, 06-20
    assert TABLE.known_until == dt.date(2025, 6, 19)
    assert TABLE.rate_on(dt.date(2025, 6, 19)) == (dt.date(2025, 5, 20), D("3.00"))
    assert TABLE.rate_on(dt.date(2025, 6, 20)) is None
    assert LprTable.of([(dt.date(2025, 12, 22), "3")]).known_until == dt.date(2026, 1, 19)


def test_a_period_crossing_an_lpr_change_is_split_by_rate():
    # 1.5 x the LPR in force each day, a 360-day year, from the due date 2024-10-01 to payment
    # on 2024-11-01 (not counted) on 100,000.00 paid late:
    # 10-01 .. 10-20: 20 days at 3.35 % x 1.5 = 5.025 %: 100,000 x 5.025 % x 20 / 360
    #   = 5,025 x 20 / 360 = 279.1666... -> 279.17
    # 10-21 .. 10-31: 11 days at 3.10 % x 1.5 = 4.65 %: 4,650 x 11 / 360 = 142.0833... -> 142.08
    # total 279.17 + 142.08 = 421.25
    s = scheme({"multiplier": "1.5", "from_working_day": 0})
    got = late_payment(s, "100000.00", dt.date(2024, 10, 1), dt.date(2024, 11, 1), Weekdays(),
                       lpr=TABLE)
    assert got.amount == D("421.25") and not got.capped and not got.problem
    assert "2024-10-01 至 2024-10-20 共 20 天" in got.zh and "= 279.17 元" in got.zh
    assert "LPR 3.10%（2024-10-21 起）" in got.zh and "= 142.08 元" in got.zh
    assert "合计 421.25 元" in got.zh and "11 days at the LPR 3.10 %" in got.en


def test_working_days_basis_points_due_date_rate_and_a_365_day_year():
    # From working day 5 after Mon 2024-10-14: 15, 16, 17, 18, 21 -> 2024-10-21; paid 11-21:
    # 10-21 .. 11-20 = 11 + 20 = 31 days, all at 3.10 %: 200,000 x 3.10 % = 6,200 a year,
    # x 31 / 360 = 533.888... -> 533.89
    each_day = scheme({"from_working_day": 5})
    got = late_payment(each_day, "200000.00", dt.date(2024, 10, 14), dt.date(2024, 11, 21),
                       Weekdays(), lpr=TABLE)
    assert got.amount == D("533.89") and "2024-10-21 至 2024-11-20 共 31 天" in got.zh
    # The LPR on the due date (2024-10-14: 3.35 %) + 50 basis points = 3.85 % a year, 365 days:
    # 200,000 x 3.85 % = 7,700 x 31 / 365 = 653.97260... -> 653.97
    on_due = scheme({"from_working_day": 5, "plus_bp": 50, "lpr_on": "due_date",
                     "year_days": 365})
    got = late_payment(on_due, "200000.00", dt.date(2024, 10, 14), dt.date(2024, 11, 21),
                       Weekdays(), lpr=TABLE)
    assert got.amount == D("653.97") and "+ 50 个基点" in got.zh and "3.85%" in got.zh


def test_the_cap_and_the_contract_total():
    # The first case (421.25) capped at 0.3 % of 100,000.00 = 300.00.
    s = scheme({"multiplier": "1.5", "from_working_day": 0, "cap_percent": "0.3"})
    got = late_payment(s, "100000.00", dt.date(2024, 10, 1), dt.date(2024, 11, 1), Weekdays(),
                       lpr=TABLE)
    assert got.amount == D("300.00") and got.capped and "按上限计" in got.zh
    # Of the contract total 1,000,000.00 at 1 x LPR, 10-21 .. 10-30 (10 days at 3.10 %):
    # 31,000 x 10 / 360 = 861.111... -> 861.11
    t = scheme({"from_working_day": 0, "basis": "contract_total"})
    got = late_payment(t, "100000.00", dt.date(2024, 10, 21), dt.date(2024, 10, 31),
                       Weekdays(), total="1000000.00", lpr=TABLE)
    assert got.amount == D("861.11") and "合同总额" in got.zh


def test_an_excused_delay_and_a_payment_on_time_give_nothing():
    s = scheme({"exempt": ["fiscal_treasury"], "from_working_day": 0})
    for reason in ("fiscal_treasury", "财政资金未到位"):
        got = late_payment(s, "100000.00", dt.date(2024, 10, 1), dt.date(2024, 11, 1),
                           Weekdays(), reason=reason, lpr=TABLE)
        assert got.amount == D("0.00") and got.exempt
    on_time = late_payment(s, "100000.00", dt.date(2024, 10, 1), dt.date(2024, 10, 1),
                           Weekdays(), lpr=TABLE)
    assert on_time.amount == D("0.00") and "0 天" in on_time.zh


def test_a_day_without_a_known_rate_is_a_problem_not_a_guess():
    s = scheme({"from_working_day": 0})
    # 2025-06-10 .. 06-30: the table knows rates until 06-19 (next publication 06-20)
    got = late_payment(s, "100000.00", dt.date(2025, 6, 10), dt.date(2025, 7, 1), Weekdays(),
                       lpr=TABLE)
    assert got.problem and got.amount is None
    assert "2025-06-20 至 2025-06-30" in got.zh and "no one-year LPR" in got.en
    before = late_payment(s, "100000.00", dt.date(2023, 8, 1), dt.date(2023, 8, 30),
                          Weekdays(), lpr=TABLE)
    assert before.problem and "2023-08-01 至 2023-08-20" in before.zh
    empty = late_payment(s, "100000.00", dt.date(2024, 10, 1), dt.date(2024, 10, 5),
                         Weekdays())
    assert empty.problem and empty.amount is None


@pytest.mark.parametrize(("clause", "zh", "en"), [
    ({"multiplier": -1}, "LPR 的倍数不能为负", "multiplier cannot be negative"),
    ({"plus_bp": -10}, "不能为负", "cannot be negative"),
    ({"year_days": 300}, "360 天或 365 天", "360 or 365"),
    ({"lpr_on": "paid_date"}, "each_day", "each_day"),
    ({"percent_per_day": "0.03"}, "percent_per_day", "percent_per_day"),
    ({"kind": "prime"}, "lpr", "loan prime rate"),
])
def test_bad_lpr_clauses_are_refused_with_their_place(clause, zh, en):
    with pytest.raises(SchemeError) as info:
        scheme(clause)
    problems = info.value.problems
    assert any(zh in p[1] for p in problems) and any(en in p[2] for p in problems)
    assert all(p[0].startswith("payments.late_payment") for p in problems)


def test_the_simulation_file_gives_late_payments_and_its_own_lpr_table():
    from yunwei.scoring.engine.errors import InputError
    from yunwei.scoring.engine.simulate import run, to_json

    data = {"format": "yunwei.simulation/1",
            "scheme": {"format": "yunwei.scheme/1", "code": "t", "name": "t", "rules": [],
                       "payments": {"late_payment": {"kind": "lpr", "multiplier": "1.5",
                                                     "from_working_day": 0}}},
            "contract": {"total": "1000000.00", "start": "2024-01-01", "end": "2024-12-31"},
            "lpr": [{"from": "2024-07-22", "percent": "3.35"},
                    {"from": "2024-10-21", "percent": "3.10"}],
            "late_payments": [{"amount": "100000.00", "due": "2024-10-01",
                               "paid": "2024-11-01"}]}
    out = to_json(*run(data))["payments"]
    # the first case above: 279.17 + 142.08 = 421.25
    assert out["late_payments"][0]["amount_yuan"] == "421.25"
    assert out["late_payment"]["kind"] == "lpr" and out["late_payment"]["multiplier"] == "1.5"
    # without a table (none in the file, none given): a problem, not a figure
    del data["lpr"]
    assert to_json(*run(data))["payments"]["late_payments"][0]["problem"]
    data["lpr"] = [{"from": "2024-07-22", "percent": "-1"}]
    with pytest.raises(InputError) as info:
        run(data)
    assert info.value.problems[0][0] == "lpr[0]" and "不为负" in info.value.zh
