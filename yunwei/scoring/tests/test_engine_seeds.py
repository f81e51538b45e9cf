"""The regimes of three real contracts as scheme files, each run on a simulated period whose
expected score, fines and payments are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from yunwei.scoring import engine
from yunwei.scoring.engine import (
    Contract,
    Event,
    ManualEntry,
    Value,
    assess,
    make_periods,
    template,
)
from yunwei.scoring.engine.payments import bond_amount, instalments, late_payment, settle


class Weekdays:
    """Monday to Friday are working days (the test's own calendar)."""

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        while n:
            day += dt.timedelta(days=1)
            n -= day.weekday() < 5
        return day


# -- 000: the transport commission, 2022-04-01 .. 2022-12-31, 1,118,000.00 yuan ---------------
T_TOTAL = D("1118000.00")


def test_000_service_not_cured_costs_20_percent_and_gives_a_termination_right():
    scheme = template("transport-video-2022")
    contract = Contract(T_TOTAL, dt.date(2022, 4, 1), dt.date(2022, 12, 31))
    periods = make_periods(contract.start, contract.end, scheme.periods)
    # the agency enters a breach by hand only when it was not cured within its grace period
    # (one cured in June is not entered): 20 % x 1,118,000.00 = 223,600.00
    result = assess(scheme, contract, periods, [], [], [
        ManualEntry("S-SERVICE", "inspections.finding:9", dt.date(2022, 9, 1), "主会场终端未修复"),
    ])
    period = result.periods[0]
    assert period.score is None and period.tier is None  # this contract has no score
    assert [(ln.code, ln.fine) for ln in period.lines] == [("S-SERVICE", D("223600.00"))]
    assert result.fines == D("223600.00")
    assert [r.rule for r in result.termination_rights] == ["S-SERVICE"]
    assert period.lines[0].evidence == (engine.Evidence("inspections.finding:9",
                                                        "主会场终端未修复"),)
    # the final payment 559,000.00 - 223,600.00 = 335,400.00
    final = settle(scheme, "559000.00", result.fines)
    assert final.paid == D("335400.00") and final.unrecovered == D("0.00")


def test_000_payments_and_the_agencys_late_payment():
    scheme = template("transport-video-2022")
    parts, problems = instalments(scheme, T_TOTAL)
    assert problems == []
    assert [(p.code, p.amount) for p in parts] == [("P1", D("559000.00")),
                                                   ("P2", D("559000.00"))]
    # due Tue 2022-05-10; 15 working days later (Mon-Fri) is Tue 2022-05-31:
    # May 11,12,13,16,17,18,19,20,23,24,25,26,27,30,31. Paid 2022-06-30: 30 days from 05-31
    # (05-31 counts, 06-30 does not): 559,000.00 x 0.03 % = 167.70 a day x 30 = 5,031.00
    late = late_payment(scheme, "559000.00", dt.date(2022, 5, 10), dt.date(2022, 6, 30),
                        Weekdays())
    assert late.amount == D("5031.00") and not late.capped
    # capped at 20 % of the overdue amount = 111,800.00 (reached after 667 days)
    capped = late_payment(scheme, "559000.00", dt.date(2022, 5, 10), dt.date(2024, 6, 30),
                          Weekdays())
    assert capped.amount == D("111800.00") and capped.capped
    # the fiscal treasury's delay is excused by the contract
    excused = late_payment(scheme, "559000.00", dt.date(2022, 5, 10), dt.date(2022, 6, 30),
                           Weekdays(), reason="fiscal_treasury")
    assert excused.amount == D("0.00") and excused.exempt


# -- 002: the student-card platform, 2024-08-18 .. 2025-08-17, 3,650,712.00 yuan --------------
S_TOTAL = D("3650712.00")


def student_card(entries=()):
    scheme = template("student-card-2024")
    contract = Contract(S_TOTAL, dt.date(2024, 8, 18), dt.date(2025, 8, 17))
    periods = make_periods(contract.start, contract.end, scheme.periods)
    return scheme, assess(scheme, contract, periods, [], [], entries)


def survey(day: dt.date, value: str | None) -> list[ManualEntry]:
    """A quarter's satisfaction survey result entered by hand (none: not entered)."""
    return [] if value is None else [ManualEntry("SAT", f"surveys.survey:{day}", day,
                                                 f"满意度 {value}%", value=D(value))]


def test_002_satisfaction_is_judged_from_the_value_entered_for_each_quarter():
    # by hand, the floor is "not less than 90 %": 92 passes, 89.9 fails, 90 exactly passes,
    # no entry for a begun quarter is pending (never guessed); a failed quarter gives the
    # termination right under 8.2
    _, result = student_card([*survey(dt.date(2024, 9, 30), "92"),
                              *survey(dt.date(2024, 12, 31), "89.9"),
                              *survey(dt.date(2025, 3, 31), "90"),
                              *survey(dt.date(2025, 6, 30), None)])
    expected = {"2024Q3": "pass", "2024Q4": "fail", "2025Q1": "pass", "2025Q2": "pending"}
    for code, outcome in expected.items():
        p = result.period(code)
        failed = [f.rule for f in p.failed] == ["SAT"]
        pending = any(x.rule == "SAT" for x in p.pending)
        assert (failed, pending) == (outcome == "fail", outcome == "pending"), code
    assert [(r.rule, r.period) for r in result.termination_rights] == [("SAT", "2024Q4")]
    assert result.period("2024Q4").fines == D("0.00")  # the clause sets no fine for it


def delay(day: dt.date, days: int, n: int) -> ManualEntry:
    """A late service entered by hand: the entry's count is the days late."""
    return ManualEntry("D-LATE", f"deliverables.delay:{n}", day, f"逾期 {n}", days)


def test_002_quarters_cross_the_calendar_year():
    _, result = student_card()
    assert [(p.period.code, p.period.start, p.period.end) for p in result.periods] == [
        ("2024Q3", dt.date(2024, 8, 18), dt.date(2024, 9, 30)),
        ("2024Q4", dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
        ("2025Q1", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        ("2025Q2", dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ("2025Q3", dt.date(2025, 7, 1), dt.date(2025, 8, 17)),
    ]


def test_002_per_started_week_and_the_satisfaction_floor():
    scheme, result = student_card(
        [delay(dt.date(2024, 10, 15), 22, 1),   # 22 days = 4 started weeks: 4 x 0.5 % = 2 %
         delay(dt.date(2024, 11, 2), 7, 2),     # 7 days = 1 week: 0.5 %
         delay(dt.date(2024, 11, 20), 8, 3),    # 8 days = 2 started weeks: 1 %
         # the surveys, entered as values: Q3 90 % is "not less than 90 %" (passes); Q4
         # 89.9 % is under the floor: the quarter fails
         ManualEntry("SAT", "surveys.survey:1", dt.date(2024, 9, 30), "三季度满意度调查",
                     value=D("90")),
         ManualEntry("SAT", "surveys.survey:2", dt.date(2024, 12, 31), "四季度满意度调查",
                     value=D("89.9"))])
    q3, q4 = result.period("2024Q3"), result.period("2024Q4")
    # Q4 failed (a failed period, and 8.2 gives the agency a termination right)
    assert q3.failed == [] and [f.rule for f in q4.failed] == ["SAT"]
    assert [(r.rule, r.period) for r in result.termination_rights] == [("SAT", "2024Q4")]
    # 3,650,712.00 x 0.5 % = 18,253.56 a week; 4 weeks 73,014.24; 1 week 18,253.56;
    # 2 weeks 36,507.12; Q4 total 127,774.92
    fines = [ln.fine for ln in q4.lines if ln.rule == "D-LATE"]
    assert fines == [D("73014.24"), D("18253.56"), D("36507.12")]
    assert q4.fines == D("127774.92") and q3.fines == D("0.00")
    # the third payment (10 %, 365,071.20, due 2024-11-30) after Q4's fines to that day
    # (73,014.24 + 18,253.56 + 36,507.12 = 127,774.92): 237,296.28
    parts, problems = instalments(scheme, S_TOTAL)
    assert problems == [] and parts[2].amount == D("365071.20")
    assert settle(scheme, parts[2].amount, q4.fines).paid == D("237296.28")
    assert bond_amount(scheme, S_TOTAL) == D("365071.20")  # 10 %


def test_002_the_30_percent_cap_and_the_termination_right_at_the_cap():
    # weeks: 4 (2 %) + 50 (25 %) + 5 (2.5 %) + 1 (0.5 %) = 30 % exactly = 1,095,213.60;
    # the 5th delay (1 day, 0.5 %) finds the cap used up: 0.00, capped
    _, result = student_card([delay(dt.date(2024, 10, 15), 22, 1),
                              delay(dt.date(2025, 1, 10), 350, 2),
                              delay(dt.date(2025, 2, 1), 29, 3),
                              delay(dt.date(2025, 3, 1), 7, 4),
                              delay(dt.date(2025, 3, 10), 1, 5)])
    lines = [ln for p in result.periods for ln in p.lines]
    assert [ln.fine for ln in lines] == [D("73014.24"), D("912678.00"), D("91267.80"),
                                         D("18253.56"), D("0.00")]
    assert [ln.capped for ln in lines] == [False, False, False, False, True]
    assert result.fines == D("1095213.60")
    rights = result.termination_rights
    assert [(r.rule, r.when) for r in rights] == [("D-LATE", dt.date(2025, 3, 1))]


# -- 003: the cloud hosts and databases, 2022-06-01 .. 2023-05-31, 998,000.00 yuan ------------
C_TOTAL = D("998000.00")


def cloud(events=(), values=(), as_of=None, manual=()):
    scheme = template("cloud-db-2022")
    contract = Contract(C_TOTAL, dt.date(2022, 6, 1), dt.date(2023, 5, 31))
    periods = make_periods(contract.start, contract.end, scheme.periods)
    return scheme, assess(scheme, contract, periods, events, values, manual, as_of=as_of)


def violation(day: dt.date, n: int) -> ManualEntry:
    """A violation found on inspection, entered by hand."""
    return ManualEntry("C3-VIOLATION", f"inspections.finding:{n}", day, f"检查记录 {n}")


def late(day: dt.date, days: int, ref: str, label: str) -> ManualEntry:
    """Late work entered by hand: the entry's count is the days late."""
    return ManualEntry("C1-LATE", ref, day, label, days)


def test_003_a_month_of_violations_availability_and_a_late_report():
    scheme, result = cloud(
        [Event("work_order", dt.datetime(2022, 7, 12, 10), "workorders.workorder:88", "数据库宕机",
               {"urgency": "1", "resolved": dt.datetime(2022, 7, 12, 13)})],
        [Value("availability", "2022-06", D("99.9"), "monitoring.month:6"),
         Value("availability", "2022-07", D("99.87"), "monitoring.month:7")],
        as_of=dt.datetime(2022, 8, 1, tzinfo=engine.periods.TZ),
        manual=[violation(dt.date(2022, 7, 5), 1), violation(dt.date(2022, 7, 19), 2),
                late(dt.date(2022, 7, 8), 3, "deliverables.report:7", "6 月月报")])
    june, july = result.period("2022-06"), result.period("2022-07")
    # June 99.9 % is "not below 99.9 %": passes. July 99.87 % fails and counts as a violation.
    assert june.failed == [] and [f.rule for f in july.failed] == ["DB-AVAIL"]
    # July: 2 inspections x 1,000.00 + availability 1,000.00 = 3,000.00 (a fixed 1,000 yuan,
    # not a percentage); the monthly report 3 days late: 998,000.00 x 0.5 % x 3 = 14,970.00;
    # total 17,970.00
    by_rule: dict[str, D] = {}
    for ln in july.lines:
        by_rule[ln.rule] = by_rule.get(ln.rule, D("0.00")) + ln.fine
    assert by_rule == {"C3-VIOLATION": D("3000.00"), "C1-LATE": D("14970.00"),
                       "DB-AVAIL": D("0.00"), "SLA": D("0.00")}
    assert july.fines == D("17970.00") and result.fines == D("17970.00")
    # the level-1 incident took 3 h against 2 h: the contract sets no amount; pending
    assert [p.rule for p in july.pending] == ["SLA"]
    assert "请甲方决定" in july.pending[0].zh or "待定" in july.pending[0].zh
    assert result.termination_rights == []
    # months after as_of have no availability yet: not guessed, nothing pending for them
    assert result.period("2022-09").pending == []
    # the interim payment 174,650.00 less the fines so far 17,970.00 = 156,680.00
    parts, _ = instalments(scheme, C_TOTAL)
    assert settle(scheme, parts[1].amount, result.fines).paid == D("156680.00")


def test_003_termination_right_at_the_tenth_violation():
    events = [violation(dt.date(2022, 7, 1) + dt.timedelta(days=i), i) for i in range(9)]
    _, nine = cloud(manual=events)
    assert nine.termination_rights == [] and nine.fines == D("9000.00")
    events.append(violation(dt.date(2022, 8, 3), 10))
    _, ten = cloud(manual=events)
    # 10 x 1,000.00 = 10,000.00; the right arises at the 10th, with 20 % x 998,000.00 =
    # 199,600.00 due if the agency terminates (not added to the fines)
    assert ten.fines == D("10000.00")
    [right] = ten.termination_rights
    assert (right.rule, right.period, right.fine_on_termination) == \
        ("C3-VIOLATION", "2022-08", D("199600.00"))


def test_003_delay_beyond_15_days_gives_the_termination_right():
    _, fifteen = cloud(manual=[late(dt.date(2022, 9, 1), 15, "d:1", "验收材料")])
    assert fifteen.termination_rights == []
    assert fifteen.fines == D("74850.00")  # 998,000.00 x 0.5 % x 15
    _, sixteen = cloud(manual=[late(dt.date(2022, 9, 1), 16, "d:1", "验收材料")])
    assert [r.rule for r in sixteen.termination_rights] == ["C1-LATE"]
    assert sixteen.fines == D("79840.00")  # 998,000.00 x 0.5 % x 16


def test_003_special_duties_are_judged_over_the_whole_contract():
    duties = [Event("special_duty", dt.date(2022, 10, 1 + i), f"duty:{i}", "国庆值守")
              for i in range(4)]
    _, result = cloud(duties)
    # 4 duties < 5: for the agency to decide at acceptance, flagged on the last month only
    [pending] = [p for p in result.pending if p.rule == "DUTY"]
    assert pending.period == "2023-05"
    duties.append(Event("special_duty", dt.date(2023, 1, 20), "duty:9", "春节值守"))
    _, result = cloud(duties)
    assert not [p for p in result.pending if p.rule == "DUTY"]
