"""The simulation file of the general engine (`format: yunwei.simulation/1`): a scheme (a
template name or the scheme itself), the contract, its periods, events, values and manual
entries of every measure -> the assessment per period as a JSON-ready mapping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..money import MoneyError, yuan
from .assess import Assessment, Contract, Event, ManualEntry, Right, Value, assess
from .errors import InputError, fail
from .lpr import LprTable
from .payments import bond_amount, instalments, late_payment, settle
from .periods import _day, make_periods
from .scheme import Scheme, load_scheme, template

FORMAT = "yunwei.simulation/1"
TOP = {"format", "scheme", "contract", "periods", "as_of", "events", "values", "manual",
       "settle", "late_payments", "lpr"}


def is_new_format(data: Any) -> bool:
    """Whether a parsed simulation file is in the general engine's format."""
    return isinstance(data, dict) and (data.get("format") == FORMAT or "contract" in data
                                       or isinstance(data.get("scheme"), dict))


def _scheme(value: Any) -> Scheme:
    if isinstance(value, dict):
        return load_scheme(value)
    return template(str(value or ""))


def _contract(data: Any) -> Contract:
    if not isinstance(data, dict):
        raise fail("contract", "应为映射：total、start、end（可选 annual_fee）",
                   "must be a mapping: total, start, end (annual_fee optional)")
    unknown = set(data) - {"total", "start", "end", "annual_fee"}
    if unknown:
        raise fail("contract", f"未知的键：{'、'.join(sorted(unknown))}",
                   f"unknown keys: {', '.join(sorted(unknown))}")
    try:
        total = yuan(data["total"])
        start, end = _day(data["start"]), _day(data["end"])
        annual = yuan(data["annual_fee"]) if data.get("annual_fee") is not None else None
    except KeyError as exc:
        raise fail("contract", f"缺少 {exc}", f"{exc} is missing") from exc
    except (ValueError, TypeError) as exc:
        if isinstance(exc, MoneyError):
            raise fail("contract", exc.zh, exc.en) from exc
        raise fail("contract", f"无法识别的日期：{exc}", f"cannot read a date: {exc}") from exc
    return Contract(total, start, end, annual)


