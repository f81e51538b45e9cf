"""The performance bond and the agency's late-payment clause as terms of a scheme: amounts
worked out by hand in the comments, bad terms refused with their place."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yunwei.scoring.engine import SchemeError, load_scheme
from yunwei.scoring.engine.payments import bond, bond_amount, late_payment

D = Decimal


class Weekdays:
    """Monday to Friday are working days."""

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        while n:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                n -= 1
        return day


def scheme(payments: dict) -> object:
    return load_scheme({"format": "yunwei.scheme/1", "code": "t", "name": "t", "rules": [],
                        "payments": payments})


def test_a_bond_as_a_share_of_the_contract_and_as_an_amount():
    # seed 002: 10 % of 3,650,712.00 = 365,071.20
    share = scheme({"bond": {"percent": 10, "form": "transfer",
                             "refund": {"zh": "验收通过后无息退还", "en": "after acceptance"},
                             "forfeit": "违约金达到最高限额时不予退还"}})
    b = bond(share, "3650712.00")
    assert b.amount == D("365071.20") and "3,650,712.00" in b.zh and "10%" in b.zh
    assert b.refund.zh == "验收通过后无息退还" and b.forfeit.zh.startswith("违约金")
    fixed = scheme({"bond": {"amount": "50000.00", "refund_on": "2027-06-30"}})
    assert bond_amount(fixed, "3650712.00") == D("50000.00")
    assert bond(fixed, "3650712.00").refund_on == dt.date(2027, 6, 30)
    assert bond(scheme({}), "1000") is None and bond_amount(scheme({}), "1000") == D("0.00")


DUE, PAID = dt.date(2026, 3, 9), dt.date(2026, 4, 29)  # a Monday; paid on a Wednesday


def test_two_clauses_give_their_own_amounts():
    # Seed 000: 0.03 % a day of the amount paid late from working day 15, at most 20 %.
    # 15 working days after Mon 03-09: 10,11,12,13,16,17,18,19,20,23,24,25,26,27,30 -> 03-30;
    # 03-30 .. 04-28 (04-29 not counted) = 2 + 28 = 30 days;
    # 200,000.00 x 0.03 % = 60.00 a day x 30 = 1,800.00 (cap 40,000.00 not reached).
    a = scheme({"late_payment": {"percent_per_day": 0.03, "from_working_day": 15,
                                 "cap_percent": 20}})
    got = late_payment(a, "200000.00", DUE, PAID, Weekdays(), total="1000000.00")
    assert got.amount == D("1800.00") and not got.capped
    assert "1800.00" in got.zh and "30 天" in got.zh
    # Another contract: 0.05 % a day of the contract total from the first working day, at
    # most 2 % of it. From Tue 03-10: 03-10 .. 04-28 = 22 + 28 = 50 days;
    # 1,000,000.00 x 0.05 % = 500.00 a day x 50 = 25,000.00 > cap 20,000.00 -> 20,000.00.
    b = scheme({"late_payment": {"percent_per_day": "0.05", "from_working_day": 1,
                                 "cap_percent": 2, "basis": "contract_total"}})
    got = late_payment(b, "200000.00", DUE, PAID, Weekdays(), total="1000000.00")
    assert got.amount == D("20000.00") and got.capped and "合同总额" in got.zh
    # The same clause without a cap: 25,000.00.
    c = scheme({"late_payment": {"percent_per_day": "0.05", "from_working_day": 1,
                                 "basis": "contract_total"}})
    assert late_payment(c, "200000.00", DUE, PAID, Weekdays(),
                        total="1000000.00").amount == D("25000.00")


def test_no_clause_and_an_excused_delay_give_nothing():
    none = late_payment(scheme({}), "200000.00", DUE, PAID, Weekdays())
    assert none.amount == D("0.00") and "未约定" in none.zh
    a = scheme({"late_payment": {"percent_per_day": 0.03, "from_working_day": 15,
                                 "exempt": ["fiscal_treasury"]}})
    # the code, or the reason as the platform records it
    for reason in ("fiscal_treasury", "财政资金未到位"):
        got = late_payment(a, "200000.00", DUE, PAID, Weekdays(), reason=reason)
        assert got.amount == D("0.00") and got.exempt
    assert late_payment(a, "200000.00", DUE, PAID, Weekdays(),
                        reason="审批流程").amount == D("1800.00")


@pytest.mark.parametrize(("payments", "where", "zh"), [
    ({"bond": {"percent": 10, "amount": "1000"}}, "payments.bond", "之一"),
    ({"bond": {"form": "transfer"}}, "payments.bond", "之一"),
    ({"bond": {"percent": -1}}, "payments.bond.percent", "不能为负"),
    ({"bond": {"amount": "10.001"}}, "payments.bond.amount", "精确到分"),
    ({"bond": {"amount": "10", "refund_on": "验收后"}}, "payments.bond.refund_on", "日期"),
    ({"late_payment": {"percent_per_day": -0.03}}, "payments.late_payment.percent_per_day",
     "不能为负"),
    ({"late_payment": {"percent_per_day": 0.03, "cap_percent": -5}},
     "payments.late_payment.cap_percent", "不能为负"),
    ({"late_payment": {"percent_per_day": 0.03, "basis": "annual"}},
     "payments.late_payment.basis", "contract_total"),
])
def test_bad_terms_are_refused_with_their_place(payments, where, zh):
    with pytest.raises(SchemeError) as exc:
        scheme(payments)
    assert where in exc.value.zh and zh in exc.value.zh and where in exc.value.en
