"""prison-2025 as data: the boundary tables of test_scoring.py run through the general engine
and through the built-in engine, which must agree line for line; plus random records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yunwei.scoring import engine
from yunwei.scoring.evaluate import (
    AccidentRecord,
    Assessor,
    ManualEntry,
    PersonnelRecord,
    Praise,
    QuarterlyEvaluation,
    WorkOrderRecord,
    _quarter_end,
)
from yunwei.scoring.templates import PRISON_2025

TZ = dt.timezone(dt.timedelta(hours=8))
AMOUNT = D("1000000.00")
AS_OF = dt.datetime(2026, 1, 1, tzinfo=TZ)
SCHEME = engine.template("prison-2025")
YEAR_START, YEAR_END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def t(day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 3, 1, tzinfo=TZ) + dt.timedelta(days=day - 1, hours=hour,
                                                             minutes=minute)


def order(n: int, overdue_minutes: int, urgency: str = "urgent", **kw) -> WorkOrderRecord:
    issued = t(n)
    limit = 8 if urgency == "urgent" else 24
    resolved = issued + dt.timedelta(hours=limit, minutes=overdue_minutes)
    return WorkOrderRecord(f"PRS-2025-{n:06d}", urgency, issued, resolved, **kw)


# -- the adapter the platform will use: its records as the measures the scheme declares ----------
def events(orders=(), accidents=(), personnel=(), evaluations=(), praises=()):
    out = []
    for wo in orders:
        out.append(engine.Event("work_order", wo.issued, wo.number, f"工单 {wo.number}", {
            "urgency": wo.urgency, "resolved": wo.resolved, "deadline": wo.deadline,
            "signed": wo.signed, "rating": wo.rating, "steps_recorded": wo.steps_recorded,
            "archived": wo.archived}))
    for acc in accidents:
        out.append(engine.Event("accident", acc.occurred, acc.ref, f"事故 {acc.ref}", {
            "level": acc.level, "report_submitted": acc.report_submitted}))
    for r in personnel:
        out.append(engine.Event("attendance", r.date, r.ref or f"{r.person} {r.date}",
                                f"{r.person} {r.date}", {"kind": r.kind, "person": r.person,
                                                         "minutes": r.minutes}))
    for e in evaluations:
        out.append(engine.Event("evaluation", _quarter_end(e.quarter), f"{e.quarter} {e.unit}",
                                f"{e.quarter} {e.unit}", {"rating": e.rating}))
    for p in praises:
        out.append(engine.Event("praise", p.when or YEAR_START, p.ref or p.event, p.event,
                                {"event": p.event, "level": p.level, "checked": p.checked}))
    return out


def both(orders=(), accidents=(), personnel=(), evaluations=(), praises=(), manual=(),
         amount=AMOUNT, as_of=AS_OF):
    """The old result and the new period result for the same records."""
    old = Assessor(PRISON_2025, amount)
    old.work_orders(orders, as_of)
    old.accidents(accidents, as_of)
    old.personnel(personnel)
    old.evaluations(evaluations)
    old.praises(praises)
    old.manual(manual)
    contract = engine.Contract(amount, YEAR_START, YEAR_END)
    periods = engine.make_periods(YEAR_START, YEAR_END, SCHEME.periods)
    new = engine.assess(SCHEME, contract, periods,
                        events(orders, accidents, personnel, evaluations, praises),
                        manual=[engine.ManualEntry(m.rule, m.evidence, m.when or YEAR_START,
                                                   count=m.count) for m in manual],
                        as_of=as_of)
    return old.result(), new.periods[0]


def same(old, new) -> None:
    """The two engines agree: every line (code, points, fine, evidence, pending), the score, the
    tier and every total."""
    def old_key(line):
        return (line.rule, line.points, line.fine_yuan, line.evidence, line.pending)

    def new_key(line):
        return (line.code, line.points, line.fine, "、".join(e.ref for e in line.evidence),
                line.pending)

    assert sorted(map(new_key, new.lines)) == sorted(map(old_key, old.lines))
    assert new.score == old.score
    assert new.tier is not None and new.tier.zh == old.tier
    assert new.tier_fine == old.tier_fine_yuan
    assert new.rule_fines == old.rule_fines_yuan
    assert new.fines == old.fine_yuan


@pytest.mark.parametrize(("minutes", "points"), [
    (3 * 60 + 59, None), (4 * 60, D("-0.2")), (24 * 60, D("-0.2")), (24 * 60 + 1, D("-0.3")),
    (30 * 60, D("-0.3")), (48 * 60, D("-0.3")), (48 * 60 + 1, D("-0.4")),
])
def test_overdue_boundaries(minutes, points):
    old, new = both([order(1, minutes)])
    same(old, new)
    lines = [line for line in new.lines if line.code.startswith("W-LATE")]
    assert [line.points for line in lines] == ([] if points is None else [points])


def test_the_line_explains_itself_with_its_evidence():
    _, new = both([order(41, 30 * 60)])
    line = new.lines[0]
    assert line.zh.startswith("-0.3 分：工单超时（工单 PRS-2025-000041：超时 30 小时")
    assert line.en.startswith("-0.3 points: work order overdue")
    assert line.evidence == (engine.Evidence("PRS-2025-000041", "工单 PRS-2025-000041"),)


@pytest.mark.parametrize(("run", "extra_points", "fine"), [
    (2, D(0), D(0)), (3, D(-2), D("10000.00")), (4, D(-2), D("10000.00")),
    (5, D(-7), D("30000.00")), (6, D(-7), D("30000.00")),
])
def test_runs_of_long_overdue_orders(run, extra_points, fine):
    old, new = both([order(i, 25 * 60) for i in range(1, run + 1)])
    same(old, new)
    runs = [line for line in new.lines if line.code.startswith("W-RUN")]
    assert sum((line.points for line in runs), D(0)) == extra_points
    assert new.rule_fines == fine


def test_a_short_delay_breaks_the_run():
    old, new = both([order(1, 25 * 60), order(2, 25 * 60), order(3, 60), order(4, 25 * 60)])
    same(old, new)
    assert not [line for line in new.lines if line.code.startswith("W-RUN")]


def test_unsigned_unsatisfied_and_missing_steps():
    old, new = both([order(1, 0, signed=False), order(2, 0, rating="unsatisfied"),
                     order(3, 0, steps_recorded=False)])
    same(old, new)
    assert [line.code for line in new.lines] == ["W-UNSIGNED", "W-UNSIGNED", "W-STEPS"]
    assert new.score == D("97.5")


@pytest.mark.parametrize(("score", "percent"), [
    (D(90), D(0)), (D("89.9"), D(5)), (D(80), D(5)), (D("79.9"), D(10)), (D(60), D(10)),
    (D("59.9"), D(15)),
])
def test_tiers_include_their_lower_bound(score, percent):
    tier = SCHEME.tier_for(score)
    assert tier is not None and tier.fine is not None and tier.fine.percent == percent
    assert tier.label.zh == PRISON_2025.tier_for(score).label


def test_tier_fine_and_settlement():
    old, new = both(manual=[ManualEntry("W-FORGED", "2025-06 工单签字比对记录")])
    same(old, new)
    assert new.tier_fine == D("0.00")
    old, new = both(manual=[ManualEntry("W-FORGED", "2025-06 工单签字比对记录"),
                            ManualEntry("W-FORM", "抽查记录 3", count=1)])
    same(old, new)
    assert new.score == D("89.5") and new.tier_fine == D("50000.00")


def test_fines_round_to_the_fen():
    old, new = both(accidents=[AccidentRecord("ACC-1", 3, t(1), t(2))],
                    amount=D("1118000.33"))
    same(old, new)
    assert new.rule_fines == D("11180.00")  # 1 % of 1,118,000.33 = 11,180.0033


def test_accidents_and_late_reports():
    accidents = [
        AccidentRecord("ACC-1", 1, t(1), t(1) + dt.timedelta(hours=12)),
        AccidentRecord("ACC-2", 2, t(2), t(2) + dt.timedelta(hours=24, minutes=1)),
        AccidentRecord("ACC-3", 3, t(3), None),
    ]
    old, new = both(accidents=accidents)
    same(old, new)
    assert [line.code for line in new.lines] == ["A-L1", "A-L2", "A-REPORT", "A-L3",
                                                 "A-REPORT"]
    assert new.rule_fines == D("60000.00")


def test_personnel_bands_and_the_silent_clause():
    records = [
        PersonnelRecord("late", "张三", dt.date(2025, 5, 6), 59),
        PersonnelRecord("late", "张三", dt.date(2025, 5, 7), 60),
        PersonnelRecord("early", "李四", dt.date(2025, 5, 7), 120),
        PersonnelRecord("late", "李四", dt.date(2025, 5, 8), 121),
        PersonnelRecord("absent", "王五", dt.date(2025, 5, 9)),
        PersonnelRecord("present", "王五", dt.date(2025, 5, 10)),
    ]
    old, new = both(personnel=records)
    same(old, new)
    done = [(line.code, line.points) for line in new.lines if not line.pending]
    assert done == [("P-LATE-SHORT", D("-0.1")), ("P-LATE-LONG", D("-0.5")),
                    ("P-ABSENT", D(-1))]
    assert len(new.pending) == 2
    assert all("请甲方决定" in p.zh for p in new.pending)


def test_one_event_earns_only_its_highest_praise():
    praises = [Praise("春节保障", "unit"), Praise("春节保障", "principal"),
               Praise("春节保障", "in_charge"), Praise("汛期值守", "unit", checked=False)]
    old, new = both(praises=praises)
    same(old, new)
    granted = [line for line in new.lines if not line.pending]
    assert [(line.code, line.points) for line in granted] == [("R-PRINCIPAL", D(10))]
    assert new.score == D(110) and len(new.pending) == 1


def test_quarterly_evaluation():
    old, new = both(evaluations=[QuarterlyEvaluation("2025Q2", "一监区", "unsatisfied"),
                                 QuarterlyEvaluation("2025Q3", "二监区", "satisfied")])
    same(old, new)
    assert [line.when for line in new.lines] == [dt.date(2025, 6, 30)]


def test_unsigned_counts_only_after_the_grace_period():
    resolved = AS_OF - dt.timedelta(hours=71)
    fresh = WorkOrderRecord("PRS-2025-000900", "urgent", resolved - dt.timedelta(hours=1),
                            resolved, signed=False)
    old, new = both([fresh])
    same(old, new)
    assert not [line for line in new.lines if line.code == "W-UNSIGNED"]
    stale = WorkOrderRecord("PRS-2025-000901", "urgent", AS_OF - dt.timedelta(hours=74),
                            AS_OF - dt.timedelta(hours=73), signed=False)
    old, new = both([stale])
    same(old, new)
    assert [line.code for line in new.lines] == ["W-UNSIGNED"]


def test_the_platform_deadline_overrides_the_limit():
    wo = WorkOrderRecord("PRS-2025-000777", "urgent", t(1), t(3),
                         deadline=t(1) + dt.timedelta(hours=30))  # working-time clock
    old, new = both([wo])
    same(old, new)
    # issued 03-01 09:00, resolved 03-03 09:00: 48 h; the clock's deadline is 30 h after
    # issue, so 18 h overdue (4-24 h band, -0.2), not 40 h as the 8 h limit would give (-0.3)
    assert [(line.code, line.points) for line in new.lines] == [("W-LATE-4-24", D("-0.2"))]


# -- random records: the two engines agree -------------------------------------------------------
minutes = st.integers(min_value=-600, max_value=80 * 60)


@st.composite
def records(draw):
    n = draw(st.integers(min_value=0, max_value=14))
    orders = []
    for i in range(n):
        urgency = draw(st.sampled_from(["urgent", "normal"]))
        issued = t(draw(st.integers(1, 250)), draw(st.integers(0, 23)))
        limit = 8 if urgency == "urgent" else 24
        open_ = draw(st.booleans()) and draw(st.booleans())
        resolved = None if open_ else issued + dt.timedelta(hours=limit,
                                                            minutes=draw(minutes))
        if resolved is not None and resolved < issued:
            resolved = issued
        orders.append(WorkOrderRecord(
            f"PRS-2025-{i:06d}", urgency, issued, resolved, signed=draw(st.booleans()),
            rating=draw(st.sampled_from([None, "satisfied", "basically", "unsatisfied"])),
            steps_recorded=draw(st.booleans()), archived=draw(st.booleans())))
    accidents = [AccidentRecord(f"ACC-{i}", draw(st.integers(1, 3)), t(draw(st.integers(1, 250))),
                                draw(st.one_of(st.none(), st.just(t(1) + dt.timedelta(
                                    minutes=draw(st.integers(0, 400 * 24 * 60)))))))
                 for i in range(draw(st.integers(0, 4)))]
    kinds = ["present", "unchecked_entry", "replaced_without_notice", "absent", "late",
             "early", "leave_unreported"]
    personnel = [PersonnelRecord(draw(st.sampled_from(kinds)), f"P{i % 3}",
                                 dt.date(2025, 4, 1) + dt.timedelta(days=i),
                                 draw(st.integers(0, 240)))
                 for i in range(draw(st.integers(0, 8)))]
    levels = draw(st.lists(st.tuples(st.sampled_from(["春节", "汛期"]),
                                     st.sampled_from(["principal", "in_charge", "unit"]),
                                     st.booleans()), max_size=5,
                           unique_by=lambda p: (p[0], p[1])))
    praises = [Praise(e, lv, checked) for e, lv, checked in levels]
    return orders, accidents, personnel, praises


@settings(max_examples=60, deadline=None)
@given(records())
def test_random_records_give_the_same_result_in_both_engines(recs):
    orders, accidents, personnel, praises = recs
    old, new = both(orders, accidents, personnel, praises=praises)
    same(old, new)
