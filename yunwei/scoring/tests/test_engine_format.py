"""The scheme format: bad schemes refused with a clear message, periods, property tests (order
of records, caps, money to the fen) and the general simulation file."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from yunwei.scoring.engine import (
    Contract,
    Event,
    InputError,
    ManualEntry,
    SchemeError,
    Value,
    assess,
    load_scheme,
    make_periods,
    template,
    template_names,
)
from yunwei.scoring.engine.simulate import run, to_json
from yunwei.scoring.simulate import SimulationError, simulate_text

MINIMAL = {
    "format": "yunwei.scheme/1",
    "code": "t",
    "name": "测试方案",
    "base": 100,
    "measures": {"fault": {"kind": "events", "label": "故障",
                           "attributes": {"level": {"type": "choice", "values": [1, 2]}}}},
    "rules": [{"code": "F", "kind": "per_event", "measure": "fault", "title": "故障",
               "points": -1, "fine": {"yuan": "500"}}],
    "tiers": [{"label": "合格", "from": 90}, {"label": "不合格", "below": 90,
                                               "fine": {"percent": 5, "of": "contract_total"}}],
}


def scheme_with(**changes):
    data = copy.deepcopy(MINIMAL)
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for p in parents:
            target = target[int(p)] if p.isdigit() else target[p]
        if value is ...:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return data


def test_the_minimal_scheme_loads():
    scheme = load_scheme(MINIMAL)
    assert scheme.rule("F").fine.yuan == D("500")


@pytest.mark.parametrize(("changes", "zh", "en"), [
    ({"tiers": [{"label": "甲", "from": 80}, {"label": "乙", "from": 60, "to": 80}]},
     "重叠", "overlaps"),   # 80 is in both: 以上 and 以下 both include the bound
    ({"rules__0__fine": {"yuan": "-1"}}, "不能为负", "negative"),
    ({"rules__0__cap": {"percent": -5, "of": "contract_total"}}, "不能为负", "negative"),
    ({"rules__0__measure": "outage"}, "未知的度量“outage”", "unknown measure"),
    ({"rules__0__points": ..., "rules__0__fine": ...}, "规则没有效果", "no effect"),
    ({"rules__0__colour": "red"}, "未知的键“colour”", "unknown key 'colour'"),
    ({"surprise": 1}, "未知的键“surprise”", "unknown key"),
    ({"rules__0__when": {"severity": 1}}, "没有属性“severity”", "no attribute"),
    ({"rules__0__when": {"level": 3}}, "不是属性“level”的取值", "not a value"),
    ({"rules__0__kind": "vibes"}, "未知的规则类型", "unknown rule kind"),
    ({"rules__0__fine": {"percent": 1, "of": "profits"}}, "未知的计算基数", "unknown base"),
    ({"rules__0__fine": {"yuan": "0.001"}}, "最多到分", "fen"),
    ({"format": "v0"}, "yunwei.scheme/1", "must be"),
    ({"base": ...}, "需要基础分", "base score"),
    ({"rules": [MINIMAL["rules"][0], MINIMAL["rules"][0]]}, "重复", "duplicate"),
    ({"periods": "fortnights"}, "未知的考核周期", "unknown period kind"),
    ({"tiers__1__from": 95}, "区间为空", "empty"),
])
def test_bad_schemes_are_refused_with_a_clear_message(changes, zh, en):
    with pytest.raises(SchemeError) as info:
        load_scheme(scheme_with(**changes))
    assert zh in info.value.zh and en in info.value.en
    assert " / " in str(info.value)  # Chinese / English


def test_every_problem_is_listed_and_nothing_is_half_loaded():
    bad = scheme_with(rules__0__measure="outage", tiers=[{"label": "甲", "from": 80},
                                                         {"label": "乙", "to": 80}])
    with pytest.raises(SchemeError) as info:
        load_scheme(bad)
    assert len(info.value.problems) == 2


def test_a_scheme_may_only_read_measures_the_platform_supplies():
    with pytest.raises(SchemeError, match="平台不提供度量“fault”"):
        load_scheme(MINIMAL, known_measures={"work_order", "accident"})
    assert load_scheme(MINIMAL, known_measures={"fault"}).code == "t"


def test_overlapping_bands_and_failures_of_a_rule_that_never_fails():
    bands = scheme_with(rules=[{"code": "B", "kind": "band", "measure": "fault", "value": "x",
                                "title": "t", "bands": [{"from": 0, "to": 10, "points": -1},
                                                        {"from": 10, "points": -2}]}])
    with pytest.raises(SchemeError, match="与第 1 档重叠"):
        load_scheme(bands)
    counts = scheme_with(rules=[*MINIMAL["rules"],
                                {"code": "C", "kind": "count", "measure": "fault", "title": "t",
                                 "failures_of": ["F"], "fine": {"yuan": 1}}])
    with pytest.raises(SchemeError, match="不是会判定不合格期的规则"):
        load_scheme(counts)


def test_every_template_loads():
    assert set(template_names()) >= {"prison-2025", "transport-video-2022",
                                      "student-card-2024", "cloud-db-2022"}
    for name in template_names():
        assert template(name).code == name
    with pytest.raises(SchemeError, match="未知的方案模板"):
        template("../secrets")


# -- periods ------------------------------------------------------------------------------------
def test_periods_of_every_kind():
    start, end = dt.date(2025, 10, 25), dt.date(2026, 10, 24)
    assert [(p.code, p.start, p.end) for p in make_periods(start, end, "years")] == \
        [("Y1", start, end)]
    months = make_periods(start, end, "months")
    assert (months[0].code, months[0].start, months[0].end) == \
        ("2025-10", dt.date(2025, 10, 25), dt.date(2025, 10, 31))
    assert (months[-1].code, months[-1].end) == ("2026-10", end) and len(months) == 13
    ranges = make_periods(start, end, "ranges", [
        {"code": "H1", "start": "2025-10-25", "end": "2026-04-24"},
        {"code": "H2", "start": "2026-04-25", "end": "2026-10-24"}], {"H2": "50000"})
    assert [p.fee for p in ranges] == [None, D("50000.00")]
    with pytest.raises(InputError, match="不重叠"):
        make_periods(start, end, "ranges", [{"code": "a", "start": start, "end": end},
                                            {"code": "b", "start": end, "end": end}])


def test_a_period_fee_base_needs_the_fee():
    scheme = load_scheme(scheme_with(rules__0__fine={"percent": 1, "of": "period_fee"}))
    contract = Contract(D("1000"), dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    ev = [Event("fault", dt.date(2025, 2, 1), "f:1", "", {"level": 1})]
    with pytest.raises(InputError, match="没有费用"):
        assess(scheme, contract, make_periods(contract.start, contract.end, "quarters"), ev)
    periods = make_periods(contract.start, contract.end, "quarters", fees={"2025Q1": "30000"})
    result = assess(scheme, contract, periods, ev)
    assert result.period("2025Q1").rule_fines == D("300.00")  # 1 % of 30,000.00


def test_unknown_attributes_and_values_in_records_are_refused():
    scheme = load_scheme(MINIMAL)
    contract = Contract(D("1000"), dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    periods = make_periods(contract.start, contract.end)
    with pytest.raises(InputError, match="没有属性“colour”"):
        assess(scheme, contract, periods, [Event("fault", dt.date(2025, 1, 2), "f", "",
                                                 {"colour": "red"})])
    with pytest.raises(InputError, match="可用：1、2"):
        assess(scheme, contract, periods, [Event("fault", dt.date(2025, 1, 2), "f", "",
                                                 {"level": 7})])
    with pytest.raises(InputError, match="方案没有度量"):
        assess(scheme, contract, periods, [Event("outage", dt.date(2025, 1, 2), "f")])


def test_a_silent_tier_band_is_pending_never_guessed():
    scheme = load_scheme(scheme_with(tiers=[{"label": "合格", "from": 90},
                                            {"label": "不合格", "below": 80}]))
    contract = Contract(D("1000"), dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    faults = [Event("fault", dt.date(2025, 1, i + 1), f"f:{i}", "", {"level": 1})
              for i in range(15)]
    period = assess(scheme, contract, make_periods(contract.start, contract.end),
                    faults).periods[0]
    assert period.score == D(85) and period.tier is None and period.tier_pending
    assert period.tier_fine == D("0.00") and "请甲方决定" in period.pending[-1].zh


# -- properties -----------------------------------------------------------------------------------
def _cloud_entries(draw_days, n_violations, seed):
    """Violations and late work entered by hand (a late entry's count is its days late)."""
    rnd = random.Random(seed)
    entries = [ManualEntry("C3-VIOLATION", f"v:{i}", dt.date(2022, 6, 1) + dt.timedelta(
        days=rnd.randrange(365)), f"检查 {i}") for i in range(n_violations)]
    entries += [ManualEntry("C1-LATE", f"d:{i}", dt.date(2022, 6, 1) + dt.timedelta(
        days=rnd.randrange(365)), "", d) for i, d in enumerate(draw_days) if d]  # 0: on time
    return entries


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=6), st.integers(0, 14), st.integers(0, 10**6),
       st.lists(st.decimals(min_value=99, max_value=100, places=2), min_size=12, max_size=12))
