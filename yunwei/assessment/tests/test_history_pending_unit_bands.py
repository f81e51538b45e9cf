"""The history describes in words a rule's or band's switch to "decided by the agency"
(`pending`), a hand-entered threshold's unit, and a band added or removed: no data, no
True/False. Expected rows written by hand from the edit below."""

from __future__ import annotations

import copy

from django.utils import translation

from yunwei.assessment.definition import template_data
from yunwei.assessment.history import definition_changes


def edited() -> tuple[dict, dict]:
    before = template_data("prison-2025")
    before["rules"].append({"code": "SURVEY", "kind": "threshold", "manual": True,
                            "title": {"zh": "满意度", "en": "satisfaction"}, "min": 90,
                            "failed_period": True})
    after = copy.deepcopy(before)
    rules = {r["code"]: r for r in after["rules"]}
    rules["SURVEY"]["unit"] = "%"
    rules["SURVEY"]["pending"] = True
    bands = rules["P-LATE"]["bands"]
    bands[1] = {"code": "P-LATE-UNCLEAR", "from": 60, "to": 120, "points": -0.3}  # decided
    bands.pop(2)  # P-LATE-LONG removed
    bands.append({"code": "P-LATE-HALF", "above": 120, "to": 240, "points": -0.5,
                  "fine": {"yuan": "500"}})
    return before, after


def shown(rows) -> list[str]:
    return [f"{label} | {old} | {new}" for label, old, new in rows]


def test_pending_unit_and_bands_in_chinese():
    with translation.override("zh-hans"):
        rows = shown(definition_changes(*edited()))
    for expected in (
            "规则 SURVEY 满意度：由甲方决定 | 否 | 是",
            "规则 SURVEY 满意度：单位 | 无 | %",
            "规则 P-LATE 迟到或早退 · P-LATE-UNCLEAR：由甲方决定 | 是 | 否",
            "规则 P-LATE 迟到或早退 · P-LATE-UNCLEAR：分值 | 无 | -0.3",
            "规则 P-LATE 迟到或早退 · P-LATE-LONG | > 120；分值 -0.5 | 已删除",
            "规则 P-LATE 迟到或早退 · P-LATE-HALF | None | > 120，≤ 240；分值 -0.5；"
            "违约金 ¥500.00"):
        assert expected in rows, (expected, rows)
    for raw in ("{", "True", "False", "'pending'", "'unit'"):
        assert not any(raw in r for r in rows), raw


def test_pending_unit_and_bands_in_english():
    with translation.override("en"):
        rows = shown(definition_changes(*edited()))
    for expected in (
            "rule SURVEY satisfaction: decided by the agency | No | Yes",
            "rule SURVEY satisfaction: unit | none | %",
            "rule P-LATE late arrival or early leave · P-LATE-UNCLEAR: decided by the agency"
            " | Yes | No",
            "rule P-LATE late arrival or early leave · P-LATE-LONG | > 120; points -0.5 | "
            "removed",
            "rule P-LATE late arrival or early leave · P-LATE-HALF | None | > 120, ≤ 240; "
            "points -0.5; fine ¥500.00"):
        assert expected in rows, (expected, rows)
