"""The scheme format (`yunwei.scheme/1`): measures, rules, tiers and payments as data, loaded
only when every part of it is valid (docs/domains/assessment.md, "Scheme format")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .errors import SchemeError
from .periods import KINDS as PERIOD_KINDS

FORMAT = "yunwei.scheme/1"
SCHEMES_DIR = Path(__file__).resolve().parent.parent / "schemes"
ATTR_TYPES = ("bool", "number", "money", "text", "choice", "time", "overdue")
BASES = ("contract_total", "annual_fee", "period_fee")
RULE_KINDS = ("per_event", "band", "run", "rate", "threshold", "count", "failed_periods",
              "reward", "manual")
OPS = ("eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "present", "older_than_hours")
UNIT_SECONDS = {"minutes": 60, "hours": 3600, "days": 86400}


@dataclass(frozen=True)
class Text:
    """A label in Chinese and English."""

    zh: str
    en: str


@dataclass(frozen=True)
class Overdue:
    """A derived duration: (end, or the assessment instant) minus (deadline, or start + limit)."""

    start: str
    end: str
    deadline: str | None
    limit: Decimal | None
    limit_by: str | None
    limits: dict[str, Decimal]
    unit: str


@dataclass(frozen=True)
class Attribute:
    """An attribute of a measure's events."""

    name: str
    type: str
    label: Text
    values: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    default: Any = None
    overdue: Overdue | None = None