def run(data: dict[str, Any], lpr: LprTable | None = None
        ) -> tuple[Scheme, Assessment, dict[str, Any]]:
    """Assess a parsed simulation file: the scheme, its assessment and the payments part.
    `lpr` is the LPR table used when the file gives none (the platform's)."""
    unknown = set(data) - TOP
    if unknown:
        raise fail("文件", f"未知的键：{'、'.join(sorted(unknown))}（可用："
                   f"{'、'.join(sorted(TOP))}）", f"unknown keys: {', '.join(sorted(unknown))}")
    scheme = _scheme(data.get("scheme"))
    contract = _contract(data.get("contract"))
    spec = data.get("periods", scheme.periods)
    if isinstance(spec, str):
        periods = make_periods(contract.start, contract.end, spec)
    elif isinstance(spec, dict):
        periods = make_periods(contract.start, contract.end, str(spec.get("kind", "whole")),
                               spec.get("ranges"), spec.get("fees"))
    else:
        raise fail("periods", "应为周期名或映射", "must be a period kind or a mapping")
    events, values, manual = [], [], []
    raw_events = data.get("events") or {}
    if not isinstance(raw_events, dict):
        raise fail("events", "应为映射：度量名 -> 事件列表", "must map measure names to lists")
    for measure, items in raw_events.items():
        if measure not in scheme.measures:
            raise fail(f"events.{measure}", f"方案没有度量“{measure}”（可用："
                       f"{'、'.join(scheme.measures)}）", f"the scheme has no measure "
                       f"{measure!r}")
        if not isinstance(items, list):
            raise fail(f"events.{measure}", "应为列表", "must be a list")
        for i, item in enumerate(items):
            where = f"events.{measure}[{i}]"
            if not isinstance(item, dict) or "time" not in item:
                raise fail(where, "每个事件需要 time", "each event needs time")
            attrs = {k: v for k, v in item.items() if k not in ("time", "ref", "label")}
            events.append(Event(measure, item["time"], str(item.get("ref") or
                                                           f"{measure}:{i + 1}"),
                                str(item.get("label") or ""), attrs))
    raw_values = data.get("values") or {}
    if not isinstance(raw_values, dict):
        raise fail("values", "应为映射：度量名 -> {考核期: 数值}", "must map measures to periods")
    for measure, per in raw_values.items():
        if not isinstance(per, dict):
            raise fail(f"values.{measure}", "应为映射：考核期 -> 数值",
                       "must map period codes to values")
        for code, item in per.items():
            item = item if isinstance(item, dict) else {"value": item}
            if isinstance(item.get("value"), bool) or item.get("value") is None:
                raise fail(f"values.{measure}.{code}", "缺少数值", "the value is missing")
            values.append(Value(str(measure), str(code), Decimal(str(item["value"])),
                                str(item.get("ref") or ""), str(item.get("label") or "")))
    for i, item in enumerate(data.get("manual") or []):
        if not isinstance(item, dict):
            raise fail(f"manual[{i}]", "应为映射", "must be a mapping")
        value = None
        if item.get("value") is not None:
            try:
                value = Decimal(str(item["value"]))
            except ArithmeticError as exc:
                raise fail(f"manual[{i}].value", f"无法识别的数字“{item['value']}”",
                           f"not a number: {item['value']!r}") from exc
        manual.append(ManualEntry(str(item.get("rule")), str(item.get("evidence") or ""),
                                  item.get("time") or contract.start,
                                  str(item.get("label") or ""), int(item.get("count") or 1),
                                  value))
    as_of = data.get("as_of")
    result = assess(scheme, contract, periods, events, values, manual,
                    as_of=_as_of(as_of) if as_of else None)
    payments = _payments(scheme, contract, result, data.get("settle"))
    if data.get("late_payments") is not None:
        table = _lpr(data["lpr"]) if data.get("lpr") is not None else lpr
        payments["late_payments"] = _late(scheme, contract, data["late_payments"], table)
    return scheme, result, payments


def _lpr(rows: Any) -> LprTable:
    """The file's LPR table: [{from: 2024-10-21, percent: "3.10"}, ...]."""
    if not isinstance(rows, list):
        raise fail("lpr", "应为列表：[{from: 日期, percent: 年利率}]",
                   "must be a list: [{from: date, percent: rate a year}]")
    out = []
    for i, row in enumerate(rows):
        try:
            rate = Decimal(str(row["percent"]))
            if not rate.is_finite() or rate < 0:
                raise ValueError(row["percent"])
            out.append((_day(row["from"]), rate))
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise fail(f"lpr[{i}]", f"应为 {{from: 日期, percent: 不为负的年利率}}：{exc}",
                       f"must be {{from: date, percent: a rate that is not negative}}: {exc}"
                       ) from exc
    return LprTable.of(out)


def _late(scheme: Scheme, contract: Contract, rows: Any, table: LprTable | None
          ) -> list[dict[str, Any]]:
    """The agency's late payment on each payment of the file, under the scheme's clause, on
    China's working calendar: [{amount, due, paid, reason}] -> amount and explanation."""
    from yunwei.worktime.china import china_calendar

    if not isinstance(rows, list):
        raise fail("late_payments", "应为列表：[{amount, due, paid, reason}]",
                   "must be a list: [{amount, due, paid, reason}]")
    calendar, out = china_calendar(), []
    for i, row in enumerate(rows):
        try:
            amount, due, paid = yuan(row["amount"]), _day(row["due"]), _day(row["paid"])
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, MoneyError):
                raise fail(f"late_payments[{i}]", exc.zh, exc.en) from exc
            raise fail(f"late_payments[{i}]", f"应为 {{amount, due, paid, reason}}：{exc}",
                       f"must be {{amount, due, paid, reason}}: {exc}") from exc
        got = late_payment(scheme, amount, due, paid, calendar, str(row.get("reason") or ""),
                           total=contract.total, lpr=table)
        out.append({"amount_yuan": str(got.amount) if got.amount is not None else None,
                    "exempt": got.exempt, "capped": got.capped, "problem": got.problem,
                    "zh": got.zh, "en": got.en})
    return out


