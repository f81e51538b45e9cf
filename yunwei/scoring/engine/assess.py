"""Applies a scheme to the measures of a contract's periods: score, tier, points lines, fine
lines, capped totals, termination rights, failed periods and pending decisions, every line
explaining itself in Chinese and English with its evidence.

Events are checked and kept a column per attribute (`_Table`); conditions are judged over whole
columns, and an event becomes an object only when a rule makes a line of it. Input the fast
path does not recognise goes through `_Run.add_event`, one event at a time, which gives the
same results and explains the first problem (docs/domains/assessment.md, "Speed")."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from itertools import compress, repeat
from typing import Any, NamedTuple

from ..money import FEN, MoneyError, yuan
from .errors import EngineError, InputError, fail
from .periods import TZ, Period
from .scheme import (
    UNIT_SECONDS,
    Amount,
    Attribute,
    Bounds,
    Measure,
    Overdue,
    Predicate,
    Rule,
    Scheme,
    Text,
)

ZERO = Decimal("0.00")
_NIL = Decimal(0)
_US = dt.timedelta(microseconds=1)


# -- inputs ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Contract:
    """What the engine needs of the contract: its total, service period and annual fee."""

    total: Decimal
    start: dt.date
    end: dt.date
    annual_fee: Decimal | None = None


@dataclass(frozen=True)
class Event:
    """One event of a measure: when, an opaque evidence reference, a human label, attributes."""

    measure: str
    time: dt.datetime | dt.date
    ref: str
    label: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Value:
    """The value of a per-period measure (availability 99.87, satisfaction 92) with evidence."""

    measure: str
    period: str
    value: Decimal
    ref: str = ""
    label: str = ""
    #: a part's value (one item's availability) by what it can be filtered on, e.g.
    #: {"item_type": "database", "item": "DB-001"}; several parts per period, read only by
    #: thresholds with a `filter`. Without tags: the measure's one value for the period.
    tags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ManualEntry:
    """An occurrence of a manual rule entered by the agency with its evidence."""

    rule: str
    ref: str
    time: dt.datetime | dt.date
    label: str = ""
    count: int = 1
    #: the period's value entered by hand (a threshold rule without a measure judges it)
    value: Decimal | None = None


# -- outputs -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Evidence:
    """A reference to a record ("workorders.workorder:123") and its human label."""

    ref: str
    label: str


@dataclass(frozen=True)
class Line:
    """One points and/or fine line; pending lines wait for the agency's decision."""

    rule: str
    code: str
    period: str
    points: Decimal
    fine: Decimal
    evidence: tuple[Evidence, ...]
    zh: str
    en: str
    when: dt.date
    pending: bool = False
    capped: bool = False


@dataclass(frozen=True)
class Right:
    """A termination right (or a failed period), with its reason and evidence."""

    rule: str
    period: str
    when: dt.date
    zh: str
    en: str
    evidence: tuple[Evidence, ...] = ()
    fine_on_termination: Decimal | None = None


@dataclass
class PeriodResult:
    """The assessment of one period."""

    period: Period
    lines: list[Line] = field(default_factory=list)
    score: Decimal | None = None
    tier: Text | None = None
    tier_pending: bool = False
    tier_fine: Decimal = ZERO
    rule_fines: Decimal = ZERO
    fines: Decimal = ZERO
    failed: list[Right] = field(default_factory=list)
    terminations: list[Right] = field(default_factory=list)
    pending: list[Right] = field(default_factory=list)


@dataclass
class Assessment:
    """The assessment of a contract: its periods and what runs over the whole contract."""

    scheme: str
    periods: list[PeriodResult]
    fines: Decimal = ZERO
    termination_rights: list[Right] = field(default_factory=list)
    failed_periods: list[Right] = field(default_factory=list)
    pending: list[Right] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def period(self, code: str) -> PeriodResult:
        for p in self.periods:
            if p.period.code == code:
                return p
        raise KeyError(code)


# -- helpers -----------------------------------------------------------------------------------
def pts(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return ("+" + text) if value > 0 else text


def plural(n: Any, one: str, many: str | None = None) -> str:
    """The English noun for a count: "1 day", "2 days", "0.5 points" (only exactly one is
    singular)."""
    return one if Decimal(str(n)).copy_abs() == 1 else (many or f"{one}s")


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


def num(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() or \
        value.as_tuple().exponent >= -6 else f"{value:.2f}"


def _q(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _time(value: Any, where: str) -> dt.datetime:
    if value.__class__ is dt.datetime and value.tzinfo is not None:
        return value
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=TZ)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), TZ)
    text = str(value or "").strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=TZ)
        except ValueError:
            continue
    raise fail(where, f"无法识别的时间“{value}”", f"cannot read time {value!r}")


def _ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


class _Ev(NamedTuple):
    """An event checked against its measure, with derived attributes, in its period, whole (made
    when a rule needs it): `attrs` follow the measure's attributes, `names` gives each
    attribute's place (one mapping shared by the measure's events)."""

    time: dt.datetime
    ref: str
    label: str
    attrs: tuple[Any, ...]
    period: Period
    as_of: dt.datetime
    names: Mapping[str, int]

    def get(self, name: str) -> Any:
        i = self.names.get(name)
        return None if i is None else self.attrs[i]

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.ref, self.label or self.ref)


class _Table:
    """The events of one measure column by column: when, reference, label, period, assessment
    instant and each attribute (in the measure's order). An event is a row number until a rule
    needs it whole (`row`), so that events no rule counts cost no object of their own."""

    def __init__(self, index: dict[str, int], times: list[dt.datetime], refs: list[str],
                 labels: list[str], periods: list[Period], as_ofs: list[dt.datetime],
                 cols: dict[str, list[Any]]) -> None:
        self.index, self.times, self.refs, self.labels = index, times, refs, labels
        self.periods, self.as_ofs, self.cols = periods, as_ofs, cols
        self._attrs = list(cols.values())

    def __len__(self) -> int:
        return len(self.times)

    def row(self, i: int) -> _Ev:
        return _Ev(self.times[i], self.refs[i], self.labels[i],
                   tuple([c[i] for c in self._attrs]), self.periods[i], self.as_ofs[i],
                   self.index)

    def rows(self, rows: Iterable[int]) -> list[_Ev]:
        return [self.row(i) for i in rows]

    def tiebreak(self, i: int) -> str:
        return repr(sorted(((n, c[i]) for n, c in self.cols.items()), key=lambda kv: kv[0]))

    def in_order(self) -> _Table:
        """The same events by time, then reference, then attributes: the same order whatever
        the input (stable sorts: equal events keep the order they were given in)."""
        times, refs = self.times, self.refs
        order = sorted(range(len(times)), key=times.__getitem__)
        st = [times[i] for i in order]
        # events at the same instant: by reference, then by their attributes
        same = list(compress(range(len(st) - 1), map(operator.eq, st, st[1:])))
        k = 0
        while k < len(same):
            first = last = same[k]
            while k + 1 < len(same) and same[k + 1] == last + 1:
                k, last = k + 1, same[k + 1]
            k += 1
            group = sorted(order[first:last + 2], key=refs.__getitem__)
            i = 0
            while i < len(group):
                j = i + 1
                while j < len(group) and refs[group[j]] == refs[group[i]]:
                    j += 1
                if j - i > 1:
                    group[i:j] = sorted(group[i:j], key=self.tiebreak)
                i = j
            order[first:last + 2] = group
        if order == list(range(len(order))):
            return self

        def pick(col: list[Any]) -> list[Any]:
            return [col[i] for i in order]

        return _Table(self.index, pick(self.times), pick(self.refs), pick(self.labels),
                      pick(self.periods), pick(self.as_ofs),
                      {n: pick(c) for n, c in self.cols.items()})