@dataclass(frozen=True)
class Measure:
    """A named measure the caller supplies: events (with attributes) or one value per period."""

    name: str
    kind: str  # events | values
    label: Text
    unit: str = ""
    attributes: dict[str, Attribute] = field(default_factory=dict)
    #: a values measure given per part (an item's availability): what its parts can be
    #: chosen by (name -> label), for a threshold's `filter`
    filters: dict[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class Predicate:
    """A condition on an event's attributes: all/any/not of comparisons."""

    op: str  # all, any, not, or one of OPS
    attr: str = ""
    value: Any = None
    parts: tuple[Predicate, ...] = ()


@dataclass(frozen=True)
class Amount:
    """A sum of money: fixed yuan, or a percentage of a named base."""

    yuan: Decimal | None = None
    percent: Decimal | None = None
    of: str = ""  # contract_total | annual_fee | period_fee | attr:NAME


@dataclass(frozen=True)
class Bounds:
    """An interval: from (>=) / above (>) and to (<=) / below (<); None is unbounded."""

    lower: Decimal | None = None
    lower_incl: bool = True
    upper: Decimal | None = None
    upper_incl: bool = True

    def contains(self, x: Decimal) -> bool:
        if self.lower is not None and (x < self.lower or (x == self.lower and
                                                          not self.lower_incl)):
            return False
        return not (self.upper is not None and (x > self.upper or (x == self.upper and
                                                                   not self.upper_incl)))

    def overlaps(self, other: Bounds) -> bool:
        lo, lo_incl = _max_lower(self, other)
        hi, hi_incl = _min_upper(self, other)
        if lo is None or hi is None:
            return True
        return lo < hi or (lo == hi and lo_incl and hi_incl)

    def text(self, english: bool = False) -> str:
        """"≥ 80，< 90" (Chinese punctuation) or "≥ 80, < 90" in English."""
        parts = []
        if self.lower is not None:
            parts.append(f"{'≥' if self.lower_incl else '>'} {_n(self.lower)}")
        if self.upper is not None:
            parts.append(f"{'≤' if self.upper_incl else '<'} {_n(self.upper)}")
        if english:
            return ", ".join(parts) or "any value"
        return "，".join(parts) or "任意值"


def _max_lower(a: Bounds, b: Bounds) -> tuple[Decimal | None, bool]:
    if a.lower is None:
        return (b.lower, b.lower_incl) if b.lower is not None else (None, True)
    if b.lower is None or a.lower > b.lower:
        return a.lower, a.lower_incl
    if b.lower > a.lower:
        return b.lower, b.lower_incl
    return a.lower, a.lower_incl and b.lower_incl


def _min_upper(a: Bounds, b: Bounds) -> tuple[Decimal | None, bool]:
    if a.upper is None:
        return (b.upper, b.upper_incl) if b.upper is not None else (None, True)
    if b.upper is None or a.upper < b.upper:
        return a.upper, a.upper_incl
    if b.upper < a.upper:
        return b.upper, b.upper_incl
    return a.upper, a.upper_incl and b.upper_incl


def _n(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


@dataclass(frozen=True)
class Step:
    """An increment per started `every` units beyond `beyond`."""

    every: Decimal
    beyond: Decimal
    points: Decimal | None = None
    fine: Amount | None = None


@dataclass(frozen=True)
class Band:
    """One band of a band rule: its bounds, effect, optional step, or pending (clause silent)."""

    code: str
    bounds: Bounds
    points: Decimal | None = None
    fine: Amount | None = None
    step: Step | None = None
    pending: bool = False


@dataclass(frozen=True)
class Option:
    """One choice of a reward rule."""

    code: str
    when: Predicate | None
    points: Decimal
    title: Text


@dataclass(frozen=True)
class Termination:
    """When the agency gains the right to terminate, and what a termination would then cost."""

    at: int | None = None  # the Nth counted violation / failed period
    after_days: Decimal | None = None  # a delay longer than this
    at_cap: bool = False  # once the rule's fines reach their cap
    always: bool = False  # every qualifying event
    on_termination: Amount | None = None


@dataclass(frozen=True)
class Rule:
    """One rule: what it measures, its condition, its effect and its evidence."""

    code: str
    kind: str
    title: Text
    index: int
    measure: str = ""
    when: Predicate | None = None
    value: str = ""
    points: Decimal | None = None
    fine: Amount | None = None
    cap: Amount | None = None
    scope: str = "contract"  # what counts and caps run over: contract | period
    bands: tuple[Band, ...] = ()
    length: int = 0
    restart_after: int = 0
    percent: Decimal | None = None
    of: str = ""
    every_days: int = 1
    passes: Bounds | None = None
    failures_of: tuple[str, ...] = ()
    termination: Termination | None = None
    failed_period: bool = False
    pending: bool = False
    pending_when: Predicate | None = None
    #: a threshold on a values measure read over some of its parts: filter name -> the
    #: values accepted (every name must match; one of its values)
    filter: tuple[tuple[str, tuple[str, ...]], ...] = ()
    options: tuple[Option, ...] = ()
    one_per: str = ""
    manual: bool = False
    clause: str = ""
    interpretation: Text = Text("", "")  # a note on how the clause is read, in both languages
    unit: str = ""  # a hand-entered threshold's unit ("%")


@dataclass(frozen=True)
class Tier:
    """A result band on the final score; `pending` tiers are decided by the agency."""

    label: Text
    bounds: Bounds
    fine: Amount | None = None
    pending: bool = False


@dataclass(frozen=True)
class Scheme:
    """A whole scheme, valid by construction (build it with `load_scheme`)."""

    code: str
    name: Text
    base: Decimal | None
    periods: str
    measures: dict[str, Measure]
    rules: tuple[Rule, ...]
    tiers: tuple[Tier, ...]
    payments: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    def rule(self, code: str) -> Rule:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)

    def tier_for(self, score: Decimal) -> Tier | None:
        """The tier containing `score`, or None when the scheme is silent there."""
        return next((t for t in self.tiers if t.bounds.contains(score)), None)

    def codes(self) -> set[str]:
        """Every code a line may carry (rule codes, band and option codes)."""
        out = set()
        for rule in self.rules:
            out.add(rule.code)
            out.update(b.code for b in rule.bands)
            out.update(o.code for o in rule.options)
        return out


# -- loading -----------------------------------------------------------------------------------
class _Loader:
    """Collects every problem of a scheme; nothing is returned unless there are none."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str, str]] = []

    def err(self, where: str, zh: str, en: str) -> None:
        self.problems.append((where, zh, en))

    def keys(self, data: dict, allowed: set[str], where: str,
             required: tuple[str, ...] = ()) -> bool:
        if not isinstance(data, dict):
            self.err(where, "应为映射（键: 值）", "must be a mapping")
            return False
        for key in data:
            if key not in allowed:
                self.err(where, f"未知的键“{key}”（可用：{'、'.join(sorted(allowed))}）",
                         f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in data:
                self.err(where, f"缺少“{key}”", f"{key!r} is missing")
        return True

    def dec(self, value: Any, where: str) -> Decimal | None:
        if isinstance(value, bool) or value is None:
            self.err(where, "应为数字", "must be a number")
            return None
        try:
            out = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            self.err(where, f"无法识别的数字“{value}”", f"cannot read number {value!r}")
            return None
        if not out.is_finite():
            self.err(where, "应为有限的数字", "must be a finite number")
            return None
        return out

    def text(self, value: Any, where: str) -> Text:
        if isinstance(value, str) and value.strip():
            return Text(value, value)
        if isinstance(value, dict) and set(value) <= {"zh", "en"} and value.get("zh"):
            return Text(str(value["zh"]), str(value.get("en") or value["zh"]))
        self.err(where, "应为文字，或 {zh: 中文, en: English}",
                 "must be text or {zh: ..., en: ...}")
        return Text("", "")

    def clause_ref(self, value: Any, where: str) -> Any:
        """A clause reference as written ("第五章第二条"), or {zh, en} for a note in both
        languages (e.g. one the platform wrote)."""
        if isinstance(value, dict):
            text = self.text(value, where)
            return {"zh": text.zh, "en": text.en}
        return str(value or "")

    def int_(self, value: Any, where: str, minimum: int = 1) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.err(where, f"应为不小于 {minimum} 的整数", f"must be an integer >= {minimum}")
            return minimum
        return value

    # amounts, bounds, predicates --------------------------------------------------------------
    def amount(self, data: Any, where: str, measure: Measure | None,
               allow_negative: bool = False) -> Amount | None:
        if not self.keys(data, {"yuan", "percent", "of"}, where):
            return None
        if ("yuan" in data) == ("percent" in data):
            self.err(where, "金额应为 yuan（固定金额）或 percent + of（比例）之一",
                     "an amount is either yuan or percent with of")
            return None
        if "yuan" in data:
            value = self.dec(data["yuan"], f"{where}.yuan")
            if "of" in data:
                self.err(where, "固定金额不需要 of", "a fixed amount takes no 'of'")
            if value is not None and value < 0 and not allow_negative:
                self.err(where, "金额不能为负", "the amount cannot be negative")
            if value is not None and value != value.quantize(Decimal("0.01")):
                self.err(where, "金额最多到分", "an amount has at most two decimals (fen)")
            return Amount(yuan=value)
        percent = self.dec(data["percent"], f"{where}.percent")
        if percent is not None and percent < 0 and not allow_negative:
            self.err(where, "比例不能为负", "the percentage cannot be negative")
        of = data.get("of")
        self.base(of, f"{where}.of", measure)
        return Amount(percent=percent, of=str(of or ""))

    def base(self, of: Any, where: str, measure: Measure | None) -> None:
        if isinstance(of, str) and of in BASES:
            return
        if isinstance(of, str) and of.startswith("attr:"):
            name = of[5:]
            attr = measure.attributes.get(name) if measure else None
            if attr is None or attr.type != "money":
                self.err(where, f"“{of}”不是本度量的金额属性", f"{of!r} is not a money "
                         "attribute of this rule's measure")
            return
        self.err(where, f"未知的计算基数“{of}”（可用：{'、'.join(BASES)}、attr:属性名）",
                 f"unknown base {of!r} (one of {', '.join(BASES)}, attr:NAME)")

    def bounds(self, data: dict, where: str) -> Bounds:
        if "from" in data and "above" in data:
            self.err(where, "from（含）与 above（不含）只能有一个",
                     "use either from (inclusive) or above (exclusive)")
        if "to" in data and "below" in data:
            self.err(where, "to（含）与 below（不含）只能有一个",
                     "use either to (inclusive) or below (exclusive)")
        lower = upper = None
        lower_incl = upper_incl = True
        if "from" in data:
            lower = self.dec(data["from"], f"{where}.from")
        elif "above" in data:
            lower, lower_incl = self.dec(data["above"], f"{where}.above"), False
        if "to" in data:
            upper = self.dec(data["to"], f"{where}.to")
        elif "below" in data:
            upper, upper_incl = self.dec(data["below"], f"{where}.below"), False
        out = Bounds(lower, lower_incl, upper, upper_incl)
        if lower is not None and upper is not None and (
                lower > upper or (lower == upper and not (lower_incl and upper_incl))):
            self.err(where, "区间为空（下限高于上限）", "the interval is empty")
        return out

    def predicate(self, data: Any, where: str, measure: Measure | None) -> Predicate | None:
        if measure is None:
            return None
        if not isinstance(data, dict) or not data:
            self.err(where, "条件应为非空映射", "a condition must be a non-empty mapping")
            return None
        parts = []
        for key, value in data.items():
            here = f"{where}.{key}"
            if key in ("all", "any"):
                if not isinstance(value, list) or not value:
                    self.err(here, "应为非空列表", "must be a non-empty list")
                    continue
                subs = [self.predicate(v, f"{here}[{i}]", measure) for i, v in enumerate(value)]
                parts.append(Predicate(key, parts=tuple(p for p in subs if p)))
            elif key == "not":
                sub = self.predicate(value, here, measure)
                if sub:
                    parts.append(Predicate("not", parts=(sub,)))
            else:
                attr = measure.attributes.get(key)
                if attr is None:
                    self.err(here, f"度量“{measure.name}”没有属性“{key}”",
                             f"measure {measure.name!r} has no attribute {key!r}")
                    continue
                ops = value if isinstance(value, dict) else {"eq": value}
                for op, operand in ops.items():
                    parts.append(self.comparison(attr, op, operand, f"{here}.{op}"))
        parts = [p for p in parts if p]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Predicate("all", parts=tuple(parts))

    def comparison(self, attr: Attribute, op: str, operand: Any,
                   where: str) -> Predicate | None:
        if op not in OPS:
            self.err(where, f"未知的比较“{op}”（可用：{'、'.join(OPS)}）",
                     f"unknown comparison {op!r} (one of {', '.join(OPS)})")
            return None
        if op == "present":
            if not isinstance(operand, bool):
                self.err(where, "present 应为 true 或 false", "present takes true or false")
            return Predicate(op, attr.name, bool(operand))
        if op == "older_than_hours":
            if attr.type != "time":
                self.err(where, "older_than_hours 只用于时间属性",
                         "older_than_hours applies to time attributes only")
            return Predicate(op, attr.name, self.dec(operand, where))
        if op in ("in", "not_in"):
            if not isinstance(operand, list):
                self.err(where, f"{op} 应为列表", f"{op} takes a list")
                return None
            values = tuple(self.scalar(attr, v, where) for v in operand)
            return Predicate(op, attr.name, values)
        if op in ("gt", "ge", "lt", "le") and attr.type not in ("number", "money", "overdue"):
            self.err(where, f"{op} 只用于数值属性", f"{op} applies to numeric attributes only")
        return Predicate(op, attr.name, self.scalar(attr, operand, where))

    def scalar(self, attr: Attribute, value: Any, where: str) -> Any:
        if attr.type == "bool":
            if not isinstance(value, bool):
                self.err(where, "应为 true 或 false", "must be true or false")
            return bool(value)
        if attr.type == "choice":
            text = str(value)
            if text not in attr.values:
                self.err(where, f"“{text}”不是属性“{attr.name}”的取值"
                         f"（可用：{'、'.join(attr.values)}）",
                         f"{text!r} is not a value of {attr.name!r}")
            return text
        if attr.type in ("number", "money", "overdue"):
            return self.dec(value, where)
        return str(value)

    # measures ---------------------------------------------------------------------------------
    def measure(self, name: str, data: Any, where: str) -> Measure | None:
        if not self.keys(data, {"kind", "label", "unit", "attributes", "filters"}, where,
                         ("kind",)):
            return None
        kind = data.get("kind")
        if kind not in ("events", "values"):
            self.err(f"{where}.kind", "应为 events（事件）或 values（每期一个值）",
                     "must be events or values")
        label = self.text(data.get("label", name), f"{where}.label")
        attrs: dict[str, Attribute] = {}
        raw = data.get("attributes") or {}
        if not isinstance(raw, dict):
            self.err(f"{where}.attributes", "应为映射", "must be a mapping")
            raw = {}
        if raw and kind == "values":
            self.err(f"{where}.attributes", "每期一个值的度量没有属性",
                     "a values measure has no attributes")
        for attr_name, spec in raw.items():
            here = f"{where}.attributes.{attr_name}"
            if attr_name in ("time", "ref", "label", "value"):
                self.err(here, f"“{attr_name}”是保留名", f"{attr_name!r} is reserved")
                continue
            if not self.keys(spec, {"type", "label", "values", "labels", "default", "start",
                                    "end", "deadline", "limit", "limit_by", "limits", "unit"},
                             here, ("type",)):
                continue
            typ = spec.get("type")
            if typ not in ATTR_TYPES:
                self.err(f"{here}.type", f"未知的类型“{typ}”（可用：{'、'.join(ATTR_TYPES)}）",
                         f"unknown type {typ!r} (one of {', '.join(ATTR_TYPES)})")
                continue
            values = tuple(str(v) for v in spec.get("values") or ())
            if typ == "choice" and not values:
                self.err(f"{here}.values", "选择型属性需要取值列表", "a choice needs values")
            labels = {str(k): str(v) for k, v in (spec.get("labels") or {}).items()}
            attrs[attr_name] = Attribute(attr_name, typ,
                                         self.text(spec.get("label", attr_name), f"{here}.label"),
                                         values, labels, spec.get("default"))
        # overdue attributes refer to the others: resolve them second
        for attr_name, attr in list(attrs.items()):
            if attr.type == "overdue":
                attrs[attr_name] = Attribute(attr.name, attr.type, attr.label, (), {}, None,
                                             self.overdue(raw[attr_name], attrs,
                                                          f"{where}.attributes.{attr_name}"))
        filters: dict[str, Text] = {}
        raw_filters = data.get("filters") or {}
        if not isinstance(raw_filters, dict) or (raw_filters and kind != "values"):
            self.err(f"{where}.filters", "应为映射，且只用于每期一个值的度量",
                     "must be a mapping, on a values measure only")
            raw_filters = {}
        for fname, spec in raw_filters.items():
            here = f"{where}.filters.{fname}"
            if self.keys(spec or {}, {"label"}, here):
                filters[str(fname)] = self.text((spec or {}).get("label", fname),
                                                f"{here}.label")
        return Measure(name, str(kind), label, str(data.get("unit") or ""), attrs, filters)

    def overdue(self, spec: dict, attrs: dict[str, Attribute], where: str) -> Overdue:
        def time_attr(key: str, required: bool) -> str | None:
            name = spec.get(key)
            if name is None:
                if required:
                    self.err(where, f"逾期属性需要 {key}", f"an overdue attribute needs {key}")
                return None
            if name != "time" and (name not in attrs or attrs[name].type != "time"):
                self.err(f"{where}.{key}", f"“{name}”不是时间属性", f"{name!r} is not a time "
                         "attribute")
            return str(name)

        start = time_attr("start", True) or "time"
        end = time_attr("end", True) or "time"
        deadline = time_attr("deadline", False)
        unit = spec.get("unit", "hours")
        if unit not in UNIT_SECONDS:
            self.err(f"{where}.unit", "单位应为 minutes、hours 或 days",
                     "unit must be minutes, hours or days")
            unit = "hours"
        limit = limit_by = None
        limits: dict[str, Decimal] = {}
        if "limit" in spec:
            limit = self.dec(spec["limit"], f"{where}.limit")
        elif "limit_by" in spec:
            limit_by = str(spec["limit_by"])
            by = attrs.get(limit_by)
            if by is None or by.type != "choice":
                self.err(f"{where}.limit_by", f"“{limit_by}”不是选择型属性",
                         f"{limit_by!r} is not a choice attribute")
            raw = spec.get("limits") or {}
            for k, v in raw.items():
                limits[str(k)] = self.dec(v, f"{where}.limits.{k}") or Decimal(0)
            if by is not None and set(limits) != set(by.values):
                self.err(f"{where}.limits", f"应为“{limit_by}”的每个取值给出时限",
                         f"give a limit for every value of {limit_by!r}")
        else:
            self.err(where, "需要 limit（时限），或 limit_by + limits（按属性取时限）",
                     "needs limit, or limit_by with limits")
        return Overdue(start, end, deadline, limit, limit_by, limits, unit)

    # rules ------------------------------------------------------------------------------------
    COMMON = {"code", "kind", "title", "clause", "interpretation", "manual"}
    ALLOWED = {
        "per_event": {"measure", "when", "points", "fine", "pending", "pending_when",
                      "termination", "failed_period", "cap", "scope"},
        "band": {"measure", "when", "value", "bands", "pending_when", "cap", "scope"},
        "run": {"measure", "when", "length", "restart_after", "points", "fine", "cap", "scope"},
        "rate": {"measure", "when", "value", "percent", "of", "every_days", "cap", "scope",
                 "termination"},
        "threshold": {"measure", "when", "filter", "min", "above", "max", "below", "points",
                      "fine", "failed_period", "termination", "pending", "scope", "unit"},
        "count": {"measure", "when", "failures_of", "points", "fine", "scope", "termination",
                  "cap"},
        "failed_periods": {"of", "points", "fine", "termination"},
        "reward": {"measure", "when", "options", "one_per", "pending_when"},
        "manual": {"points", "fine", "termination", "failed_period", "cap", "scope"},
    }

    def rule(self, data: Any, index: int, measures: dict[str, Measure]) -> Rule | None:
        where = f"rules[{index}]"
        if not isinstance(data, dict):
            self.err(where, "应为映射", "must be a mapping")
            return None
        code = str(data.get("code") or "")
        if code:
            where = f"rules[{index}]（{code}）"
        kind = data.get("kind")
        if kind not in RULE_KINDS:
            self.err(f"{where}.kind", f"未知的规则类型“{kind}”（可用：{'、'.join(RULE_KINDS)}）",
                     f"unknown rule kind {kind!r} (one of {', '.join(RULE_KINDS)})")
            return None
        self.keys(data, self.COMMON | self.ALLOWED[kind], where, ("code", "title"))
        measure = None
        hand_only = kind in ("rate", "count", "threshold") and bool(data.get("manual")) and \
            "measure" not in data  # read only the agency's hand entries (a threshold: values)
        if "measure" in self.ALLOWED[kind] and not hand_only:
            name = data.get("measure")
            measure = measures.get(str(name))
            if measure is None:
                self.err(f"{where}.measure", f"未知的度量“{name}”（方案的 measures 中没有）",
                         f"unknown measure {name!r} (not declared in measures)")
            elif kind != "threshold" and measure.kind != "events":
                self.err(f"{where}.measure", f"“{name}”是每期一个值的度量，此规则需要事件",
                         f"{name!r} gives values; this rule needs events")
        kw: dict[str, Any] = {"code": code, "kind": kind, "index": index,
                              "title": self.text(data.get("title", ""), f"{where}.title"),
                              "measure": measure.name if measure else "",
                              "clause": str(data.get("clause") or ""),
                              "interpretation": self.text(data["interpretation"],
                                                          f"{where}.interpretation")
                              if data.get("interpretation") else Text("", ""),
                              "manual": bool(data.get("manual", kind == "manual"))}
        ev = measure if measure is not None and measure.kind == "events" else None
        if "when" in data:
            if measure is not None and measure.kind == "values":
                self.err(f"{where}.when", "每期一个值的度量不能加条件",
                         "a values measure takes no condition")
            else:
                kw["when"] = self.predicate(data["when"], f"{where}.when", measure)
        if "pending_when" in data:
            kw["pending_when"] = self.predicate(data["pending_when"], f"{where}.pending_when",
                                                measure)
        if "points" in data:
            kw["points"] = self.dec(data["points"], f"{where}.points")
        if "fine" in data:
            kw["fine"] = self.amount(data["fine"], f"{where}.fine", ev)
        if "cap" in data:
            kw["cap"] = self.amount(data["cap"], f"{where}.cap", None)
            if kw["cap"] is not None and kw["cap"].of.startswith("attr:"):
                self.err(f"{where}.cap", "上限不能按事件属性计", "a cap cannot use attr:")
        if "scope" in data:
            if data["scope"] not in ("contract", "period"):
                self.err(f"{where}.scope", "应为 contract（整个合同）或 period（每个考核期）",
                         "must be contract or period")
            kw["scope"] = str(data["scope"])
        elif kind in ("threshold",):
            kw["scope"] = "period"
        kw["failed_period"] = bool(data.get("failed_period", False))
        kw["pending"] = bool(data.get("pending", False))
        if "value" in data:
            kw["value"] = str(data["value"])
            attr = ev.attributes.get(kw["value"]) if ev else None
            if ev is not None and (attr is None or attr.type not in ("number", "money",
                                                                     "overdue")):
                self.err(f"{where}.value", f"“{kw['value']}”不是本度量的数值属性",
                         f"{kw['value']!r} is not a numeric attribute of the measure")
        if "termination" in data:
            kw["termination"] = self.termination(data["termination"], f"{where}.termination",
                                                 kind)
        getattr(self, f"rule_{kind}")(data, kw, where, ev, measure)
        effects = [kw.get("points") is not None, kw.get("fine") is not None,
                   kw["failed_period"], kw.get("termination") is not None, kw["pending"],
                   bool(kw.get("bands")), bool(kw.get("options"))]
        if kind == "rate":
            effects.append(kw.get("percent") is not None)
        if not any(effects):
            self.err(where, "规则没有效果（points、fine、failed_period、termination 或 pending"
                     " 至少一项）", "the rule has no effect (points, fine, failed_period, "
                     "termination or pending)")
        return Rule(**kw)

    def termination(self, data: Any, where: str, kind: str) -> Termination | None:
        if data is True:
            return Termination(always=True)
        if not self.keys(data, {"at", "after_days", "at_cap", "always", "on_termination"},
                         where):
            return None
        at = self.int_(data["at"], f"{where}.at") if "at" in data else None
        after = self.dec(data["after_days"], f"{where}.after_days") \
            if "after_days" in data else None
        out = Termination(at, after, bool(data.get("at_cap")), bool(data.get("always")),
                          self.amount(data["on_termination"], f"{where}.on_termination", None)
                          if "on_termination" in data else None)
        if not (out.at or out.after_days is not None or out.at_cap or out.always):
            self.err(where, "需要 at、after_days、at_cap 或 always 之一",
                     "needs one of at, after_days, at_cap, always")
        if out.at and kind not in ("count", "failed_periods"):
            self.err(f"{where}.at", "第 N 次解除只用于 count 或 failed_periods 规则",
                     "at applies to count and failed_periods rules")
        if (out.after_days is not None or out.at_cap) and kind != "rate":
            self.err(where, "after_days、at_cap 只用于 rate 规则",
                     "after_days and at_cap apply to rate rules")
        return out

    def rule_per_event(self, data: dict, kw: dict, where: str, ev: Measure | None,
                       measure: Measure | None) -> None:
        pass

    def rule_manual(self, data: dict, kw: dict, where: str, ev: Measure | None,
                    measure: Measure | None) -> None:
        kw["manual"] = True

    def rule_band(self, data: dict, kw: dict, where: str, ev: Measure | None,
                  measure: Measure | None) -> None:
        if "value" not in data:
            self.err(where, "分档规则需要 value（按哪个数值属性分档）",
                     "a band rule needs value (the numeric attribute)")
        raw = data.get("bands")
        if not isinstance(raw, list) or not raw:
            self.err(f"{where}.bands", "应为非空列表", "must be a non-empty list")
            return
        bands = []
        for i, item in enumerate(raw):
            here = f"{where}.bands[{i}]"
            if not self.keys(item, {"code", "from", "above", "to", "below", "points", "fine",
                                    "step", "pending"}, here):
                continue
            step = None
            if "step" in item:
                s = item["step"]
                if self.keys(s, {"every", "beyond", "points", "fine"}, f"{here}.step",
                             ("every",)):
                    every = self.dec(s.get("every"), f"{here}.step.every") or Decimal(1)
                    if every <= 0:
                        self.err(f"{here}.step.every", "应大于 0", "must be above 0")
                    beyond = self.dec(s.get("beyond", 0), f"{here}.step.beyond") or Decimal(0)
                    step = Step(every, beyond,
                                self.dec(s["points"], f"{here}.step.points")
                                if "points" in s else None,
                                self.amount(s["fine"], f"{here}.step.fine", ev)
                                if "fine" in s else None)
            band = Band(str(item.get("code") or kw["code"]), self.bounds(item, here),
                        self.dec(item["points"], f"{here}.points") if "points" in item else None,
                        self.amount(item["fine"], f"{here}.fine", ev) if "fine" in item else None,
                        step, bool(item.get("pending", False)))
            if band.points is None and band.fine is None and not band.pending:
                self.err(here, "分档没有效果（points、fine 或 pending）",
                         "the band has no effect (points, fine or pending)")
            for j, other in enumerate(bands):
                if band.bounds.overlaps(other.bounds):
                    self.err(here, f"与第 {j + 1} 档重叠", f"overlaps band {j + 1}")
            bands.append(band)
        kw["bands"] = tuple(bands)

    def rule_run(self, data: dict, kw: dict, where: str, ev: Measure | None,
                 measure: Measure | None) -> None:
        kw["length"] = self.int_(data.get("length"), f"{where}.length", 2)
        kw["restart_after"] = self.int_(data.get("restart_after", kw["length"]),
                                        f"{where}.restart_after", kw["length"])
        if "when" not in data:
            self.err(where, "连续规则需要 when（哪些事件算作连续中的一项）",
                     "a run rule needs when (which events qualify)")

    def rule_rate(self, data: dict, kw: dict, where: str, ev: Measure | None,
                  measure: Measure | None) -> None:
        if "value" not in data and measure is not None:
            self.err(where, "比例规则需要 value（逾期天数属性）",
                     "a rate rule needs value (the days attribute)")
        kw["percent"] = self.dec(data.get("percent"), f"{where}.percent")
        if kw["percent"] is not None and kw["percent"] < 0:
            self.err(f"{where}.percent", "比例不能为负", "the percentage cannot be negative")
        self.base(data.get("of"), f"{where}.of", ev)
        kw["of"] = str(data.get("of") or "")
        kw["every_days"] = self.int_(data.get("every_days", 1), f"{where}.every_days")

    def rule_threshold(self, data: dict, kw: dict, where: str, ev: Measure | None,
                       measure: Measure | None) -> None:
        given = [k for k in ("min", "above", "max", "below") if k in data]
        if len(given) != 1:
            self.err(where, "达标线需要 min（≥）、above（>）、max（≤）、below（<）之一",
                     "a threshold needs exactly one of min, above, max, below")
            return
        key = given[0]
        value = self.dec(data[key], f"{where}.{key}")
        kw["passes"] = {"min": Bounds(value, True, None), "above": Bounds(value, False, None),
                        "max": Bounds(None, True, value, True),
                        "below": Bounds(None, True, value, False)}[key]
        if (measure is None or measure.kind == "values") and kw["scope"] != "period":
            self.err(f"{where}.scope", "每期一个值的度量只能按期判断",
                     "a values measure is judged per period")
        if "filter" in data:
            kw["filter"] = self.filter(data["filter"], f"{where}.filter", measure)
        if "unit" in data:
            if measure is not None:
                self.err(f"{where}.unit", "单位只用于手工录入数值的达标线（度量自带单位）",
                         "a unit is for a threshold on a value entered by hand (a measure has "
                         "its own)")
            kw["unit"] = str(data.get("unit") or "")

    def filter(self, data: Any, where: str, measure: Measure | None) -> tuple[
            tuple[str, tuple[str, ...]], ...]:
        """A threshold's choice of a values measure's parts: {name: value or [values]}, the
        names among the measure's declared `filters`."""
        if measure is None or measure.kind != "values" or not measure.filters:
            self.err(where, "只有声明了 filters 的每期一个值的度量可以筛选",
                     "only a values measure that declares filters can be filtered")
            return ()
        if not isinstance(data, dict) or not data:
            self.err(where, "应为非空映射（筛选名 → 取值）", "must be a non-empty mapping "
                     "(filter -> values)")
            return ()
        out = []
        for name, raw in data.items():
            if name not in measure.filters:
                self.err(f"{where}.{name}", f"度量“{measure.name}”没有筛选“{name}”（可用："
                         f"{'、'.join(measure.filters)}）", f"{measure.name!r} has no filter "
                         f"{name!r} (one of {', '.join(measure.filters)})")
                continue
            values = tuple(str(v).strip() for v in (raw if isinstance(raw, list) else [raw])
                           if v is not None and str(v).strip())
            if not values:
                self.err(f"{where}.{name}", "需要至少一个取值", "needs at least one value")
                continue
            out.append((str(name), values))
        return tuple(out)

    def rule_count(self, data: dict, kw: dict, where: str, ev: Measure | None,
                   measure: Measure | None) -> None:
        kw["failures_of"] = tuple(str(c) for c in data.get("failures_of") or ())

    def rule_failed_periods(self, data: dict, kw: dict, where: str, ev: Measure | None,
                            measure: Measure | None) -> None:
        kw["failures_of"] = tuple(str(c) for c in data.get("of") or ())
        if kw.get("termination") is None or not kw["termination"].at:
            self.err(where, "不合格期数规则需要 termination.at（第几个不合格期）",
                     "a failed_periods rule needs termination.at")

    def rule_reward(self, data: dict, kw: dict, where: str, ev: Measure | None,
                    measure: Measure | None) -> None:
        raw = data.get("options")
        if not isinstance(raw, list) or not raw:
            self.err(f"{where}.options", "奖励规则需要非空的 options 列表",
                     "a reward rule needs a non-empty options list")
            return
        options = []
        for i, item in enumerate(raw):
            here = f"{where}.options[{i}]"
            if not self.keys(item, {"code", "when", "points", "title"}, here,
                             ("code", "points")):
                continue
            points = self.dec(item.get("points"), f"{here}.points") or Decimal(0)
            if points <= 0:
                self.err(f"{here}.points", "奖励分应大于 0", "reward points must be above 0")
            options.append(Option(str(item["code"]),
                                  self.predicate(item["when"], f"{here}.when", ev)
                                  if "when" in item else None, points,
                                  self.text(item.get("title", kw["title"].zh), f"{here}.title")))
        kw["options"] = tuple(options)
        one_per = data.get("one_per")
        if one_per is not None:
            if ev is not None and one_per not in ev.attributes:
                self.err(f"{where}.one_per", f"度量没有属性“{one_per}”",
                         f"the measure has no attribute {one_per!r}")
            kw["one_per"] = str(one_per)

    def tier(self, data: Any, index: int) -> Tier | None:
        where = f"tiers[{index}]"
        if not self.keys(data, {"label", "from", "above", "to", "below", "fine", "pending"},
                         where, ("label",)):
            return None
        fine = self.amount(data["fine"], f"{where}.fine", None) if "fine" in data else None
        if fine is not None and fine.of.startswith("attr:"):
            self.err(f"{where}.fine", "档位扣款不能按事件属性计", "a tier fine cannot use attr:")
        return Tier(self.text(data["label"], f"{where}.label"), self.bounds(data, where),
                    fine, bool(data.get("pending", False)))

    def triggers(self, m: dict[str, Any], here: str) -> dict[str, Any]:
        """A milestone's platform trigger, kept as given for the platform: the condition it
        reads (`condition_kind`, `condition_ref`), the working days from the condition to
        payment and the invoice's working days before."""
        out: dict[str, Any] = {}
        for key in ("condition_kind", "condition_ref"):
            if m.get(key) not in (None, ""):
                out[key] = str(m[key])
        for key in ("due_working_days", "invoice_days_before"):
            if key in m:
                out[key] = self.int_(m[key], f"{here}.{key}", 0)
        if m.get("due") not in (None, ""):
            try:
                dt.date.fromisoformat(str(m["due"]))
            except ValueError:
                self.err(f"{here}.due", "应为日期（如 2025-06-30）",
                         "must be a date (e.g. 2025-06-30)")
        return out

    def payments(self, data: Any) -> dict[str, Any]:
        where = "payments"
        if not self.keys(data, {"milestones", "bond", "late_payment", "fines_from"}, where):
            return {}
        out: dict[str, Any] = {"milestones": [], "bond": None, "late_payment": None,
                               "fines_from": data.get("fines_from", "next_payment")}
        if out["fines_from"] not in ("next_payment", "bond", "none"):
            self.err(f"{where}.fines_from", "应为 next_payment、bond 或 none",
                     "must be next_payment, bond or none")
        total = Decimal(0)
        for i, m in enumerate(data.get("milestones") or []):
            here = f"{where}.milestones[{i}]"
            if not self.keys(m, {"code", "name", "percent", "amount", "due", "condition",
                                 "capitals", *MILESTONE_TRIGGERS}, here,
                             ("code", "name", "percent")):
                continue
            pct = self.dec(m.get("percent"), f"{here}.percent") or Decimal(0)
            total += pct
            out["milestones"].append({
                "code": str(m["code"]), "name": self.text(m["name"], f"{here}.name"),
                "percent": pct,
                "amount": self.dec(m["amount"], f"{here}.amount") if "amount" in m else None,
                "due": str(m.get("due") or ""), "capitals": str(m.get("capitals") or ""),
                "condition": self.text(m["condition"], f"{here}.condition")
                if "condition" in m else None,
                **self.triggers(m, here)})
        if out["milestones"] and total != 100:
            self.err(f"{where}.milestones", f"各期比例合计 {_n(total)}%，不是 100%",
                     f"the shares add up to {_n(total)} %, not 100 %")
        if data.get("bond") is not None:
            b = data["bond"]
            here = f"{where}.bond"
            if self.keys(b, {"percent", "amount", "form", "refund", "refund_on", "forfeit"},
                         here):
                pct = self.dec(b["percent"], f"{here}.percent") if "percent" in b else None
                amount = self.dec(b["amount"], f"{here}.amount") if "amount" in b else None
                if (pct is None) == (amount is None):
                    self.err(here, "履约保证金应给出金额（amount）或合同总额的比例（percent）之一",
                             "give the bond as an amount or as a percentage of the contract "
                             "total, one of the two")
                for key, value in (("percent", pct), ("amount", amount)):
                    if value is not None and value < 0:
                        self.err(f"{here}.{key}", "不能为负", "cannot be negative")
                if amount is not None and amount != amount.quantize(Decimal("0.01")):
                    self.err(f"{here}.amount", "金额精确到分", "an amount is exact to the fen")
                refund_on = None
                if b.get("refund_on") not in (None, ""):
                    try:
                        refund_on = dt.date.fromisoformat(str(b["refund_on"]))
                    except ValueError:
                        self.err(f"{here}.refund_on", "应为日期（如 2025-06-30）",
                                 "must be a date (e.g. 2025-06-30)")
                out["bond"] = {"percent": pct, "amount": amount,
                               "form": str(b.get("form") or ""),
                               "refund": self.text(b["refund"], f"{here}.refund")
                               if "refund" in b else None,
                               "refund_on": refund_on,
                               "forfeit": self.text(b["forfeit"], f"{here}.forfeit")
                               if "forfeit" in b else None}
        lp = data.get("late_payment")
        if lp is not None:
            here = f"{where}.late_payment"
            kind = str(lp.get("kind") or "daily") if isinstance(lp, dict) else "daily"
            if kind not in LATE_PAYMENT_KINDS:
                self.err(f"{here}.kind", "应为 daily（固定日比例）或 lpr（按贷款市场报价利率）",
                         "must be daily (a fixed rate a day) or lpr (the loan prime rate)")
            allowed = {"kind", "from_working_day", "cap_percent", "exempt", "clause", "basis"} \
                | ({"multiplier", "plus_bp", "lpr_on", "year_days"} if kind == "lpr"
                   else {"percent_per_day"})
            if kind in LATE_PAYMENT_KINDS and self.keys(
                    lp, allowed, here, ("percent_per_day",) if kind != "lpr" else ()):
                rate = self.dec(lp["percent_per_day"], f"{here}.percent_per_day") \
                    if kind != "lpr" else None
                if rate is not None and rate < 0:
                    self.err(f"{here}.percent_per_day", "日比例不能为负",
                             "the rate per day cannot be negative")
                cap = self.dec(lp["cap_percent"], f"{here}.cap_percent") \
                    if lp.get("cap_percent") is not None else None
                if cap is not None and cap < 0:
                    self.err(f"{here}.cap_percent", "上限不能为负", "the cap cannot be negative")
                basis = str(lp.get("basis") or "overdue")
                if basis not in LATE_PAYMENT_BASES:
                    self.err(f"{here}.basis", "应为 overdue（逾期未付的金额）或 contract_total"
                             "（合同总额）", "must be overdue (the amount paid late) or "
                             "contract_total")
                out["late_payment"] = {
                    "percent_per_day": rate, "cap_percent": cap, "basis": basis,
                    "from_working_day": self.int_(lp.get("from_working_day", 1),
                                                  f"{here}.from_working_day", 0),
                    "exempt": tuple(str(x) for x in lp.get("exempt") or ()),
                    "clause": self.clause_ref(lp.get("clause"), f"{here}.clause"),
                    "kind": kind}
                if kind == "lpr":
                    out["late_payment"].update(self.lpr_terms(lp, here))
        return out

    def lpr_terms(self, lp: dict[str, Any], here: str) -> dict[str, Any]:
        """The terms of a late-payment clause following the one-year LPR."""
        mult = self.dec(lp.get("multiplier", 1), f"{here}.multiplier")
        if mult is not None and mult < 0:
            self.err(f"{here}.multiplier", "LPR 的倍数不能为负", "the LPR multiplier cannot be "
                     "negative")
        plus = self.dec(lp.get("plus_bp", 0), f"{here}.plus_bp")
        if plus is not None and plus < 0:
            self.err(f"{here}.plus_bp", "加点（基点）不能为负", "the basis points added cannot be "
                     "negative")
        on = str(lp.get("lpr_on") or "each_day")
        if on not in LPR_ON:
            self.err(f"{here}.lpr_on", "应为 each_day（逾期期间每日适用的 LPR）或 due_date"
                     "（应付日的 LPR）", "must be each_day (the LPR in force on each day) or "
                     "due_date (the LPR on the due date)")
        year = lp.get("year_days", 360)
        if str(year) not in ("360", "365"):
            self.err(f"{here}.year_days", "一年按 360 天或 365 天计", "a year is 360 or 365 days")
            year = 360
        return {"multiplier": mult if mult is not None else Decimal(1),
                "plus_bp": plus if plus is not None else Decimal(0), "lpr_on": on,
                "year_days": int(year), "percent_per_day": None}


#: What the agency's late-payment rate is taken of: the amount paid late, or the contract total.
LATE_PAYMENT_BASES = ("overdue", "contract_total")
#: A milestone's platform trigger keys (read by the platform, not by the engine).
MILESTONE_TRIGGERS = ("condition_kind", "condition_ref", "due_working_days",
                      "invoice_days_before")
#: Kinds of late-payment clause: a fixed rate a day, or the one-year LPR (times, plus points).
LATE_PAYMENT_KINDS = ("daily", "lpr")
#: Which LPR an LPR clause reads: the one in force on each day of delay, or on the due date.
LPR_ON = ("each_day", "due_date")


def load_scheme(data: Any, known_measures: set[str] | None = None) -> Scheme:
    """A valid `Scheme` from parsed YAML/JSON, or `SchemeError` listing every problem.

    `known_measures`, when given, are the measures the platform can supply (its registry): a
    scheme reading any other measure is refused."""
    ld = _Loader()
    if not ld.keys(data, {"format", "code", "name", "description", "base", "periods",
                          "measures", "rules", "tiers", "payments"}, "",
                   ("format", "code", "name", "rules")):
        raise SchemeError(ld.problems)
    if data.get("format") != FORMAT:
        ld.err("format", f"应为“{FORMAT}”", f"must be {FORMAT!r}")
    base = ld.dec(data["base"], "base") if data.get("base") is not None else None
    periods = data.get("periods", "whole")
    if periods not in PERIOD_KINDS:
        ld.err("periods", f"未知的考核周期“{periods}”（可用：{'、'.join(PERIOD_KINDS)}）",
               f"unknown period kind {periods!r}")
    measures: dict[str, Measure] = {}
    raw_measures = data.get("measures") or {}
    if not isinstance(raw_measures, dict):
        ld.err("measures", "应为映射", "must be a mapping")
        raw_measures = {}
    for name, spec in raw_measures.items():
        if known_measures is not None and name not in known_measures:
            ld.err(f"measures.{name}", f"平台不提供度量“{name}”（可用："
                   f"{'、'.join(sorted(known_measures))}）",
                   f"unknown measure {name!r}: the platform does not supply it")
        m = ld.measure(str(name), spec, f"measures.{name}")
        if m:
            measures[str(name)] = m
    raw_rules = data.get("rules")
    rules: list[Rule] = []
    if not isinstance(raw_rules, list):
        ld.err("rules", "应为列表", "must be a list")
        raw_rules = []
    for i, item in enumerate(raw_rules):
        rule = ld.rule(item, i, measures)
        if rule:
            rules.append(rule)
    seen: set[str] = set()
    for rule in rules:
        own = [rule.code, *sorted({b.code for b in rule.bands} - {rule.code}),
               *(o.code for o in rule.options)]
        for code in own:
            if code in seen:
                ld.err(f"rules（{rule.code}）", f"代码“{code}”重复", f"duplicate code {code!r}")
            seen.add(code)
    codes = {r.code: r for r in rules}
    for rule in rules:
        for ref in rule.failures_of:
            target = codes.get(ref)
            if target is None or not target.failed_period:
                ld.err(f"rules（{rule.code}）", f"“{ref}”不是会判定不合格期的规则",
                       f"{ref!r} is not a rule that fails a period")
            elif rule.kind == "count" and target.kind != "threshold":
                ld.err(f"rules（{rule.code}）.failures_of", f"“{ref}”应为达标线规则",
                       f"{ref!r} must be a threshold rule")
    tiers: list[Tier] = []
    raw_tiers = data.get("tiers") or []
    if raw_tiers and base is None:
        ld.err("tiers", "有档位时需要基础分 base", "tiers need a base score")
    for i, item in enumerate(raw_tiers if isinstance(raw_tiers, list) else []):
        tier = ld.tier(item, i)
        if tier is None:
            continue
        for j, other in enumerate(tiers):
            if tier.bounds.overlaps(other.bounds):
                ld.err(f"tiers[{i}]", f"与第 {j + 1} 档重叠（{tier.bounds.text()} 与 "
                       f"{other.bounds.text()}）", f"overlaps tier {j + 1}")
        tiers.append(tier)
    payments = ld.payments(data["payments"]) if data.get("payments") is not None else {}
    scored = any(r.points is not None or r.options or any(
        b.points is not None or (b.step is not None and b.step.points is not None)
        for b in r.bands) for r in rules)
    if scored and base is None:
        ld.err("base", "规则计分时需要基础分 base", "rules with points need a base score")
    if ld.problems:
        raise SchemeError(ld.problems)
    return Scheme(str(data["code"]), ld.text(data["name"], "name"), base, str(periods),
                  measures, tuple(rules), tuple(tiers), payments,
                  str(data.get("description") or ""))


def load_text(text: str, known_measures: set[str] | None = None) -> Scheme:
    """A scheme from YAML (or JSON, which YAML reads) text."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SchemeError([("YAML", f"文件格式错误：{exc}", f"invalid YAML: {exc}")]) from exc
    return load_scheme(data, known_measures)


def template_names() -> list[str]:
    """The built-in templates (yunwei/scoring/schemes/*.yaml)."""
    return sorted(p.stem for p in SCHEMES_DIR.glob("*.yaml"))


def template(name: str) -> Scheme:
    """A built-in template by name, loaded like any agency's scheme."""
    path = SCHEMES_DIR / f"{name}.yaml"
    if not path.is_file() or "/" in name or "\\" in name:
        raise SchemeError([("template", f"未知的方案模板“{name}”（可用："
                            f"{'、'.join(template_names())}）",
                            f"unknown template {name!r} (one of {', '.join(template_names())})")])
    return load_text(path.read_text(encoding="utf-8"))
