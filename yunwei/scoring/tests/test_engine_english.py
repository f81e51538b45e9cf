"""The engine's English explanations read naturally: one point / day / step / violation is
singular ("-1 point", "1 day late"), anything else plural ("-0.5 points", "2 days late"); a
line left to the agency reads "for the agency to decide: …", not "pending: …". The Chinese
lines are unchanged. Expected lines written by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from yunwei.scoring.engine import load_scheme
from yunwei.scoring.engine.assess import Contract, ManualEntry, assess
from yunwei.scoring.engine.periods import make_periods

CONTRACT = Contract(Decimal("998000.00"), dt.date(2024, 1, 1), dt.date(2024, 12, 31))
T = {"zh": "未签字", "en": "report not signed"}
SCHEME = {"format": "yunwei.scheme/1", "code": "en", "name": "en", "base": 100, "rules": [
    {"code": "ONE", "kind": "manual", "title": T, "points": -1},
    {"code": "HALF", "kind": "manual", "title": T, "points": -0.5},
    {"code": "DAY", "kind": "rate", "manual": True, "title": {"zh": "逾期", "en": "late"},
     "percent": 0.1, "of": "contract_total", "every_days": 1,
     "termination": {"after_days": 1}},
    {"code": "WEEK", "kind": "rate", "manual": True, "title": {"zh": "逾期", "en": "late"},
     "percent": 0.5, "of": "contract_total", "every_days": 7},
    {"code": "SAT", "kind": "threshold", "manual": True, "title": {"zh": "满意度",
                                                                   "en": "satisfaction"},
     "min": 90, "unit": "%", "pending": True},
    {"code": "C", "kind": "count", "manual": True, "title": {"zh": "违约", "en": "breach"},
     "fine": {"yuan": "100"}, "termination": {"at": 1}}]}


def lines(*entries: ManualEntry):
    scheme = load_scheme(SCHEME, known_measures=set())
    periods = make_periods(CONTRACT.start, CONTRACT.end, "whole")
    return assess(scheme, CONTRACT, periods, manual=entries)


def test_singular_and_plural_in_english_and_the_chinese_unchanged():
    day = dt.date(2024, 3, 1)
    result = lines(ManualEntry("ONE", "r:1", day, "R1"),
                   ManualEntry("HALF", "r:2", day, "R2"),
                   ManualEntry("DAY", "d:1", day, "D1", 1),
                   ManualEntry("DAY", "d:2", day, "D2", 2),
                   ManualEntry("WEEK", "w:1", day, "W1", 1),
                   ManualEntry("SAT", "s:1", day, "S1", value=Decimal("80")),
                   ManualEntry("C", "c:1", day, "C1"))
    by_ref = {ln.evidence[0].ref: ln for ln in result.periods[0].lines}
    assert by_ref["r:1"].en == "-1 point: report not signed (R1)"
    assert by_ref["r:1"].zh == "-1 分：未签字（R1）"
    assert by_ref["r:2"].en == "-0.5 points: report not signed (R2)"
    # 998,000.00 x 0.1 % = 998.00 a day
    # (each followed by "; " and how the fine is computed)
    assert by_ref["d:1"].en.startswith("penalty 998.00 yuan: late (D1: 1 day late);")
    assert by_ref["d:1"].zh.startswith("违约金 998.00 元：逾期（D1：逾期 1 天）；")
    assert by_ref["d:2"].en.startswith("penalty 1,996.00 yuan: late (D2: 2 days late);")
    # 1 day = 1 started week: 998,000.00 x 0.5 % = 4,990.00
    assert by_ref["w:1"].en.startswith(
        "penalty 4,990.00 yuan: late (W1: 1 day late = 1 started period of 7 days);")
    assert by_ref["s:1"].en.startswith("for the agency to decide: satisfaction (")
    assert by_ref["s:1"].zh.startswith("待定：满意度（")
    rights = {r.rule: r.en for r in result.termination_rights}
    assert "2 days late, more than 1 day" in rights["DAY"]
    assert rights["C"] == "the agency may terminate the contract: breach (1 violation)"
