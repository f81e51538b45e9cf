"""A scheme's history as people read it: which rule, tier or payment term changed, old -> new
points and fines, in the reader's language (registered with core.auditdisplay; the audit
itself keeps the definition as data)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

Row = tuple[str, str | None, str]


def _english() -> bool:
    return not (get_language() or "zh").startswith("zh")


def _sep() -> str:
    return ": " if _english() else "："


def _data(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def _text(label: Any) -> str:
    if isinstance(label, dict):
        return str(label.get("en" if _english() else "zh") or label.get("zh") or "")
    return "" if label is None else str(label)


def _num(value: Any) -> str:
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{d.normalize():f}"
    return f"+{text}" if d > 0 and not text.startswith("+") else text


def _amount(spec: Any) -> str:
    """A fine or cap in words: "1,000.00 元" / "合同总额的 1%"."""
    from yunwei.core.formatting import money, percent

    from .forms.definition import BASE_LABELS

    if not isinstance(spec, dict) or not spec:
        return _("none")
    if "yuan" in spec:
        return money(spec["yuan"])
    of = str(spec.get("of") or "")
    base = str(BASE_LABELS[of]) if of in BASE_LABELS else of.removeprefix("attr:")
    return _("%(percent)s of the %(base)s") % {"percent": percent(spec.get("percent")),
                                               "base": base}


def amount_text(spec: Any) -> str:
    """A fine or cap of a definition in the reader's language (the scheme page's bands)."""
    return _amount(spec)


def _bounds(part: dict[str, Any]) -> str:
    bits = []
    for key, sign in (("from", "≥"), ("above", ">"), ("to", "≤"), ("below", "<"),
                      ("min", "≥"), ("max", "≤")):
        if key in part:
            bits.append(f"{sign} {_num(part[key]).lstrip('+')}")
    return ", ".join(bits) if _english() else "，".join(bits)


def _condition(when: Any, attributes: dict[str, Any] | None = None) -> str:
    from .forms.definition import _condition_text

    return _condition_text(when, attributes) if when else _("always")


def _step(step: Any) -> str:
    if not isinstance(step, dict) or not step:
        return _("none")
    bits = [_("every %(every)s beyond %(beyond)s") % {
        "every": _num(step.get("every")).lstrip("+"),
        "beyond": _num(step.get("beyond", 0)).lstrip("+")}]
    if "points" in step:
        bits.append(_("points %(points)s") % {"points": _num(step["points"])})
    if "fine" in step:
        bits.append(_amount(step["fine"]))
    return "; ".join(bits) if _english() else "；".join(bits)


#: What of a rule, band or option is compared, and how each reads.
_TERMS = (("points", "points", _num), ("fine", "fine", _amount), ("cap", "cap", _amount),
          ("when", "condition", _condition), ("step", "step", _step),
          ("percent", "percent per step", lambda v: f"{_num(v).lstrip('+')}%"),
          ("scope", "counted over", lambda v: str(v)))


def _term_label(key: str) -> str:
    return {"points": _("points"), "fine": _("fine"), "cap": _("cap"),
            "condition": _("Applies when"), "step": _("step"),
            "percent per step": _("percent per step"), "counted over": _("counted and capped"),
            "bounds": _("bounds"), "title": _("title")}[key]


def _scope(value: Any) -> str:
    return {"contract": _("over the whole contract"),
            "period": _("per assessment period")}.get(str(value), str(value))


def _part_rows(label: str, old: dict[str, Any], new: dict[str, Any],
               attributes: dict[str, Any] | None = None) -> list[Row]:
    """The changed terms of a rule, band, option or tier (`attributes`: the measure's, for
    the labels of a condition)."""
    rows: list[Row] = []
    if _text(old.get("title")) != _text(new.get("title")) and new.get("title"):
        rows.append((f"{label}{_sep()}{_term_label('title')}", _text(old.get("title")),
                     _text(new.get("title"))))
    for key, name, show in _TERMS:
        if old.get(key) != new.get(key):
            reader = _scope if key == "scope" else show
            if key == "when":
                def reader(v: Any) -> str:
                    return _condition(v, attributes)
            rows.append((f"{label}{_sep()}{_term_label(name)}",
                         reader(old[key]) if key in old else _("none"),
                         reader(new[key]) if key in new else _("none")))
    if _bounds(old) != _bounds(new):
        rows.append((f"{label}{_sep()}{_term_label('bounds')}", _bounds(old) or _("none"),
                     _bounds(new) or _("none")))
    return rows


def _filter(spec: Any, measure: dict[str, Any]) -> str:
    """A threshold's choice of items in words ("配置项类型：database、cache"), or every item."""
    if not isinstance(spec, dict) or not spec:
        return _("every item")
    labels = measure.get("filters") or {}
    return ("; " if _english() else "；").join(
        f"{_text((labels.get(name) or {}).get('label') or name)}{_sep()}"
        f"{('、'.join(map(str, values)) if isinstance(values, list) else values)}"
        for name, values in spec.items())


