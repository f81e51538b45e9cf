"""`yunwei assess simulate FILE`: records in YAML -> the assessment as JSON.

A file with `format: yunwei.simulation/1` (or a `contract:` mapping, or a scheme given inline)
goes to the general engine (`engine/simulate.py`: any scheme, the contract's periods, records
of every measure). Otherwise the built-in prison-2025 format below (documented in
docs/domains/assessment.md):

    contract_amount: "1118000.00"
    final_payment: "559000.00"
    guarantee: false
    scheme: prison-2025
    year: 2025
    work_orders:   [{number, urgency, issued, resolved, signed, rating, steps_recorded}]
    accidents:     [{ref, level, occurred, report_submitted}]
    personnel:     [{kind, person, date, minutes}]
    quarterly_evaluations: [{quarter, unit, rating}]
    praises:       [{event, level, checked}]
    manual:        [{rule, evidence, count}]
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from .evaluate import (
    AccidentRecord,
    Assessor,
    ManualEntry,
    PersonnelRecord,
    Praise,
    QuarterlyEvaluation,
    Result,
    WorkOrderRecord,
)
from .money import yuan
from .templates import TEMPLATES

TZ = dt.timezone(dt.timedelta(hours=8))


class SimulationError(ValueError):
    """A bad simulation file; `str()` gives 'Chinese / English' with the place."""

    def __init__(self, where: str, zh: str, en: str) -> None:
        super().__init__(f"{where}：{zh} / {where}: {en}")


def _time(value: Any, where: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=TZ)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), TZ)
    text = str(value).strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=TZ)
        except ValueError:
            continue
    raise SimulationError(where, f"无法识别的时间“{value}”", f"cannot read time {value!r}")


def _date(value: Any, where: str) -> dt.date:
    parsed = _time(value, where)
    if parsed is None:
        raise SimulationError(where, "缺少日期", "date missing")
    return parsed.date()


def _items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = data.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise SimulationError(key, "应为列表", "must be a list of mappings")
    return items


def run(data: dict[str, Any]) -> Result:
    """Assess the records described by a parsed YAML mapping."""
    if not isinstance(data, dict):
        raise SimulationError("文件", "顶层应为映射", "the top level must be a mapping")
    code = data.get("scheme", "prison-2025")
    if code not in TEMPLATES:
        raise SimulationError("scheme", f"未知的考核方案“{code}”（可用：{', '.join(TEMPLATES)}）",
                              f"unknown scheme {code!r}")
    scheme = TEMPLATES[code]
    try:
        amount = yuan(data["contract_amount"])
    except KeyError as exc:
        raise SimulationError("contract_amount", "缺少合同金额", "missing") from exc
    year = int(data.get("year") or dt.date.today().year)
    as_of = dt.datetime(year + 1, 1, 1, tzinfo=TZ)
    assessor = Assessor(scheme, amount)
    orders = []
    for i, item in enumerate(_items(data, "work_orders")):
        where = f"work_orders[{i}]"
        urgency = item.get("urgency", "normal")
        if urgency not in scheme.options["limits_hours"]:
            raise SimulationError(where, f"未知的紧急程度“{urgency}”",
                                  f"unknown urgency {urgency!r}")
        issued = _time(item.get("issued"), where)
        if issued is None:
            raise SimulationError(where, "缺少报告时间 issued", "issued is missing")
        resolved = _time(item.get("resolved"), where)
        if resolved is not None and resolved < issued:
            raise SimulationError(where, "解决时间早于报告时间", "resolved before issued")
        orders.append(WorkOrderRecord(
            number=str(item.get("number") or f"WO-{i + 1}"), urgency=urgency, issued=issued,
            resolved=resolved, signed=bool(item.get("signed", True)),
            rating=item.get("rating"), steps_recorded=bool(item.get("steps_recorded", True)),
            archived=bool(item.get("archived", True))))
    assessor.work_orders(orders, as_of)
    accidents = []
    for i, item in enumerate(_items(data, "accidents")):
        where = f"accidents[{i}]"
        level = int(item.get("level", 0))
        if level not in (1, 2, 3):
            raise SimulationError(where, "事故等级应为 1、2 或 3", "level must be 1, 2 or 3")
        occurred = _time(item.get("occurred"), where)
        if occurred is None:
            raise SimulationError(where, "缺少发生时间 occurred", "occurred is missing")
        accidents.append(AccidentRecord(str(item.get("ref") or f"ACC-{i + 1}"), level, occurred,
                                        _time(item.get("report_submitted"), where)))
    assessor.accidents(accidents, as_of)
    try:
        assessor.personnel(PersonnelRecord(
            kind=str(item.get("kind")), person=str(item.get("person", "")),
            date=_date(item.get("date"), f"personnel[{i}]"),
            minutes=int(item.get("minutes") or 0)) for i, item in
            enumerate(_items(data, "personnel")))
        assessor.evaluations(QuarterlyEvaluation(str(e.get("quarter")), str(e.get("unit", "")),
                                                 str(e.get("rating")))
                             for e in _items(data, "quarterly_evaluations"))
        assessor.praises(Praise(str(p.get("event")), str(p.get("level")),
                                bool(p.get("checked", True)))
                         for p in _items(data, "praises"))
        assessor.manual(ManualEntry(str(m.get("rule")), str(m.get("evidence") or ""),
                                    int(m.get("count") or 1)) for m in _items(data, "manual"))
    except KeyError as exc:
        raise SimulationError("manual", f"未知的规则 {exc}", f"unknown rule {exc}") from exc
    except ValueError as exc:
        if isinstance(exc, SimulationError):
            raise
        raise SimulationError("记录", str(exc), str(exc)) from exc
    return assessor.result(data.get("final_payment", "0"), bool(data.get("guarantee", False)))


def to_json(result: Result) -> dict[str, Any]:
    """The JSON document printed by `yunwei assess simulate`."""

    def num(value: Decimal) -> str:
        return format(value, "f")

    return {
        "score": num(result.score.normalize() if result.score != result.score.to_integral()
                     else result.score.quantize(Decimal(1))),
        "tier": result.tier,
        "tier_fine_percent": num(result.tier_fine_percent),
        "tier_fine_yuan": num(result.tier_fine_yuan),
        "rule_fines_yuan": num(result.rule_fines_yuan),
        "fine_yuan": num(result.fine_yuan),
        "guarantee": result.guarantee,
        "guarantee_claim_yuan": num(result.guarantee_claim_yuan),
        "scheduled_final_payment_yuan": num(result.scheduled_final_payment),
        "final_payment_yuan": num(result.final_payment_yuan),
        "unrecovered_yuan": num(result.unrecovered_yuan),
        "deductions": [
            {"rule": line.rule, "category": line.category, "points": num(line.points),
             "fine_yuan": num(line.fine_yuan), "evidence": line.evidence,
             "explanation": line.explanation}
            for line in result.lines if not line.pending
        ],
        "pending": [{"rule": line.rule, "evidence": line.evidence,
                     "explanation": line.explanation} for line in result.pending],
    }


def simulate_text(text: str, lpr: Any = None) -> str:
    """Parse YAML text, assess, and return the JSON text (`lpr`: the LPR table used when the
    file gives none)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SimulationError("YAML", f"文件格式错误：{exc}", f"invalid YAML: {exc}") from exc
    from .engine import simulate as general
    from .engine.errors import EngineError

    if general.is_new_format(data):
        try:
            out = general.to_json(*general.run(data, lpr))
        except EngineError as exc:
            raise SimulationError("文件", exc.zh, exc.en) from exc
        return json.dumps(out, ensure_ascii=False, indent=2)
    return json.dumps(to_json(run(data)), ensure_ascii=False, indent=2)