def _as_of(value: Any) -> dt.datetime:
    from .assess import _time

    return _time(value, "as_of")


def _payments(scheme: Scheme, contract: Contract, result: Assessment,
              settle_spec: Any) -> dict[str, Any]:
    if not scheme.payments:
        return {}
    parts, problems = instalments(scheme, contract.total)
    out: dict[str, Any] = {
        "instalments": [{"code": p.code, "name": p.name.zh, "percent": _n(p.percent),
                         "amount_yuan": str(p.amount), "due": p.due,
                         "condition": p.condition.zh if p.condition else ""} for p in parts],
        "problems": problems, "bond_yuan": str(bond_amount(scheme, contract.total)),
        "fines_from": scheme.payments.get("fines_from", "next_payment"),
        "late_payment": _clause(scheme.payments.get("late_payment"))}
    if settle_spec is not None:
        if not isinstance(settle_spec, dict) or "amount" not in settle_spec:
            raise InputError([("settle", "应为 {amount: 本期应付金额}",
                               "must be {amount: the scheduled payment}")])
        s = settle(scheme, settle_spec["amount"], result.fines,
                   bond_amount(scheme, contract.total))
        out["settlement"] = {"scheduled_yuan": str(s.scheduled), "fines_yuan": str(s.fines),
                             "paid_yuan": str(s.paid), "deducted_yuan": str(s.deducted),
                             "bond_claim_yuan": str(s.bond_claim),
                             "unrecovered_yuan": str(s.unrecovered), "zh": s.zh, "en": s.en}
    return out


def _clause(clause: dict[str, Any] | None) -> dict[str, Any] | None:
    """The late-payment clause as the scheme states it (numbers as text), None for none."""
    if clause is None:
        return None
    return {k: (_n(v) if isinstance(v, Decimal) else list(v) if isinstance(v, tuple) else v)
            for k, v in clause.items() if v is not None}


def _n(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f")


def _right(r: Right) -> dict[str, Any]:
    out: dict[str, Any] = {"rule": r.rule, "period": r.period, "when": r.when.isoformat(),
                           "zh": r.zh, "en": r.en,
                           "evidence": [{"ref": e.ref, "label": e.label} for e in r.evidence]}
    if r.fine_on_termination is not None:
        out["fine_on_termination_yuan"] = str(r.fine_on_termination)
    return out


def to_json(scheme: Scheme, result: Assessment, payments: dict[str, Any]) -> dict[str, Any]:
    """The JSON document printed by `yunwei assess simulate` for the general format."""
    periods = []
    for p in result.periods:
        periods.append({
            "period": p.period.code, "start": p.period.start.isoformat(),
            "end": p.period.end.isoformat(), "score": _n(p.score),
            "tier": p.tier.zh if p.tier else None, "tier_pending": p.tier_pending,
            "tier_fine_yuan": str(p.tier_fine), "rule_fines_yuan": str(p.rule_fines),
            "fine_yuan": str(p.fines),
            "lines": [{"rule": ln.rule, "code": ln.code, "points": _n(ln.points),
                       "fine_yuan": str(ln.fine), "when": ln.when.isoformat(),
                       "pending": ln.pending, "capped": ln.capped,
                       "evidence": [{"ref": e.ref, "label": e.label} for e in ln.evidence],
                       "zh": ln.zh, "en": ln.en} for ln in p.lines],
            "failed": [_right(r) for r in p.failed],
            "termination_rights": [_right(r) for r in p.terminations],
            "pending": [_right(r) for r in p.pending],
        })
    return {"scheme": scheme.code, "fine_yuan": str(result.fines), "periods": periods,
            "termination_rights": [_right(r) for r in result.termination_rights],
            "failed_periods": [_right(r) for r in result.failed_periods],
            "pending": [_right(r) for r in result.pending], "outside": result.outside,
            "payments": payments}