def _rule_label(rule: dict[str, Any]) -> str:
    return _("rule %(code)s %(title)s") % {"code": rule.get("code", ""),
                                           "title": _text(rule.get("title"))}


def _termination(term: Any) -> str:
    """A rule's termination right in words ("none" without one)."""
    if term is True:
        return _("each occurrence gives the agency a termination right")
    if not isinstance(term, dict) or not term:
        return _("none")
    bits = []
    if term.get("always"):
        bits.append(_("each occurrence gives the agency a termination right"))
    if term.get("after_days") is not None:
        bits.append(_("a termination right after more than %(days)s days late")
                    % {"days": _num(term["after_days"]).lstrip("+")})
    if term.get("at_cap"):
        bits.append(_("a termination right once the cap is reached"))
    if term.get("at"):
        bits.append(_("a termination right at occurrence %(n)s") % {"n": term["at"]})
    if term.get("on_termination"):
        bits.append(_("on termination %(amount)s") % {"amount": _amount(
            term["on_termination"])})
    return ("; " if _english() else "；").join(bits)


def _summary(rule: dict[str, Any]) -> str:
    bits = []
    if "points" in rule:
        bits.append(_("points %(points)s") % {"points": _num(rule["points"])})
    if "fine" in rule:
        bits.append(_("fine %(fine)s") % {"fine": _amount(rule["fine"])})
    if "percent" in rule:
        bits.append(_("%(amount)s every %(days)s started days") % {
            "amount": _amount({"percent": rule["percent"], "of": rule.get("of")}),
            "days": rule.get("every_days", 1)})
    if "cap" in rule:
        bits.append(f"{_term_label('cap')} {_amount(rule['cap'])}")
    if rule.get("termination"):
        bits.append(_termination(rule["termination"]))
    if rule.get("failed_period"):
        bits.append(_("marks the period failed"))
    return ("; " if _english() else "；").join(bits) or _("added")


def _pending_row(label: str, old: dict[str, Any], new: dict[str, Any]) -> list[Row]:
    """A rule's or band's "decided by the agency" switched on or off."""
    if bool(old.get("pending")) == bool(new.get("pending")):
        return []
    return [(f"{label}{_sep()}{_('decided by the agency')}",
             _("Yes") if old.get("pending") else _("No"),
             _("Yes") if new.get("pending") else _("No"))]


def _part_summary(part: dict[str, Any]) -> str:
    """An added or removed band or option in words: its bounds and effect ("> 120；分值 -0.5；
    违约金 ¥500.00" / "> 120; points -0.5; fine ¥500.00"), "decided by the agency" when the
    clause is silent there."""
    bits = [b for b in [_text(part.get("title")), _bounds(part)] if b]
    if "points" in part:
        bits.append(_("points %(points)s") % {"points": _num(part["points"])})
    if "fine" in part:
        bits.append(_("fine %(fine)s") % {"fine": _amount(part["fine"])})
    if part.get("step"):
        bits.append(_step(part["step"]))
    if part.get("pending"):
        bits.append(_("decided by the agency"))
    return ("; " if _english() else "；").join(bits) or _("added")


def _late(clause: Any) -> str:
    from .settlement import late_payment_terms

    class _Clause:  # the settlement's reader takes the engine's loaded form
        payments = {"late_payment": None if not clause else {
            "percent_per_day": clause.get("percent_per_day"),
            "cap_percent": clause.get("cap_percent"), "basis": clause.get("basis"),
            "from_working_day": clause.get("from_working_day", 1),
            "exempt": clause.get("exempt") or (), "clause": clause.get("clause") or "",
            "kind": clause.get("kind") or "daily", "multiplier": clause.get("multiplier", 1),
            "plus_bp": clause.get("plus_bp", 0), "lpr_on": clause.get("lpr_on", "each_day"),
            "year_days": clause.get("year_days", 360)}}

    return late_payment_terms(_Clause(), _english())