class _Slow(Exception):
    """The fast path of input checking gives up; the full check decides (and explains)."""


def _conv(attr: Attribute) -> Any:
    """A function converting one given (non-empty) value of `attr` as `_Run.coerce` does, for
    the usual Python types; anything else raises `_Slow`."""
    typ = attr.type
    if typ == "bool":
        def conv(v: Any) -> Any:
            if v is True or v is False:
                return v
            raise _Slow
    elif typ in ("number", "overdue"):
        def conv(v: Any) -> Any:
            cls = v.__class__
            if cls is Decimal:
                return v  # Decimal(str(v)) == v, exponent included
            if cls is int or cls is str or cls is float:
                try:
                    return Decimal(v) if cls is int else Decimal(str(v))
                except ArithmeticError:
                    raise _Slow from None
            raise _Slow
    elif typ == "money":
        def conv(v: Any) -> Any:
            try:
                return yuan(v)
            except MoneyError:
                raise _Slow from None
    elif typ == "choice":
        allowed = frozenset(attr.values)

        def conv(v: Any) -> Any:
            text = v if v.__class__ is str else str(v)
            if text in allowed:
                return text
            raise _Slow
    elif typ == "time":
        def conv(v: Any) -> Any:
            if v.__class__ is dt.datetime and v.tzinfo is not None:
                return v
            try:
                return _time(v, "")
            except InputError:
                raise _Slow from None
    else:
        conv = str
    return conv