def test_the_result_does_not_depend_on_the_order_of_records(days, n, seed, availability):
    scheme = template("cloud-db-2022")
    contract = Contract(D("998000.00"), dt.date(2022, 6, 1), dt.date(2023, 5, 31))
    periods = make_periods(contract.start, contract.end, scheme.periods)
    entries = _cloud_entries(days, n, seed)
    values = [Value("availability", p.code, a) for p, a in zip(periods, availability,
                                                                strict=True)]
    first = assess(scheme, contract, periods, [], values, entries)
    shuffled = entries[:]
    random.Random(seed + 1).shuffle(shuffled)
    again = assess(scheme, contract, periods, [], list(reversed(values)), shuffled)
    assert to_json(scheme, first, {}) == to_json(scheme, again, {})
    # money exact to the fen: every line is whole fen and the totals are exact sums
    lines = [ln for p in first.periods for ln in p.lines]
    assert all(ln.fine == ln.fine.quantize(D("0.01")) for ln in lines)
    assert first.fines == sum((ln.fine for ln in lines), D("0.00"))
    # each late day is 0.5 % of 998,000.00 = 4,990.00, each violation 1,000.00, exactly
    expected = sum((D("4990.00") * d for d in days), D("0.00")) + D("1000.00") * (
        n + sum(1 for a in availability if a < D("99.9")))
    assert first.fines == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 364), st.integers(0, 200)), max_size=10),
       st.decimals(min_value="0.01", max_value="9999999.99", places=2))