def _bond(bond: Any) -> str:
    from yunwei.core.formatting import money, percent

    if not bond:
        return _("no performance bond")
    amount = money(bond["amount"]) if bond.get("amount") is not None else \
        _("%(percent)s of the contract total") % {"percent": percent(bond.get("percent"))}
    bits = [amount]
    if bond.get("refund"):
        bits.append(_("returned: %(when)s") % {"when": _text(bond["refund"])})
    if bond.get("refund_on"):
        bits.append(_("returned: %(when)s") % {"when": bond["refund_on"]})
    if bond.get("forfeit"):
        bits.append(_("claimed for: %(what)s") % {"what": _text(bond["forfeit"])})
    return ("; " if _english() else "；").join(bits)


def definition_changes(before: Any, after: Any) -> list[Row]:
    """The change of a scheme's definition, rule by rule and term by term (no data shown)."""
    old, new = _data(before), _data(after)
    if before is None or not old:
        rules, tiers = len(new.get("rules") or []), len(new.get("tiers") or [])
        return [(_("rules and tiers"), None, _("%(rules)s rules, %(tiers)s tiers") % {
            "rules": rules, "tiers": tiers})]
    rows: list[Row] = []
    if _text(old.get("name")) != _text(new.get("name")):
        rows.append((_("name"), _text(old.get("name")), _text(new.get("name"))))
    if old.get("base") != new.get("base"):
        rows.append((_("base score"), _num(old.get("base")).lstrip("+"),
                     _num(new.get("base")).lstrip("+")))
    if old.get("periods") != new.get("periods"):
        from .forms.definition import PERIOD_LABELS

        def period(v: Any) -> str:
            return str(PERIOD_LABELS.get(v, v)) if v else str(PERIOD_LABELS["whole"])

        rows.append((_("assessment periods"), period(old.get("periods")),
                     period(new.get("periods"))))
    old_rules = {r.get("code"): r for r in old.get("rules") or []}
    new_rules = {r.get("code"): r for r in new.get("rules") or []}
    for code, rule in old_rules.items():
        if code not in new_rules:
            rows.append((_rule_label(rule), _summary(rule), _("removed")))
    for code, rule in new_rules.items():
        was = old_rules.get(code)
        if was is None:
            rows.append((_rule_label(rule), None, _summary(rule)))
            continue
        if was == rule:
            continue
        label = _rule_label(rule)
        measure = (new.get("measures") or {}).get(rule.get("measure") or "") or {}
        attributes = measure.get("attributes") or {}
        rows += _part_rows(label, was, rule, attributes)
        for key in ("bands", "options"):
            olds = {p.get("code") or _bounds(p): p for p in was.get(key) or []}
            news = {p.get("code") or _bounds(p): p for p in rule.get(key) or []}
            for name, p in olds.items():
                if name not in news:
                    rows.append((f"{label} · {name}", _part_summary(p), _("removed")))
            for name, p in news.items():
                sub = olds.get(name)
                if sub is None:
                    rows.append((f"{label} · {name}", None, _part_summary(p)))
                elif sub != p:
                    rows += _part_rows(f"{label} · {name}", sub, p, attributes)
                    rows += _pending_row(f"{label} · {name}", sub, p)
        rows += _pending_row(label, was, rule)
        if (was.get("unit") or "") != (rule.get("unit") or ""):
            rows.append((f"{label}{_sep()}{_('unit')}", str(was.get("unit") or _("none")),
                         str(rule.get("unit") or _("none"))))
        for key, name in (("length", _("events in a row")),
                          ("every_days", _("days per step"))):
            if was.get(key) != rule.get(key):
                rows.append((f"{label}{_sep()}{name}", _num(was.get(key)).lstrip("+"),
                             _num(rule.get(key)).lstrip("+")))
        if was.get("termination") != rule.get("termination"):
            rows.append((f"{label}{_sep()}{_('termination right')}",
                         _termination(was.get("termination")),
                         _termination(rule.get("termination"))))
        if was.get("filter") != rule.get("filter"):
            rows.append((f"{label}{_sep()}{_('items read')}",
                         _filter(was.get("filter"), measure), _filter(rule.get("filter"),
                                                                      measure)))
        if bool(was.get("failed_period")) != bool(rule.get("failed_period")):
            rows.append((f"{label}{_sep()}{_('marks the period failed')}",
                         _("Yes") if was.get("failed_period") else _("No"),
                         _("Yes") if rule.get("failed_period") else _("No")))
    old_tiers, new_tiers = old.get("tiers") or [], new.get("tiers") or []
    for j in range(max(len(old_tiers), len(new_tiers))):
        a = old_tiers[j] if j < len(old_tiers) else None
        b = new_tiers[j] if j < len(new_tiers) else None
        if a == b:
            continue
        label = _("tier %(label)s") % {"label": _text((b or a or {}).get("label"))}
        if b is None:
            rows.append((label, _bounds(a), _("removed")))
        elif a is None:
            rows.append((label, None, ("; " if _english() else "；").join(
                [_bounds(b), _amount(b.get("fine"))])))
        else:
            rows += _part_rows(label, a, b)
            if bool(a.get("pending")) != bool(b.get("pending")):
                rows.append((f"{label}{_sep()}{_('decided by the agency')}",
                             _("Yes") if a.get("pending") else _("No"),
                             _("Yes") if b.get("pending") else _("No")))
    op, np_ = old.get("payments") or {}, new.get("payments") or {}
    if op.get("late_payment") != np_.get("late_payment"):
        rows.append((_("the agency's late-payment clause"), _late(op.get("late_payment")),
                     _late(np_.get("late_payment"))))
    if op.get("bond") != np_.get("bond"):
        rows.append((_("performance bond"), _bond(op.get("bond")), _bond(np_.get("bond"))))
    if op.get("milestones") != np_.get("milestones"):
        rows.append((_("payment milestones"), str(len(op.get("milestones") or [])),
                     str(len(np_.get("milestones") or []))))
    if not rows:  # a change the reader has no words for (e.g. a measure's declaration)
        rows.append((_("definition"), None, _("changed")))
    return rows