class _Quotients(dict):
    """A duration in microseconds divided by `div`, as a Decimal, each worked out once
    (durations repeat)."""

    def __init__(self, div: Decimal) -> None:
        super().__init__()
        self.div = div

    def __missing__(self, delta: dt.timedelta) -> Decimal:
        value = self[delta] = Decimal(delta // _US) / self.div
        return value


class _Overdue:
    """A derived duration (`Overdue`), its limits turned into durations once: (end, or the
    assessment instant) minus (deadline, or start + limit), in the attribute's unit."""

    def __init__(self, name: str, spec: Overdue) -> None:
        unit = UNIT_SECONDS[spec.unit]
        self.name, self.div = name, Decimal(unit * 1_000_000)
        self.fixed = None if spec.limit is None else \
            dt.timedelta(microseconds=int(spec.limit * unit * 1_000_000))
        self.by = {k: dt.timedelta(microseconds=int(v * unit * 1_000_000))
                   for k, v in spec.limits.items()}
        self.start = None if spec.start == "time" else spec.start
        self.end = None if spec.end == "time" else spec.end
        self.deadline, self.limit_by = spec.deadline, spec.limit_by

    def one(self, start: dt.datetime | None, end: dt.datetime | None,
            deadline: dt.datetime | None, key: Any, as_of: dt.datetime) -> Decimal:
        if deadline is None:
            if start is None:
                return Decimal(0)
            limit = self.fixed if self.fixed is not None else self.by.get(str(key))
            if limit is None:
                return Decimal(0)
            deadline = start + limit
        return Decimal(((end or as_of) - deadline) // _US) / self.div

    def of(self, time: dt.datetime, attrs: dict[str, Any], as_of: dt.datetime) -> Decimal:
        """The duration of one event, from its attributes."""
        return self.one(time if self.start is None else attrs.get(self.start),
                        time if self.end is None else attrs.get(self.end),
                        attrs.get(self.deadline) if self.deadline else None,
                        attrs.get(self.limit_by) if self.limit_by else None, as_of)

    def column(self, given: list[Any], times: list[dt.datetime], cols: dict[str, list[Any]],
               as_ofs: list[dt.datetime]) -> list[Any]:
        """The durations of many events, where not given, from their attribute columns: `one`
        written out over the columns (no call per event)."""
        n = len(given)
        q, zero = _Quotients(self.div), Decimal(0)
        starts = times if self.start is None else cols[self.start]
        ends = times if self.end is None else cols[self.end]
        deadlines = cols[self.deadline] if self.deadline else [None] * n
        if self.fixed is not None:
            limits: list[Any] = [self.fixed] * n
        elif self.limit_by:
            limits = list(map(self.by.get, map(str, cols[self.limit_by])))
        else:
            limits = [None] * n
        if given.count(None) == n:  # the usual cases, at C speed
            due = None
            if None not in deadlines:
                due = deadlines
            elif deadlines.count(None) == n and None not in starts and None not in limits:
                due = list(map(operator.add, starts, limits))
            if due is not None:
                if None in ends:
                    ends = [e or a for e, a in zip(ends, as_ofs, strict=True)]
                return list(map(q.__getitem__, map(operator.sub, ends, due)))
        return [g if g is not None else
                q[(e or a) - d] if d is not None else
                zero if s is None or lim is None else
                q[(e or a) - (s + lim)]
                for g, s, e, d, lim, a in zip(given, starts, ends, deadlines, limits, as_ofs,
                                              strict=True)]


_NONE = type(None)
_PLAIN = {  # the attribute types whose given values are kept as they are, by Python type
    "bool": {bool, _NONE}, "number": {Decimal, _NONE}, "overdue": {Decimal, _NONE},
    "time": {dt.datetime, _NONE}, "choice": {str, _NONE}, "text": {str, _NONE},
}
_INTS = {int, Decimal, _NONE}
_CHOICES = {int, str, _NONE}


def _column(attr: Attribute, conv: Any, values: list[Any]) -> list[Any]:
    """One attribute of many events converted as `_Run.coerce` does (raises `_Slow` where the
    full check must decide): values of the usual types pass through untouched."""
    kinds, typ = set(map(type, values)), attr.type
    if kinds <= _PLAIN.get(typ, set()):
        if typ in ("bool", "number", "overdue"):
            return values
        if typ == "time":
            if None not in {v.tzinfo for v in values if v is not None}:
                return values
        else:
            present = set(values)
            if "" not in present and (typ == "text" or present <= _choices(attr)):
                return values
    elif typ in ("number", "overdue") and kinds <= _INTS:  # Decimal(str(n)) == Decimal(n)
        return [v if v is None or v.__class__ is Decimal else Decimal(v) for v in values]
    elif typ == "choice" and kinds <= _CHOICES:  # numbered choices: str(1) == "1"
        texts = [v if v is None or v.__class__ is str else str(v) for v in values]
        present = set(texts)
        if "" not in present and present <= _choices(attr):
            return texts
    return [None if v is None or v == "" else conv(v) for v in values]


def _choices(attr: Attribute) -> frozenset[Any]:
    """The values a choice attribute accepts as given, and None (absent)."""
    return frozenset((*attr.values, None))


def _compile(pred: Predicate, names: Mapping[str, int]) -> Any:
    """A predicate as a function of one event of a measure whose attributes are `names`."""
    op, want = pred.op, pred.value
    if op in ("all", "any", "not"):
        parts = [_compile(p, names) for p in pred.parts]
        if op == "not":
            inner = parts[0]
            return lambda ev: not inner(ev)
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            a, b = parts
            return (lambda ev: a(ev) and b(ev)) if op == "all" else \
                (lambda ev: a(ev) or b(ev))
        if op == "all":
            return lambda ev: all(p(ev) for p in parts)
        return lambda ev: any(p(ev) for p in parts)
    i = names[pred.attr]
    if op == "present":
        if want:
            return lambda ev: ev.attrs[i] is not None
        return lambda ev: ev.attrs[i] is None
    if op == "older_than_hours":
        limit = dt.timedelta(hours=float(want))
        return lambda ev: (v := ev.attrs[i]) is not None and ev.as_of - v > limit
    # eq/ne/in/not_in give the same answer on a missing value as an explicit test would:
    # None equals no operand (operands are never None) and is in no tuple of operands
    if op == "eq":
        return lambda ev: ev.attrs[i] == want
    if op == "ne":
        return lambda ev: ev.attrs[i] != want
    if op == "in":
        return lambda ev: ev.attrs[i] in want
    if op == "not_in":
        return lambda ev: ev.attrs[i] not in want
    if op == "gt":
        return lambda ev: (v := ev.attrs[i]) is not None and v > want
    if op == "ge":
        return lambda ev: (v := ev.attrs[i]) is not None and v >= want
    if op == "lt":
        return lambda ev: (v := ev.attrs[i]) is not None and v < want
    if op == "le":
        return lambda ev: (v := ev.attrs[i]) is not None and v <= want
    raise AssertionError(op)


def _vector(pred: Predicate, column: Any, as_ofs: Any) -> list[bool]:
    """`pred` over all events of a measure at once: `column(name)` gives an attribute of
    every event, `as_ofs()` their assessment instants; one truth value per event. Every part
    is evaluated (no short cut), so a comparison that can raise (a NaN) must be retried one
    event at a time with `_compile`."""
    op, want = pred.op, pred.value
    if op in ("all", "any"):
        masks = [_vector(p, column, as_ofs) for p in pred.parts]
        join = operator.and_ if op == "all" else operator.or_
        out = masks[0]
        for mask in masks[1:]:
            out = list(map(join, out, mask))
        return out
    if op == "not":
        return [not x for x in _vector(pred.parts[0], column, as_ofs)]
    col = column(pred.attr)
    if op == "present":
        return [v is not None for v in col] if want else [v is None for v in col]
    if op == "older_than_hours":
        limit = dt.timedelta(hours=float(want))
        return [v is not None and a - v > limit for v, a in zip(col, as_ofs(), strict=True)]
    if op == "eq":
        return [v == want for v in col]
    if op == "ne":
        return [v != want for v in col]
    if op == "in":
        return [v in want for v in col]
    if op == "not_in":
        return [v not in want for v in col]
    if op == "gt":
        return [v is not None and v > want for v in col]
    if op == "ge":
        return [v is not None and v >= want for v in col]
    if op == "lt":
        return [v is not None and v < want for v in col]
    if op == "le":
        return [v is not None and v <= want for v in col]
    raise AssertionError(op)


def _bounds(b: Bounds) -> Any:
    """`b.contains` as a plain function."""
    lo, hi = b.lower, b.upper
    if lo is None and hi is None:
        return lambda x: True
    if hi is None:
        return (lambda x: x >= lo) if b.lower_incl else (lambda x: x > lo)
    if lo is None:
        return (lambda x: x <= hi) if b.upper_incl else (lambda x: x < hi)
    if b.lower_incl:
        return (lambda x: lo <= x <= hi) if b.upper_incl else (lambda x: lo <= x < hi)
    return (lambda x: lo < x <= hi) if b.upper_incl else (lambda x: lo < x < hi)


class _Raw:
    """A line in the making (caps may still lower its fine)."""

    __slots__ = ("capped", "code", "en", "evidence", "fine", "fine_en", "fine_zh", "has_fine",
                 "pending", "period", "points", "ref", "rule", "time", "title", "zh")

    def __init__(self, rule: Rule, code: str, title: Text, period: Period, time: dt.datetime,
                 ref: str, evidence: tuple[Evidence, ...], zh: str, en: str,
                 pending: bool = False) -> None:
        self.rule, self.code, self.title, self.period, self.time = rule, code, title, period, time
        self.ref, self.evidence, self.zh, self.en, self.pending = ref, evidence, zh, en, pending
        self.points, self.fine, self.fine_zh, self.fine_en = _NIL, ZERO, "", ""
        self.capped = self.has_fine = False


class _Input(NamedTuple):
    """An events measure as the input check needs it."""

    measure: Measure
    allowed: frozenset[str]  # its attribute names
    convs: list[tuple[str, Any, Any]]  # name, default, converter of each attribute
    index: dict[str, int]  # each attribute's place in _Ev.attrs
    overdues: list[_Overdue]


class _Run:
    """One assessment: inputs checked, rules applied, results assembled."""

    def __init__(self, scheme: Scheme, contract: Contract, periods: list[Period],
                 as_of: dt.datetime | None) -> None:
        self.scheme, self.contract, self.periods = scheme, contract, periods
        self.as_of = as_of
        self.events: dict[str, list[_Ev]] = {name: [] for name in scheme.measures}  # slow path
        self.tables: dict[str, _Table] = {}  # the fast path's, in input order
        self.values: dict[tuple[str, str], Value] = {}
        self.parts: dict[tuple[str, str], list[Value]] = {}
        self.manual: list[ManualEntry] = []
        self.raws: list[_Raw] = []
        self.rights: list[Right] = []
        self.failed: list[Right] = []
        self.pending: list[Right] = []
        self.outside: list[str] = []
        self._ordered: dict[str, _Table] = {}
        self._compiled: dict[tuple[int, int], Any] = {}
        self._matching: dict[tuple[str, Predicate], list[_Ev]] = {}
        self._masks: dict[tuple[str, Predicate], list[bool]] = {}
        self._amounts: dict[tuple[Amount, Any, int], tuple[Decimal, str, str]] = {}
        self._closes = {p.code: p.closes for p in periods}
        self._as_of = {p.code: self.period_as_of(p) for p in periods}
        self._days: dict[dt.date, Period | None] = {}
        self._inputs: dict[str, _Input] = {}

    # inputs ------------------------------------------------------------------------------------
    def period_of(self, day: dt.date) -> Period | None:
        try:
            return self._days[day]
        except KeyError:
            pass
        found = None
        for p in self.periods:
            if p.contains(day):
                found = p
                break
        self._days[day] = found
        return found

    def period_as_of(self, period: Period) -> dt.datetime:
        closes = self._closes[period.code]
        return min(self.as_of, closes) if self.as_of else closes

    def measure_input(self, name: str) -> _Input | None:
        """An events measure with its attribute converters (built once), or None."""
        found = self._inputs.get(name)
        if found is None:
            measure = self.scheme.measures.get(name)
            if measure is None or measure.kind != "events":
                return None
            attrs = list(measure.attributes.values())
            found = self._inputs[name] = _Input(
                measure, frozenset(measure.attributes),
                [(a.name, a.default, _conv(a)) for a in attrs],
                {a.name: i for i, a in enumerate(attrs)},
                [_Overdue(a.name, a.overdue) for a in attrs
                 if a.type == "overdue" and a.overdue])
        return found

    def add_events(self, events: list[Event]) -> bool:
        """Every event checked and converted measure by measure, column by column: the fast
        path for well-formed input. False, with nothing added, when any event needs the one by
        one check of `add_event`, which then finds and explains the first problem."""
        try:
            measures = [ev.measure for ev in events]
            names = list(dict.fromkeys(measures))  # in order of first appearance
            if any(self.measure_input(name) is None for name in names):
                return False
            groups = {names[0]: events} if len(names) == 1 else \
                {name: list(compress(events, map(name.__eq__, measures))) for name in names}
            done = [(name, *self.columns(name, group)) for name, group in groups.items()]
        except (_Slow, EngineError, ArithmeticError, AttributeError, TypeError, ValueError):
            return False
        for name, table, outside in done:
            self.tables[name] = table
            self.outside.extend(outside)
        return True

    def columns(self, name: str, group: list[Event]) -> tuple[_Table, list[str]]:
        """The events of one measure, and the references of those outside every period."""
        measure, allowed, convs, index, overdues = self._inputs[name]
        times = [ev.time for ev in group]
        if set(map(type, times)) != {dt.datetime} or None in {t.tzinfo for t in times}:
            times = [_time(t, "") for t in times]
        refs = [ev.ref for ev in group]
        if set(map(type, refs)) != {str}:
            refs = list(map(str, refs))
        if not all(map(str.strip, refs)):
            raise _Slow
        days = list(map(dt.datetime.date, times))
        for day in set(days).difference(self._days):
            self.period_of(day)
        periods = list(map(self._days.__getitem__, days))
        outside: list[str] = []
        if None in periods:
            outside = [ev.ref for ev, p in zip(group, periods, strict=True) if p is None]
            keep = [i for i, p in enumerate(periods) if p is not None]
            group, times, refs = [group[i] for i in keep], [times[i] for i in keep], \
                [refs[i] for i in keep]
            periods = [periods[i] for i in keep]
        as_ofs = [self._as_of[p.code] for p in periods]
        raws = [ev.attrs for ev in group]
        if not all(map(allowed.issuperset, raws)):
            raise _Slow
        attrs = measure.attributes
        if set(map(type, raws)) == {dict}:  # dict.get at C speed
            cols = {n: _column(attrs[n], conv, list(map(dict.get, raws, repeat(n),
                                                        repeat(default))))
                    for n, default, conv in convs}
        else:
            cols = {n: _column(attrs[n], conv, [r.get(n, default) for r in raws])
                    for n, default, conv in convs}
        for overdue in overdues:
            cols[overdue.name] = overdue.column(cols[overdue.name], times, cols, as_ofs)
        labels = [ev.label for ev in group]
        return _Table(index, times, refs, labels, periods, as_ofs, cols), outside

    def add_event(self, ev: Event, index: int) -> None:
        """One event checked and converted (the slow path, which explains every problem)."""
        found = self.measure_input(ev.measure)
        where = f"{ev.measure}[{index}]"
        if found is None:
            if ev.measure not in self.scheme.measures:
                raise fail(where, f"方案没有度量“{ev.measure}”", f"the scheme has no measure "
                           f"{ev.measure!r}")
            raise fail(where, f"“{ev.measure}”是每期一个值的度量", f"{ev.measure!r} takes "
                       "one value per period, not events")
        time = _time(ev.time, where)
        if not str(ev.ref).strip():
            raise fail(where, "缺少证据引用 ref", "the evidence reference (ref) is missing")
        period = self.period_of(time.date())
        if period is None:
            self.outside.append(ev.ref)
            return
        as_of = self._as_of[period.code]
        attrs = self.coerce(found.measure, ev.attrs, where)
        for overdue in found.overdues:
            if attrs.get(overdue.name) is None:
                attrs[overdue.name] = overdue.of(time, attrs, as_of)
        self.events[ev.measure].append(_Ev(time, str(ev.ref), ev.label, tuple(attrs.values()),
                                           period, as_of, found.index))

    def coerce(self, measure: Measure, raw: Mapping[str, Any], where: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in raw:
            if key not in measure.attributes:
                raise fail(f"{where}.{key}", f"度量“{measure.name}”没有属性“{key}”（可用："
                           f"{'、'.join(measure.attributes) or '无'}）",
                           f"measure {measure.name!r} has no attribute {key!r}")
        for name, attr in measure.attributes.items():
            value = raw.get(name, attr.default)
            here = f"{where}.{name}"
            if value is None or value == "":
                out[name] = None
                continue
            if attr.type == "bool":
                if not isinstance(value, bool):
                    raise fail(here, "应为 true 或 false", "must be true or false")
                out[name] = value
            elif attr.type in ("number", "overdue"):
                if isinstance(value, bool):
                    raise fail(here, "应为数字", "must be a number")
                try:
                    out[name] = Decimal(str(value))
                except ArithmeticError as exc:
                    raise fail(here, f"无法识别的数字“{value}”", f"not a number: {value!r}") \
                        from exc
            elif attr.type == "money":
                try:
                    out[name] = yuan(value)
                except MoneyError as exc:
                    raise fail(here, exc.zh, exc.en) from exc
            elif attr.type == "choice":
                text = str(value)
                if text not in attr.values:
                    raise fail(here, f"未知的{attr.label.zh}“{text}”（可用："
                               f"{'、'.join(attr.values)}）",
                               f"unknown {attr.label.en} {text!r} (one of "
                               f"{', '.join(attr.values)})")
                out[name] = text
            elif attr.type == "time":
                out[name] = _time(value, here)
            else:
                out[name] = str(value)
        return out

    # predicates and amounts --------------------------------------------------------------------
    def test(self, pred: Predicate, names: Mapping[str, int]) -> Any:
        """`pred` compiled (once per assessment) into a function of an event."""
        key = (id(pred), id(names))
        test = self._compiled.get(key)
        if test is None:
            test = self._compiled[key] = _compile(pred, names)
        return test

    def holds(self, pred: Predicate | None, ev: _Ev) -> bool:
        return True if pred is None else self.test(pred, ev.names)(ev)

    def base(self, of: str, period: Period | None, ev: _Ev | None,
             where: str) -> tuple[Decimal, str, str]:
        if of == "contract_total":
            return yuan(self.contract.total), "合同总额", "the contract total"
        if of == "annual_fee":
            if self.contract.annual_fee is None:
                raise fail(where, "方案按年度服务费计算，但未给出 annual_fee",
                           "the scheme uses the annual fee but none was given")
            return yuan(self.contract.annual_fee), "年度服务费", "the annual fee"
        if of == "period_fee":
            if period is None or period.fee is None:
                raise fail(where, f"方案按考核期费用计算，但考核期 "
                           f"{period.code if period else ''} 没有费用（periods.fees）",
                           "the scheme uses the period fee but the period has none")
            return period.fee, f"{period.code} 期费用", f"the fee of {period.code}"
        name = of[5:]
        value = ev.get(name) if ev else None
        if value is None:
            raise fail(where, f"计算违约金需要属性“{name}”", f"the fine needs attribute {name!r}")
        return value, name, name

    def amount(self, spec: Amount, units: Decimal | int, period: Period | None,
               ev: _Ev | None, where: str) -> tuple[Decimal, str, str]:
        if spec.of.startswith("attr:"):
            return self._amount(spec, units, period, ev, where)
        # the same for every event: worked out once per amount, units and period
        key = (spec, units, id(period))
        found = self._amounts.get(key)
        if found is None:
            found = self._amounts[key] = self._amount(spec, units, period, ev, where)
        return found

    def _amount(self, spec: Amount, units: Decimal | int, period: Period | None,
                ev: _Ev | None, where: str) -> tuple[Decimal, str, str]:
        units = Decimal(units)
        if spec.yuan is not None:
            total = _q(spec.yuan * units)
            if units == 1:
                return total, f"{money(spec.yuan)} 元", f"{money(spec.yuan)} yuan"
            return total, f"{money(spec.yuan)} 元 × {num(units)} = {money(total)} 元", \
                f"{money(spec.yuan)} yuan × {num(units)} = {money(total)} yuan"
        base, bzh, ben = self.base(spec.of, period, ev, where)
        assert spec.percent is not None
        total = _q(base * spec.percent / 100 * units)
        times_zh = f" × {num(units)}" if units != 1 else ""
        return total, f"{bzh} {money(base)} 元 × {num(spec.percent)}%{times_zh} = " \
            f"{money(total)} 元", f"{num(spec.percent)} % of {ben} {money(base)} yuan" \
            f"{times_zh} = {money(total)} yuan"

    # rules -------------------------------------------------------------------------------------
    def ordered(self, measure: str) -> _Table:
        """The events of `measure` in order."""
        found = self._ordered.get(measure)
        if found is None:
            found = self.tables.get(measure)
            if found is None:  # given one by one (or none given)
                evs = self.events.get(measure, [])
                names = list(self.scheme.measures[measure].attributes)
                found = _Table({n: i for i, n in enumerate(names)}, [e.time for e in evs],
                               [e.ref for e in evs], [e.label for e in evs],
                               [e.period for e in evs], [e.as_of for e in evs],
                               {n: [e.attrs[i] for e in evs] for i, n in enumerate(names)})
            found = self._ordered[measure] = found.in_order()
        return found

    def mask(self, measure: str, pred: Predicate) -> list[bool]:
        """Whether `pred` holds, for every event of `measure` in order (rules with equal
        conditions share the answer)."""
        key = (measure, pred)
        found = self._masks.get(key)
        if found is None:
            table = self.ordered(measure)
            try:
                found = _vector(pred, table.cols.__getitem__, lambda: table.as_ofs)
            except ArithmeticError:  # e.g. a NaN compared: judge one event at a time
                test = self.test(pred, table.index)
                found = [test(table.row(i)) for i in range(len(table))]
            self._masks[key] = found
        return found

    def picked(self, rule: Rule) -> Iterable[int]:
        """The rows of the events `rule` counts (those its condition holds for), in order."""
        table = self.ordered(rule.measure)
        if rule.when is None:
            return range(len(table))
        return compress(range(len(table)), self.mask(rule.measure, rule.when))

    def chrono(self, rule: Rule) -> list[_Ev]:
        """The events `rule` counts, in order, each whole."""
        key = (rule.measure, rule.when)
        found = self._matching.get(key)
        if found is None:
            found = self._matching[key] = self.ordered(rule.measure).rows(self.picked(rule))
        return found

    def raw(self, rule: Rule, ev: _Ev | None, zh: str, en: str, *, code: str = "",
            title: Text | None = None, period: Period | None = None,
            time: dt.datetime | None = None, evidence: tuple[Evidence, ...] | None = None,
            points: Decimal | None = None, fine: Amount | None = None,
            units: Decimal | int = 1, pending: bool = False,
            extra_points: Decimal | None = None, extra_fine: Amount | None = None,
            extra_units: int = 0) -> _Raw:
        period = period or (ev.period if ev else self.periods[0])
        r = _Raw(rule, code or rule.code, title or rule.title, period,
                 time or (ev.time if ev else period.closes - dt.timedelta(seconds=1)),
                 ev.ref if ev else "", evidence if evidence is not None else
                 ((ev.evidence,) if ev else ()), zh, en, pending=pending)
        if pending:
            return r
        where = f"{rule.code}"
        r.points = (points or _NIL) * (units if units.__class__ is int else Decimal(units))
        if extra_points is not None and extra_units:
            r.points += extra_points * extra_units
        parts_zh, parts_en = [], []
        if fine is not None:
            value, fzh, fen = self.amount(fine, units, period, ev, where)
            r.fine += value
            parts_zh.append(fzh)
            parts_en.append(fen)
        if extra_fine is not None and extra_units:
            value, fzh, fen = self.amount(extra_fine, extra_units, period, ev, where)
            r.fine += value
            parts_zh.append(fzh)
            parts_en.append(fen)
        if parts_zh:
            r.has_fine = True
            total = money(r.fine)
            r.fine_zh = "；".join(p for p in parts_zh if p != f"{total} 元")
            r.fine_en = "; ".join(p for p in parts_en if p != f"{total} yuan")
        return r

    def right(self, rule: Rule, period: Period, time: dt.datetime, zh: str, en: str,
              evidence: tuple[Evidence, ...] = ()) -> None:
        fine = None
        if rule.termination and rule.termination.on_termination:
            fine, fzh, fen = self.amount(rule.termination.on_termination, 1, period, None,
                                         rule.code)
            zh += f"；如解除合同，违约金 {fzh}"
            en += f"; on termination the penalty is {fen}"
        self.rights.append(Right(rule.code, period.code, time.date(),
                                 f"甲方有权解除合同：{rule.title.zh}（{zh}）",
                                 f"the agency may terminate the contract: {rule.title.en} ({en})",
                                 evidence, fine))

    def fail_period(self, rule: Rule, period: Period, zh: str, en: str,
                    evidence: tuple[Evidence, ...] = ()) -> None:
        self.failed.append(Right(rule.code, period.code, period.end,
                                 f"{period.code} 不合格：{rule.title.zh}（{zh}）",
                                 f"{period.code} failed: {rule.title.en} ({en})", evidence))

    def apply_per_event(self, rule: Rule) -> None:
        for ev in self.chrono(rule):
            pend = rule.pending or (rule.pending_when is not None and
                                    self.holds(rule.pending_when, ev))
            label = ev.label or ev.ref
            self.raws.append(self.raw(rule, ev, label, label, points=rule.points,
                                      fine=rule.fine, pending=pend))
            if pend:
                continue
            if rule.termination and rule.termination.always:
                self.right(rule, ev.period, ev.time, label, label, (ev.evidence,))
            if rule.failed_period:
                self.fail_period(rule, ev.period, label, label, (ev.evidence,))

    def manual_events(self, rule: Rule) -> list[tuple[_Ev, int]]:
        """The rule's hand entries as events in time order, each with its count (for a rate
        rule, the days late); entries outside every period are listed in `outside`."""
        out = []
        for i, entry in enumerate(sorted((m for m in self.manual if m.rule == rule.code),
                                         key=lambda m: (_time(m.time, ""), m.ref, m.count))):
            time = _time(entry.time, f"manual[{i}]")
            period = self.period_of(time.date())
            if period is None:
                self.outside.append(entry.ref)
                continue
            out.append((_Ev(time, entry.ref, entry.label or entry.ref, (), period,
                            self.period_as_of(period), {}), entry.count))
        return out

    def apply_manual(self, rule: Rule) -> None:
        for ev, count in self.manual_events(rule):
            time, period, label = ev.time, ev.period, ev.label
            times = f"（{count} 次）" if count != 1 else ""
            self.raws.append(self.raw(rule, ev, label + times, label + times.replace(
                "（", " (").replace(" 次）", " times)"), points=rule.points, fine=rule.fine,
                units=count))
            if rule.termination and rule.termination.always:
                self.right(rule, period, time, label, label, (ev.evidence,))
            if rule.failed_period:
                self.fail_period(rule, period, label, label, (ev.evidence,))

    def apply_band(self, rule: Rule) -> None:
        unit = self.scheme.measures[rule.measure].attributes[rule.value]
        suffix = suffix_en = ""
        if unit.overdue:
            suffix = {"minutes": " 分钟", "hours": " 小时", "days": " 天"}[unit.overdue.unit]
            suffix_en = {"minutes": " min", "hours": " h", "days": " days"}[unit.overdue.unit]
        days_unit = bool(unit.overdue) and unit.overdue.unit == "days"
        bands = [(_bounds(band.bounds), band) for band in rule.bands]
        table = self.ordered(rule.measure)
        values = table.cols[rule.value]
        rows: Iterable[int] = self.picked(rule)
        lowers = [b.bounds.lower for b in rule.bands]
        if None not in lowers:  # below every band: no line (most events, usually)
            least = min(lowers)
            rows = [i for i in rows if (v := values[i]) is not None and v >= least]
        for i in rows:
            value = values[i]
            if value is None:
                continue
            for contains, band in bands:
                if not contains(value):
                    continue
                ev = table.row(i)
                label, shown = ev.label or ev.ref, num(value)
                what = f"{label}：{unit.label.zh} {shown}{suffix}"
                what_en = f"{label}: {unit.label.en} {shown}" + (
                    f" {plural(value, 'day')}" if days_unit else suffix_en)
                pend = band.pending or (rule.pending_when is not None and
                                        self.holds(rule.pending_when, ev))
                if pend:
                    what += f"（{band.bounds.text()}：条款未作规定，请甲方决定）" \
                        if band.pending else ""
                    what_en += " (the clause is silent on this band: the agency decides)" \
                        if band.pending else ""
                extra = 0
                if band.step and value > band.step.beyond:
                    extra = _ceil((value - band.step.beyond) / band.step.every)
                    what += f"，超过 {num(band.step.beyond)}{suffix}的部分每 " \
                        f"{num(band.step.every)}{suffix}加计一次（不足按一次计）：{extra} 次"
                    every, beyond = num(band.step.every), num(band.step.beyond)
                    if days_unit:
                        every = f"{every} {plural(band.step.every, 'day')}"
                        beyond = f"{beyond} {plural(band.step.beyond, 'day')}"
                    else:
                        every, beyond = every + suffix_en, beyond + suffix_en
                    what_en += f", {extra} started {plural(extra, 'step')} of {every} " \
                        f"beyond {beyond}"
                self.raws.append(self.raw(
                    rule, ev, what, what_en, code=band.code, points=band.points,
                    fine=band.fine, pending=pend,
                    extra_points=band.step.points if band.step else None,
                    extra_fine=band.step.fine if band.step else None, extra_units=extra))
                break

    def apply_run(self, rule: Rule) -> None:
        table = self.ordered(rule.measure)
        periods = table.periods
        per_period = rule.scope == "period"
        run: list[int] = []  # rows; an event the condition fails for, or a new period, ends it
        for i in self.picked(rule):
            if run and (run[-1] != i - 1 or (per_period and periods[run[-1]] != periods[i])):
                run = []
            run.append(i)
            if len(run) == rule.length:
                ev, evs = table.row(i), table.rows(run)
                labels = "、".join(e.label or e.ref for e in evs)
                self.raws.append(self.raw(
                    rule, ev, f"连续 {len(run)} 项：{labels}",
                    f"{len(run)} in a row: {labels}",
                    evidence=tuple(e.evidence for e in evs), points=rule.points,
                    fine=rule.fine))
            if len(run) >= rule.restart_after:
                run = []

    def apply_rate(self, rule: Rule) -> None:
        fine = Amount(percent=rule.percent, of=rule.of or "contract_total")
        items: list[tuple[_Ev, Any]] = [(ev, ev.get(rule.value)) for ev in
                                         (self.chrono(rule) if rule.measure else ())]
        if rule.manual:  # hand entries: the count is the days late
            items += [(ev, Decimal(count)) for ev, count in self.manual_events(rule)]
            items.sort(key=lambda i: (i[0].time, i[0].ref))
        for ev, days in items:
            if days is None or days <= 0:
                continue
            units = _ceil(days / rule.every_days)
            if rule.every_days == 1:
                how_zh = f"逾期 {num(days)} 天"
                how_en = f"{num(days)} {plural(days, 'day')} late"
            else:
                how_zh = (f"逾期 {num(days)} 天 = {units} 个 {rule.every_days} 天"
                          f"（不足 {rule.every_days} 天按 {rule.every_days} 天计）")
                how_en = (f"{num(days)} {plural(days, 'day')} late = {units} started "
                          f"{plural(units, 'period')} of {rule.every_days} days")
            r = self.raw(rule, ev, f"{ev.label or ev.ref}：{how_zh}",
                         f"{ev.label or ev.ref}: {how_en}",
                         fine=fine, units=units)
            self.raws.append(r)
            t = rule.termination
            if t and t.after_days is not None and days > t.after_days:
                self.right(rule, ev.period, ev.time, f"{how_zh}，超过 {num(t.after_days)} 天",
                           f"{how_en}, more than {num(t.after_days)} "
                           f"{plural(t.after_days, 'day')}", (ev.evidence,))

    def worst_part(self, rule: Rule, measure: str, period: str) -> Value | None:
        """The value of the parts a threshold's filter chooses: the one furthest from passing
        (the lowest for a floor, the highest for a ceiling): the period passes only if every
        chosen part does. None when the period has parts and none is chosen. A period given
        as one figure, without parts (a simulation file), is taken as the chosen parts'."""
        parts = self.parts.get((measure, period))
        if not parts:
            return self.values.get((measure, period))
        chosen = [v for v in parts
                  if all(v.tags.get(name) in values for name, values in rule.filter)]
        if not chosen:
            return None
        assert rule.passes is not None
        floor = rule.passes.lower is not None
        return (min if floor else max)(chosen, key=lambda v: v.value)

    def hand_values(self, rule: Rule) -> dict[str, ManualEntry]:
        """A hand-entered threshold's entries by period code (the latest of a period counts);
        entries outside every period are listed in `outside`."""
        out: dict[str, ManualEntry] = {}
        for entry in sorted((m for m in self.manual if m.rule == rule.code),
                            key=lambda m: (_time(m.time, ""), m.ref)):
            period = self.period_of(_time(entry.time, "").date())
            if period is None:
                self.outside.append(entry.ref)
                continue
            out[period.code] = entry
        return out

    def apply_hand_threshold(self, rule: Rule) -> None:
        """A threshold on a value the agency enters by hand for each period, with evidence
        (the satisfaction survey's 87 %): judged like a values measure; a period that has begun
        without an entry is pending, never guessed."""
        assert rule.passes is not None
        entries = self.hand_values(rule)
        unit = rule.unit
        for period in self.periods:
            entry = entries.get(period.code)
            if entry is None or entry.value is None:
                if self.period_as_of(period) > dt.datetime.combine(period.start, dt.time(), TZ):
                    self.pending.append(Right(
                        rule.code, period.code, period.end,
                        f"{period.code}：未录入“{rule.title.zh}”的数值，无法判断，待补充",
                        f"{period.code}: no value of {rule.title.en} entered; it cannot be "
                        "judged"))
                continue
            value = Decimal(entry.value)
            if rule.passes.contains(value):
                continue
            evidence = (Evidence(entry.ref, entry.label or entry.ref),)
            zh = f"{period.code} {rule.title.zh} {num(value)}{unit}，要求 " \
                f"{rule.passes.text()}{unit}"
            en = f"{period.code} {rule.title.en} {num(value)}{unit}, required " \
                f"{rule.passes.text(english=True)}{unit}"
            self.threshold_missed(rule, period, zh, en, evidence)

    def threshold_missed(self, rule: Rule, period: Period, zh: str, en: str,
                         evidence: tuple[Evidence, ...]) -> None:
        """A period below (or above) a threshold: the rule's points, fine or pending line, the
        failed period and the termination right, as the rule says."""
        self.raws.append(self.raw(rule, None, zh, en, period=period, evidence=evidence,
                                  points=rule.points, fine=rule.fine, pending=rule.pending))
        if rule.failed_period:
            self.fail_period(rule, period, zh, en, evidence)
        if rule.termination and rule.termination.always:
            self.right(rule, period, period.closes - dt.timedelta(seconds=1), zh, en, evidence)

    def apply_threshold(self, rule: Rule) -> None:
        if not rule.measure:
            self.apply_hand_threshold(rule)
            return
        measure = self.scheme.measures[rule.measure]
        assert rule.passes is not None
        chosen_zh = chosen_en = ""
        if rule.filter:
            labels = measure.filters
            chosen_zh = "（" + "；".join(f"{labels[n].zh}：{'、'.join(v)}"
                                        for n, v in rule.filter) + "）"
            chosen_en = " (" + "; ".join(f"{labels[n].en}: {', '.join(v)}"
                                         for n, v in rule.filter) + ")"
        by_period: dict[Period, list[_Ev]] = {}
        if measure.kind != "values" and rule.scope != "contract":
            for e in self.chrono(rule):
                by_period.setdefault(e.period, []).append(e)
        for period in self.periods:
            as_of = self.period_as_of(period)
            if rule.scope == "contract":
                if period is not self.periods[-1] or (self.as_of and self.as_of < period.closes):
                    continue
                evs = self.chrono(rule)
            else:
                evs = by_period.get(period, [])
            if measure.kind == "values":
                val = self.values.get((measure.name, period.code)) if not rule.filter else \
                    self.worst_part(rule, measure.name, period.code)
                if val is None:
                    if as_of > dt.datetime.combine(period.start, dt.time(), TZ):
                        self.pending.append(Right(
                            rule.code, period.code, period.end,
                            f"{period.code}：未提供“{measure.label.zh}{chosen_zh}”，无法判断"
                            f"{rule.title.zh}，待补充",
                            f"{period.code}: no {measure.label.en}{chosen_en} given; "
                            f"{rule.title.en} cannot be judged"))
                    continue
                value, evidence = val.value, (Evidence(val.ref or f"{measure.name}:"
                                                       f"{period.code}", val.label or
                                                       measure.label.zh),)
            else:
                value, evidence = Decimal(len(evs)), tuple(e.evidence for e in evs)
            if rule.passes.contains(value):
                continue
            unit = measure.unit
            zh = f"{period.code} {measure.label.zh}{chosen_zh} {num(value)}{unit}，要求 " \
                f"{rule.passes.text()}{unit}"
            en = f"{period.code} {measure.label.en}{chosen_en} {num(value)}{unit}, required " \
                f"{rule.passes.text(english=True)}{unit}"
            self.threshold_missed(rule, period, zh, en, evidence)

    def apply_count(self, rule: Rule) -> None:
        items: list[tuple[dt.datetime, str, Period, _Ev | None, str, str,
                          tuple[Evidence, ...]]] = []
        for ev in self.chrono(rule) if rule.measure else []:
            items.append((ev.time, ev.ref, ev.period, ev, ev.label or ev.ref,
                          ev.label or ev.ref, (ev.evidence,)))
        if rule.manual:  # hand entries: an entry of N violations counts N times
            for ev, count in self.manual_events(rule):
                items += [(ev.time, ev.ref, ev.period, ev, ev.label, ev.label,
                           (ev.evidence,))] * count
        for f in self.failed:
            if f.rule in rule.failures_of:
                period = next(p for p in self.periods if p.code == f.period)
                items.append((period.closes - dt.timedelta(seconds=1), f.rule, period, None,
                              f.zh, f.en, f.evidence))
        items.sort(key=lambda i: (i[0], i[1]))
        counter: dict[str, int] = {}
        for time, _ref, period, ev, zh, en, evidence in items:
            scope = period.code if rule.scope == "period" else ""
            counter[scope] = k = counter.get(scope, 0) + 1
            self.raws.append(self.raw(rule, ev, f"第 {k} 次：{zh}", f"violation {k}: {en}",
                                      period=period, time=time, evidence=evidence,
                                      points=rule.points, fine=rule.fine))
            if rule.termination and rule.termination.at == k:
                self.right(rule, period, time, f"违约达到 {k} 次",
                           f"{k} {plural(k, 'violation')}",
                           evidence)

    def apply_failed_periods(self, rule: Rule) -> None:
        seen: list[str] = []
        for f in sorted(self.failed, key=lambda f: (f.when, f.rule)):
            if (rule.failures_of and f.rule not in rule.failures_of) or f.period in seen:
                continue
            seen.append(f.period)
            period = next(p for p in self.periods if p.code == f.period)
            if rule.points is not None or rule.fine is not None:
                self.raws.append(self.raw(rule, None, f"第 {len(seen)} 个不合格期：{f.zh}",
                                          f"failed period {len(seen)}: {f.en}", period=period,
                                          evidence=f.evidence, points=rule.points,
                                          fine=rule.fine))
            if rule.termination and rule.termination.at == len(seen):
                self.right(rule, period, period.closes - dt.timedelta(seconds=1),
                           f"不合格期达到 {len(seen)} 个：{'、'.join(seen)}",
                           f"{len(seen)} failed {plural(len(seen), 'period')}: "
                           f"{', '.join(seen)}", f.evidence)

    def apply_reward(self, rule: Rule) -> None:
        best: dict[str, tuple[tuple, _Ev, Any]] = {}
        for ev in self.chrono(rule):
            matching = [(o.points, -i, o) for i, o in enumerate(rule.options)
                        if self.holds(o.when, ev)]
            if not matching:
                continue
            points, neg_i, option = max(matching, key=lambda m: (m[0], m[1]))
            pend = rule.pending_when is not None and self.holds(rule.pending_when, ev)
            key = str(ev.get(rule.one_per)) if rule.one_per else f"{ev.ref}#{id(ev)}"
            rank = (points, neg_i, not pend)  # ties: the earliest event wins
            if key not in best or rank > best[key][0]:
                best[key] = (rank, ev, option)
        for rank, ev, option in best.values():
            pend = not rank[2]
            note_zh = "（同一事项只计最高一项）" if rule.one_per else ""
            note_en = " (one event earns only its highest)" if rule.one_per else ""
            zh = f"{ev.label or ev.ref}{note_zh}" + ("，待甲方核实" if pend else "")
            en = f"{ev.label or ev.ref}{note_en}" + (", to be checked by the agency"
                                                     if pend else "")
            self.raws.append(self.raw(rule, ev, zh, en, code=option.code, title=option.title,
                                      points=option.points, pending=pend))

    # caps and assembly -------------------------------------------------------------------------
    def apply_caps(self, rule: Rule, raws: list[_Raw]) -> None:
        if rule.cap is None:
            return
        used: dict[str, Decimal] = {}
        cap_cache: dict[str, tuple[Decimal, str, str]] = {}
        for r in sorted(raws, key=lambda r: (r.time, r.ref, r.code)):
            if rule.cap is None or r.pending:
                continue
            scope = r.period.code if rule.scope == "period" else ""
            if scope not in cap_cache:
                cap_cache[scope] = self.amount(rule.cap, 1, r.period, None, rule.code)
            cap, czh, cen = cap_cache[scope]
            before = used.get(scope, ZERO)
            if before + r.fine > cap:
                r.fine = max(cap - before, ZERO)
                r.capped = True
                r.fine_zh += f"；累计超过上限（{czh}），按上限计，本项计 {money(r.fine)} 元"
                r.fine_en += f"; the total passes the cap ({cen}): this line counts " \
                    f"{money(r.fine)} yuan"
            used[scope] = before + r.fine
            t = rule.termination
            if t and t.at_cap and used[scope] >= cap and r.fine > 0:
                self.right(rule, r.period, r.time, f"违约金累计达到上限 {money(cap)} 元",
                           f"the penalty reached its cap of {money(cap)} yuan", r.evidence)

    def line(self, r: _Raw) -> Line:
        if r.pending:
            zh = f"待定：{r.title.zh}（{r.zh}）"
            en = f"for the agency to decide: {r.title.en} ({r.en})"
        else:
            head_zh, head_en = [], []
            if r.points:
                text = pts(r.points)
                head_zh.append(f"{text} 分")
                head_en.append(f"{text} {plural(r.points, 'point')}")
            if r.has_fine:
                text = money(r.fine)
                head_zh.append(f"违约金 {text} 元")
                head_en.append(f"penalty {text} yuan")
            zh = f"{'，'.join(head_zh) or '记录'}：{r.title.zh}（{r.zh}）"
            en = f"{', '.join(head_en) or 'recorded'}: {r.title.en} ({r.en})"
            if r.fine_zh:
                zh += f"；{r.fine_zh}"
                en += f"; {r.fine_en}"
        return Line(r.rule.code, r.code, r.period.code, Decimal(0) if r.pending else r.points,
                    ZERO if r.pending else r.fine, r.evidence, zh, en, r.time.date(),
                    r.pending, r.capped)

    def result(self) -> Assessment:
        first = [r for r in self.scheme.rules if r.kind not in ("count", "failed_periods")]
        second = [r for r in self.scheme.rules if r.kind == "count"]
        third = [r for r in self.scheme.rules if r.kind == "failed_periods"]
        for rule in [*first, *second, *third]:
            start = len(self.raws)
            if rule.kind != "manual":
                getattr(self, f"apply_{rule.kind}")(rule)
            if rule.manual and rule.kind not in ("rate", "count") and not (
                    rule.kind == "threshold" and not rule.measure):
                self.apply_manual(rule)  # rate, count and hand thresholds read their entries
            self.apply_caps(rule, self.raws[start:])
        ordered = sorted(self.raws, key=lambda r: (r.time, r.rule.index, r.ref, r.code))
        lines = [self.line(r) for r in ordered]
        out = Assessment(self.scheme.code, [], outside=sorted(self.outside))
        by_period: dict[str, list[Line]] = {}
        for ln in lines:
            by_period.setdefault(ln.period, []).append(ln)
        for period in self.periods:
            pr = PeriodResult(period, list(by_period.get(period.code, ())))
            pr.rule_fines = sum((ln.fine for ln in pr.lines), ZERO)
            pr.failed = [f for f in self.failed if f.period == period.code]
            pr.terminations = [t for t in self.rights if t.period == period.code]
            pr.pending = [Right(ln.rule, ln.period, ln.when, ln.zh, ln.en, ln.evidence)
                          for ln in pr.lines if ln.pending]
            pr.pending += [p for p in self.pending if p.period == period.code]
            if self.scheme.base is not None:
                pr.score = self.scheme.base + sum((ln.points for ln in pr.lines), Decimal(0))
                self.tier(pr)
            pr.fines = pr.rule_fines + pr.tier_fine
            out.periods.append(pr)
        out.fines = sum((p.fines for p in out.periods), ZERO)
        out.termination_rights = sorted(self.rights, key=lambda r: (r.when, r.rule))
        out.failed_periods = sorted(self.failed, key=lambda r: (r.when, r.rule))
        out.pending = [p for pr in out.periods for p in pr.pending]
        return out

    def tier(self, pr: PeriodResult) -> None:
        if not self.scheme.tiers or pr.score is None:
            return
        for tier in self.scheme.tiers:
            if tier.bounds.contains(pr.score):
                pr.tier = tier.label
                if tier.pending:
                    pr.tier_pending = True
                elif tier.fine is not None:
                    pr.tier_fine = self.amount(tier.fine, 1, pr.period, None, "tiers")[0]
                break
        else:
            pr.tier_pending = True
        if pr.tier_pending:
            pr.pending.append(Right(
                "tiers", pr.period.code, pr.period.end,
                f"{pr.period.code} 得分 {num(pr.score)}：方案未规定此分数的档位，请甲方决定",
                f"{pr.period.code} score {num(pr.score)}: no tier is set for this score; "
                "the agency decides"))


def assess(scheme: Scheme, contract: Contract, periods: list[Period],
           events: Iterable[Event] = (), values: Iterable[Value] = (),
           manual: Iterable[ManualEntry] = (), as_of: dt.datetime | None = None) -> Assessment:
    """Assess `events`, `values` and `manual` entries over `periods` under `scheme`.

    `as_of` is the instant open items are judged at (default: each period's end)."""
    if not periods:
        raise InputError([("periods", "没有考核期", "no periods")])
    run = _Run(scheme, contract, list(periods), _time(as_of, "as_of") if as_of else None)
    events = list(events)
    if not run.add_events(events):
        for i, ev in enumerate(events):
            run.add_event(ev, i)
    codes = {p.code for p in periods}
    for i, val in enumerate(values):
        where = f"{val.measure}[{i}]"
        measure = scheme.measures.get(val.measure)
        if measure is None or measure.kind != "values":
            raise fail(where, f"方案没有每期一个值的度量“{val.measure}”",
                       f"the scheme has no values measure {val.measure!r}")
        if val.period not in codes:
            raise fail(where, f"没有考核期“{val.period}”（可用：{'、'.join(sorted(codes))}）",
                       f"no period {val.period!r}")
        if val.tags:  # a part's value: several per period, read by filtered thresholds
            try:
                number = Decimal(str(val.value))
            except ArithmeticError as exc:
                raise fail(where, f"无法识别的数字“{val.value}”",
                           f"not a number: {val.value!r}") from exc
            run.parts.setdefault((val.measure, val.period), []).append(Value(
                val.measure, val.period, number, val.ref, val.label,
                {str(k): str(v) for k, v in val.tags.items()}))
            continue
        if (val.measure, val.period) in run.values:
            raise fail(where, f"考核期 {val.period} 的“{val.measure}”给了两次",
                       f"{val.measure!r} is given twice for {val.period}")
        try:
            number = Decimal(str(val.value))
        except ArithmeticError as exc:
            raise fail(where, f"无法识别的数字“{val.value}”", f"not a number: {val.value!r}") \
                from exc
        run.values[(val.measure, val.period)] = Value(val.measure, val.period, number,
                                                      val.ref, val.label)
    for i, entry in enumerate(manual):
        where = f"manual[{i}]"
        try:
            rule = scheme.rule(entry.rule)
        except KeyError as exc:
            raise fail(where, f"未知的规则“{entry.rule}”", f"unknown rule {entry.rule!r}") \
                from exc
        if not rule.manual:
            raise fail(where, f"规则“{entry.rule}”不接受手工录入", f"rule {entry.rule!r} is "
                       "not entered by hand")
        if not str(entry.ref).strip():
            raise fail(where, "手工录入需要证据（evidence）", "a manual entry needs evidence")
        if entry.count < 1:
            raise fail(where, "次数应为正整数", "count must be a positive integer")
        hand_value = rule.kind == "threshold" and not rule.measure
        if hand_value and entry.value is None:
            raise fail(where, f"规则“{entry.rule}”需要录入数值（value）",
                       f"rule {entry.rule!r} needs the period's value")
        if entry.value is not None and not hand_value:
            raise fail(where, f"规则“{entry.rule}”不录入数值", f"rule {entry.rule!r} takes "
                       "no value")
        run.manual.append(entry)
    return run.result()