def test_fines_never_exceed_their_caps(delays, total):
    scheme = template("student-card-2024")
    contract = Contract(total, dt.date(2024, 8, 18), dt.date(2025, 8, 17))
    periods = make_periods(contract.start, contract.end, scheme.periods)
    entries = [ManualEntry("D-LATE", f"d:{i}", contract.start + dt.timedelta(days=day), "", n)
               for i, (day, n) in enumerate(delays) if n]  # 0 days late: nothing entered
    result = assess(scheme, contract, periods, [], [], entries)
    cap = (total * D(30) / 100).quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert D("0.00") <= result.fines <= cap
    lines = [ln for p in result.periods for ln in p.lines]
    assert all(ln.fine >= 0 for ln in lines)
    raw = sum(((total * D("0.5") / 100 * -(-n // 7)).quantize(D("0.01"), ROUND_HALF_UP)
               for _, n in delays), D("0.00"))
    assert result.fines == min(raw, cap)  # the cap binds exactly when the raw sum passes it
    assert bool(result.termination_rights) == (raw >= cap and cap > 0 and any(
        n > 0 for _, n in delays))


def test_runs_follow_issue_time_not_the_order_given():
    scheme = template("prison-2025")
    contract = Contract(D("1000000"), dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    periods = make_periods(contract.start, contract.end)
    base = dt.datetime(2025, 3, 1, 9)

    def wo(n, late_hours):
        return Event("work_order", base + dt.timedelta(days=n), f"WO-{n}", "", {
            "urgency": "urgent", "resolved": base + dt.timedelta(days=n, hours=8 + late_hours)})

    # issue order: late, late, short, late -> no run of 3, whatever the order given
    orders = [wo(4, 30), wo(1, 30), wo(3, 1), wo(2, 30)]
    result = assess(scheme, contract, periods, orders)
    assert not [ln for ln in result.periods[0].lines if ln.code.startswith("W-RUN")]
    orders = [wo(4, 30), wo(1, 30), wo(3, 30), wo(2, 30)]
    runs = [ln for ln in assess(scheme, contract, periods, orders).periods[0].lines
            if ln.code == "W-RUN-3"]
    assert [e.ref for e in runs[0].evidence] == ["WO-1", "WO-2", "WO-3"]


# -- the general simulation file ----------------------------------------------------------------
SIM = """
format: yunwei.simulation/1
scheme: student-card-2024
contract: {total: "3650712.00", start: 2024-08-18, end: 2025-08-17}
manual:   # the agency's hand entries: a late service (count: days late), a quarter's survey
  - {rule: D-LATE, time: "2024-10-15", evidence: "deliverables.delay:1", label: 接口联调逾期,
     count: 22}
  - {rule: SAT, time: "2024-12-31", evidence: "surveys.survey:2", label: 四季度满意度调查,
     value: "89.9"}
settle: {amount: "365071.20"}
"""


def test_simulate_the_general_format():
    out = json.loads(simulate_text(SIM))
    q4 = next(p for p in out["periods"] if p["period"] == "2024Q4")
    # 22 days = 4 started weeks x 0.5 % x 3,650,712.00 = 73,014.24
    assert q4["fine_yuan"] == "73014.24" and out["fine_yuan"] == "73014.24"
    assert [f["rule"] for f in out["failed_periods"]] == ["SAT"]
    assert [(r["rule"], r["period"]) for r in out["termination_rights"]] == \
        [("SAT", "2024Q4")]
    assert q4["lines"][0]["evidence"] == [{"ref": "deliverables.delay:1",
                                           "label": "接口联调逾期"}]
    # 365,071.20 - 73,014.24 = 292,056.96
    assert out["payments"]["settlement"]["paid_yuan"] == "292056.96"
    assert out["payments"]["problems"] == []


def test_simulate_with_the_scheme_in_the_file():
    data = yaml.safe_load(SIM)
    data["scheme"] = copy.deepcopy(MINIMAL)
    data["events"] = {"fault": [{"time": "2024-09-01", "ref": "f:1", "level": 2}]}
    data.pop("manual")
    data.pop("settle")
    _, result, _ = run(data)
    assert result.periods[0].score == D(99) and result.fines == D("500.00")


@pytest.mark.parametrize(("change", "fragment"), [
    ({"scheme": "nope"}, "未知的方案模板"),
    ({"events": {"outage": []}}, "方案没有度量“outage”"),
    ({"scheme": "cloud-db-2022", "events": {"work_order": [{"time": "2024-10-15",
                                                             "weeks": 2}]}}, "没有属性“weeks”"),
    ({"scheme": "cloud-db-2022", "values": {"availability": {"2031-01": 90}}},
     "没有考核期“2031-01”"),
    ({"contract": {"total": "1", "start": "2025-01-01"}}, "缺少"),
    ({"colour": 1}, "未知的键"),
    ({"scheme": dict(MINIMAL, rules=[])}, "文件"),
])
def test_simulate_bad_general_input_is_a_clear_error(change, fragment):
    data = yaml.safe_load(SIM)
    data.update(change)
    with pytest.raises(SimulationError, match=fragment):
        simulate_text(yaml.safe_dump(data, allow_unicode=True))


@pytest.mark.django_db
def test_assess_commands_on_the_general_format(tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "sim.yaml"
    path.write_text(SIM, encoding="utf-8")
    call_command("assess", "simulate", str(path))
    assert json.loads(capsys.readouterr().out)["fine_yuan"] == "73014.24"
    call_command("assess", "scheme", "cloud-db-2022")
    assert "C3-VIOLATION [count]" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(scheme_with(rules__0__measure="outage"), allow_unicode=True),
                   encoding="utf-8")
    with pytest.raises(CommandError, match="未知的度量“outage”"):
        call_command("assess", "scheme", str(bad))