def options_changes(before: Any, after: Any) -> list[Row]:
    """The scheme's options (explicit periods and fees, the level map) in words."""
    from yunwei.core.formatting import money

    old, new = _data(before), _data(after)
    rows: list[Row] = []

    def periods(spec: Any) -> str:
        spec = spec or {}
        fees = spec.get("fees") or {}
        items = [f"{r.get('code')} {r.get('start')}–{r.get('end')}"
                 + (f"（{money(fees[r.get('code')])}）" if r.get("code") in fees else "")
                 for r in spec.get("ranges") or []]
        return "、".join(items) or _("none")

    def level_map(spec: Any) -> str:
        return "、".join(f"{k} = {v}" for k, v in (spec or {}).items()) or _("none")

    for key in sorted(set(old) | set(new)):
        if old.get(key) == new.get(key):
            continue
        if key == "periods":
            rows.append((_("Explicit periods and their fees"),
                         periods(old.get(key)) if key in old else None, periods(new.get(key))))
        elif key == "level_map":
            rows.append((_("level map"), level_map(old.get(key)) if key in old else None,
                         level_map(new.get(key))))
        else:
            rows.append((_("options"), None, _("changed")))
    return rows


def register() -> None:
    """Show the scheme's definition and options in words in every history panel."""
    from yunwei.core.auditdisplay import register_field_reader

    register_field_reader("assessment.scheme", "definition", definition_changes)
    register_field_reader("assessment.scheme", "options", options_changes)


def rule_terms(rule: Any) -> str:
    """A rule's rate, cap and termination right in words, for the scheme's page ("每开始一周
    0.5%，上限 30%；达到上限时甲方有权解除合同" / "0.5% per started week, capped at 30%; a
    termination right once the cap is reached"); "" when it has none of them."""
    from yunwei.core.formatting import percent

    if not isinstance(rule, dict):
        return ""

    def share(spec: Any) -> str:
        if isinstance(spec, dict) and "percent" in spec and \
                (spec.get("of") or "contract_total") == "contract_total":
            return percent(spec["percent"])
        return _amount(spec)

    bits = []
    if rule.get("kind") == "rate" and rule.get("percent") is not None:
        rate = share({"percent": rule["percent"], "of": rule.get("of")})
        days = int(rule.get("every_days") or 1)
        if days == 1:
            bits.append(_("%(percent)s a day") % {"percent": rate})
        elif days == 7:
            bits.append(_("%(percent)s per started week") % {"percent": rate})
        else:
            bits.append(_("%(percent)s per started %(days)s days") % {"percent": rate,
                                                                      "days": days})
    if rule.get("cap"):
        bits.append(_("capped at %(cap)s") % {"cap": share(rule["cap"])})
    text = (", " if _english() else "，").join(bits)
    if rule.get("termination"):
        term = _termination(rule["termination"])
        text = f"{text}{'; ' if _english() else '；'}{term}" if text else term
    return text
