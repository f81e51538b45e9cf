"""Assessment, penalties and money at every boundary the contract clauses name."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from yunwei.scoring import milestones, penalties
from yunwei.scoring.evaluate import (
    AccidentRecord,
    Assessor,
    ManualEntry,
    PersonnelRecord,
    Praise,
    WorkOrderRecord,
)
from yunwei.scoring.money import MoneyError, capitals, check_capitals, parse_capitals, yuan
from yunwei.scoring.simulate import SimulationError, simulate_text
from yunwei.scoring.templates import PRISON_2025

TZ = dt.timezone(dt.timedelta(hours=8))
AMOUNT = D("1000000.00")
AS_OF = dt.datetime(2026, 1, 1, tzinfo=TZ)


def t(day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 3, 1, tzinfo=TZ) + dt.timedelta(days=day - 1, hours=hour,
                                                             minutes=minute)


def order(n: int, overdue_minutes: int, urgency: str = "urgent", **kw) -> WorkOrderRecord:
    issued = t(n)
    limit = 8 if urgency == "urgent" else 24
    resolved = issued + dt.timedelta(hours=limit, minutes=overdue_minutes)
    return WorkOrderRecord(f"PRS-2025-{n:06d}", urgency, issued, resolved, **kw)


def assess(orders=(), **kw):
    a = Assessor(PRISON_2025, AMOUNT)
    a.work_orders(orders, AS_OF)
    for name, items in kw.items():
        getattr(a, name)(items) if name != "accidents" else a.accidents(items, AS_OF)
    return a.result("500000.00")


@pytest.mark.parametrize(("minutes", "points"), [
    (3 * 60 + 59, None),            # under 4 h costs nothing
    (4 * 60, D("-0.2")),            # 4:00 is in the 4-24 band (inclusive)
    (24 * 60, D("-0.2")),           # 24:00 still in the band (inclusive)
    (24 * 60 + 1, D("-0.3")),       # 24:01: -0.2 and one started further 24 h
    (30 * 60, D("-0.3")),
    (48 * 60, D("-0.3")),
    (48 * 60 + 1, D("-0.4")),       # 48:01: two started further 24 h
])
def test_overdue_boundaries(minutes, points):
    result = assess([order(1, minutes)])
    lines = [line for line in result.lines if line.rule.startswith("W-LATE")]
    if points is None:
        assert lines == []
    else:
        assert [line.points for line in lines] == [points]


def test_explanation_reads_like_the_clause():
    result = assess([order(1, 22 * 60)])
    line = result.lines[0]
    assert line.explanation == "-0.2：工单 PRS-2025-000001 超时 22 小时（紧急，时限 8 小时）"
    result = assess([order(41, 30 * 60)])
    assert result.lines[0].explanation == \
        "-0.3：工单 PRS-2025-000041 超时 30 小时（紧急，时限 8 小时）"


@pytest.mark.parametrize(("run", "extra_points", "fine"), [
    (2, D(0), D(0)),
    (3, D(-2), D("10000.00")),
    (4, D(-2), D("10000.00")),
    (5, D(-7), D("30000.00")),
    (6, D(-7), D("30000.00")),   # the 6th starts a new run
])
def test_runs_of_long_overdue_orders(run, extra_points, fine):
    orders = [order(i, 25 * 60) for i in range(1, run + 1)]
    result = assess(orders)
    runs = [line for line in result.lines if line.rule.startswith("W-RUN")]
    assert sum((line.points for line in runs), D(0)) == extra_points
    assert result.rule_fines_yuan == fine


def test_a_short_delay_breaks_the_run():
    orders = [order(1, 25 * 60), order(2, 25 * 60), order(3, 60), order(4, 25 * 60)]
    assert not [line for line in assess(orders).lines if line.rule.startswith("W-RUN")]


def test_unsigned_unsatisfied_and_missing_steps():
    result = assess([order(1, 0, signed=False), order(2, 0, rating="unsatisfied"),
                     order(3, 0, steps_recorded=False)])
    assert [line.rule for line in result.lines] == ["W-UNSIGNED", "W-UNSIGNED", "W-STEPS"]
    assert result.score == D("97.5")


@pytest.mark.parametrize(("score", "percent"), [
    (D(90), D(0)), (D("89.9"), D(5)), (D(80), D(5)), (D("79.9"), D(10)), (D(60), D(10)),
    (D("59.9"), D(15)),
])
def test_tiers_include_their_lower_bound(score, percent):
    assert PRISON_2025.tier_for(score).fine_percent == percent


def test_tier_fine_and_settlement():
    entries = [ManualEntry("W-FORGED", "2025-06 工单签字比对记录")]  # -10 -> 90: passes
    a = Assessor(PRISON_2025, AMOUNT)
    a.manual(entries)
    assert a.result("500000").tier_fine_yuan == D("0.00")
    a.manual([ManualEntry("W-FORM", "抽查记录 3", count=1)])  # 89.5 -> 5 %
    result = a.result("500000")
    assert result.score == D("89.5") and result.tier_fine_yuan == D("50000.00")
    assert result.final_payment_yuan == D("450000.00")
    guaranteed = a.result("500000", guarantee=True)
    assert guaranteed.final_payment_yuan == D("500000.00")
    assert guaranteed.guarantee_claim_yuan == D("50000.00")


def test_fines_round_to_the_fen():
    a = Assessor(PRISON_2025, D("1118000.33"))
    a.accidents([AccidentRecord("ACC-1", 3, t(1), t(2))], AS_OF)
    assert a.result().rule_fines_yuan == D("11180.00")  # 1 % of 1,118,000.33 = 11,180.0033


def test_accidents_and_late_reports():
    accidents = [
        AccidentRecord("ACC-1", 1, t(1), t(1) + dt.timedelta(hours=12)),              # on time
        AccidentRecord("ACC-2", 2, t(2), t(2) + dt.timedelta(hours=24, minutes=1)),   # 1 min late
        AccidentRecord("ACC-3", 3, t(3), None),                                       # never
    ]
    result = assess(accidents=accidents)
    codes = [line.rule for line in result.lines]
    assert codes == ["A-L1", "A-L2", "A-REPORT", "A-L3", "A-REPORT"]
    assert "迟交 1 分钟" in result.lines[2].explanation
    assert result.rule_fines_yuan == D("60000.00")


def test_personnel_bands_and_the_silent_clause():
    records = [
        PersonnelRecord("late", "张三", dt.date(2025, 5, 6), 59),
        PersonnelRecord("late", "张三", dt.date(2025, 5, 7), 60),
        PersonnelRecord("early", "李四", dt.date(2025, 5, 7), 120),
        PersonnelRecord("late", "李四", dt.date(2025, 5, 8), 121),
        PersonnelRecord("absent", "王五", dt.date(2025, 5, 9)),
        PersonnelRecord("present", "王五", dt.date(2025, 5, 10)),  # a normal day costs nothing
    ]
    result = assess(personnel=records)
    done = [(line.rule, line.points) for line in result.lines if not line.pending]
    assert done == [("P-LATE-SHORT", D("-0.1")), ("P-LATE-LONG", D("-0.5")),
                    ("P-ABSENT", D(-1))]
    assert len(result.pending) == 2  # 60 and 120 minutes: the agency decides
    assert all("请甲方决定" in line.explanation for line in result.pending)


def test_one_event_earns_only_its_highest_praise():
    praises = [Praise("春节保障", "unit"), Praise("春节保障", "principal"),
               Praise("春节保障", "in_charge"), Praise("汛期值守", "unit", checked=False)]
    result = assess(praises=praises)
    granted = [line for line in result.lines if not line.pending]
    assert [(line.rule, line.points) for line in granted] == [("R-PRINCIPAL", D(10))]
    assert result.score == D(110) and len(result.pending) == 1


def test_manual_entries_need_evidence():
    a = Assessor(PRISON_2025, AMOUNT)
    with pytest.raises(ValueError, match="evidence"):
        a.manual([ManualEntry("W-FORGED", "  ")])


# -- penalties ----------------------------------------------------------------------------------
def test_per_started_week_capped_at_30_percent():
    assert penalties.per_started_period("1000000", "0.5", 7).amount == D("5000.00")
    assert penalties.per_started_period("1000000", "0.5", 8).amount == D("10000.00")
    at_cap = penalties.per_started_period("1000000", "0.5", 60 * 7, cap_percent=30)
    assert at_cap.amount == D("300000.00") and not at_cap.capped
    over = penalties.per_started_period("1000000", "0.5", 60 * 7 + 1, cap_percent=30)
    assert over.amount == D("300000.00") and over.capped


def test_per_started_five_days_and_per_day():
    assert penalties.per_started_period("200000", "1", 5, period_days=5).amount == D("2000.00")
    assert penalties.per_started_period("200000", "1", 6, period_days=5).amount == D("4000.00")
    assert penalties.per_day("333333.33", "0.1", 3).amount == D("1000.00")


def test_fixed_per_violation_and_termination_right():
    nine = penalties.fixed_per_violation("2000", 9)
    assert nine.amount == D("18000.00") and not nine.termination_right
    ten = penalties.fixed_per_violation("2000", 10)
    assert ten.termination_right


class _Weekdays:
    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        while n:
            day += dt.timedelta(days=1)
            n -= day.weekday() < 5
        return day


def test_agency_late_payment_from_the_15th_working_day_capped_at_20_percent():
    cal = _Weekdays()
    due = dt.date(2026, 3, 2)  # a Monday
    start = cal.add_workdays(due, 15)  # 2026-03-23
    assert penalties.agency_late_payment("100000", due, start, cal).amount == D("0.00")
    one = penalties.agency_late_payment("100000", due, start + dt.timedelta(days=1), cal)
    assert one.amount == D("30.00")
    capped = penalties.agency_late_payment("100000", due, start + dt.timedelta(days=2000), cal)
    assert capped.amount == D("20000.00") and capped.capped
    edge = penalties.agency_late_payment("100000", due, start + dt.timedelta(days=666), cal)
    assert edge.amount == D("19980.00") and not edge.capped


# -- money ------------------------------------------------------------------------------------
def test_capitals():
    assert capitals("1118000.00") == "人民币壹佰壹拾壹万捌仟元整"
    assert capitals("559000.50") == "人民币伍拾伍万玖仟元伍角"
    assert parse_capitals("人民币壹佰壹拾壹万捌仟元整") == D("1118000.00")
    assert check_capitals("559000", "人民币伍拾伍万玖仟元整")
    assert not check_capitals("559000", "人民币伍拾伍万捌仟元整")
    with pytest.raises(MoneyError):
        yuan(1.5)


def test_milestone_checks_catch_contract_mistakes():
    good = [milestones.Milestone("首付款", D(50), D("559000.00"), "人民币伍拾伍万玖仟元整"),
            milestones.Milestone("尾款", D(50), D("559000.00"), "人民币伍拾伍万玖仟元整")]
    assert milestones.check("1118000", good, "人民币壹佰壹拾壹万捌仟元整") == []
    bad = [milestones.Milestone("第一期", D("40.83"), D("408300.00")),
           milestones.Milestone("第二期", D("17.5"), D("175000.00")),
           milestones.Milestone("第三期", D("41.67"), D("416600.00"), "人民币肆拾壹万陆仟柒佰元整")]
    problems = milestones.check("1000000", bad)
    assert any("第三期" in p and "416700.00" in p for p in problems)
    assert any("大写" in p for p in problems)


def test_milestone_checks_in_english():
    half = [milestones.Milestone("First payment", D(50), D("559000.00"))]
    assert milestones.check("1118000", half, english=True) == [
        "The shares of the payments add up to 50%, not 100%",
        "The payments add up to 559000.00 yuan, not the contract's total of 1118000.00 yuan"]
    wrong = [milestones.Milestone("Final payment", D(100), D("1000000.00"),
                                  "人民币玖拾万元整")]
    problems = milestones.check("1000000", wrong, english=True)
    assert problems == ["Final payment: the capitals “人民币玖拾万元整” do not match 1000000.00 "
                        "yuan (should be “人民币壹佰万元整”)"]


# -- simulate -------------------------------------------------------------------------------
SAMPLE = """
contract_amount: "1000000.00"
final_payment: "400000.00"
guarantee: false
scheme: prison-2025
year: 2025
work_orders:
  - {number: PRS-2025-000001, urgency: urgent, issued: "2025-03-01 09:00",
     resolved: "2025-03-02 05:00", signed: true, rating: satisfied, steps_recorded: true}
  - {number: PRS-2025-000002, urgency: normal, issued: "2025-03-02 09:00",
     resolved: "2025-03-03 10:00", signed: false, steps_recorded: true}
accidents:
  - {ref: ACC-1, level: 2, occurred: "2025-05-01 10:00", report_submitted: "2025-05-02 11:00"}
personnel:
  - {kind: absent, person: 张三, date: 2025-06-03}
quarterly_evaluations:
  - {quarter: 2025Q2, unit: 一监区, rating: unsatisfied}
praises:
  - {event: 春节保障, level: in_charge}
manual:
  - {rule: W-MAIL, evidence: "2025-07-09 内网邮件未读导致延误"}
"""


def test_simulate_prints_the_documented_json():
    out = json.loads(simulate_text(SAMPLE))
    assert set(out) >= {"score", "tier", "fine_yuan", "final_payment_yuan", "deductions"}
    rules = [d["rule"] for d in out["deductions"]]
    assert rules == ["W-LATE-4-24", "W-UNSIGNED", "A-L2", "A-REPORT", "P-ABSENT", "Q-UNSAT",
                     "R-IN-CHARGE", "W-MAIL"]
    # 100 -0.2 -1 -4 -2 -1 -4 +5 -0.5 = 92.3
    assert out["score"] == "92.3" and out["tier_fine_yuan"] == "0.00"
    assert out["fine_yuan"] == "20000.00" and out["final_payment_yuan"] == "380000.00"


@pytest.mark.parametrize(("text", "fragment"), [
    ("contract_amount: 100\nwork_orders: [{urgency: urgent}]", "缺少报告时间"),
    ("contract_amount: 100\nwork_orders: [{urgency: soon, issued: 2025-01-01}]", "未知的紧急程度"),
    ("contract_amount: 100\nscheme: nope", "未知的考核方案"),
    ("contract_amount: 100\naccidents: [{level: 4, occurred: 2025-01-01}]", "事故等级"),
    ("contract_amount: 100\nmanual: [{rule: W-FORGED}]", "evidence"),
    ("contract_amount: 100\nmanual: [{rule: NOPE, evidence: x}]", "未知的规则"),
    ("contract_amount: [oops", "YAML"),
    ("work_orders: []", "缺少合同金额"),
])
def test_simulate_bad_input_is_a_clear_error(text, fragment):
    with pytest.raises((SimulationError, MoneyError), match=fragment):
        simulate_text(text)


def test_scoring_has_no_django_import():
    import subprocess
    import sys

    code = ("import sys, yunwei.scoring.simulate, yunwei.scoring.penalties, "
            "yunwei.scoring.milestones; assert 'django' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.django_db
def test_assess_simulate_command(tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "records.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    call_command("assess", "simulate", str(path))
    assert json.loads(capsys.readouterr().out)["score"] == "92.3"
    path.write_text("contract_amount: [oops", encoding="utf-8")
    with pytest.raises(CommandError, match="YAML"):
        call_command("assess", "simulate", str(path))


def test_unsigned_counts_only_after_the_grace_period():
    resolved = AS_OF - dt.timedelta(hours=71)
    fresh = WorkOrderRecord("PRS-2025-000900", "urgent", resolved - dt.timedelta(hours=1),
                            resolved, signed=False)
    a = Assessor(PRISON_2025, AMOUNT)
    a.work_orders([fresh], AS_OF)
    assert not [line for line in a.lines if line.rule == "W-UNSIGNED"]
    stale = WorkOrderRecord("PRS-2025-000901", "urgent", AS_OF - dt.timedelta(hours=74),
                            AS_OF - dt.timedelta(hours=73), signed=False)
    a = Assessor(PRISON_2025, AMOUNT)
    a.work_orders([stale], AS_OF)
    assert [line.rule for line in a.lines] == ["W-UNSIGNED"]
