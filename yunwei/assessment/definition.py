"""A scheme's definition (the engine's data format) from the old rows: a template's data with
the scheme's own edits where they map (points and fines of its rules, its tiers, the work-order
limits), the agency's own rules added as manual rules. Django-free (the migration uses it)."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

SCHEMES_DIR = Path(__file__).resolve().parent.parent / "scoring" / "schemes"
FORMAT = "yunwei.scheme/1"


def template_data(code: str) -> dict[str, Any] | None:
    """A built-in template's data (None when there is no such file)."""
    path = SCHEMES_DIR / f"{code}.yaml"
    if not code or "/" in code or "\\" in code or not path.is_file():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def blank(code: str, name: str, base: Any = 100) -> dict[str, Any]:
    """An empty scheme (no rules yet) the agency fills in."""
    return {"format": FORMAT, "code": code, "name": {"zh": name, "en": name},
            "base": _num(base), "periods": "whole", "measures": {}, "rules": [], "tiers": []}


def _num(value: Any) -> int | float | str:
    d = Decimal(str(value)).normalize()
    return int(d) if d == d.to_integral_value() else str(d)


def _fine(percent: Any) -> dict[str, Any] | None:
    p = Decimal(str(percent or 0))
    return {"percent": _num(p), "of": "contract_total"} if p else None


def from_rows(template: str, name: str, base: Any, options: dict[str, Any],
              rules: list[dict[str, Any]], tiers: list[dict[str, Any]]) -> dict[str, Any]:
    """The definition of a row-based scheme: `rules` as dicts (code, description, points,
    fine_percent, trigger), `tiers` as dicts (lower, upper, fine_percent, label)."""
    data = copy.deepcopy(template_data(template)) or blank(template or "scheme", name, base)
    data["name"] = {"zh": name, "en": (data.get("name") or {}).get("en", name)} \
        if isinstance(data.get("name"), dict) else {"zh": name, "en": name}
    data["base"] = _num(base)
    by_code: dict[str, dict[str, Any]] = {}
    for rule in data.get("rules", []):
        by_code[rule["code"]] = rule
        for item in (*rule.get("bands", ()), *rule.get("options", ())):
            if item.get("code"):
                by_code[item["code"]] = item
    for row in rules:
        target = by_code.get(row["code"])
        if target is None:  # the agency's own rule: entered by hand with evidence
            rule = {"code": row["code"], "kind": "manual", "points": _num(row["points"]),
                    "title": {"zh": row["description"], "en": row["description"]}}
            if _fine(row.get("fine_percent")):
                rule["fine"] = _fine(row["fine_percent"])
            data.setdefault("rules", []).append(rule)
            continue
        if "points" in target:
            target["points"] = _num(row["points"])
        fine = _fine(row.get("fine_percent"))
        if fine and isinstance(target.get("fine"), dict) and "percent" in target["fine"]:
            target["fine"]["percent"] = fine["percent"]
    if tiers:
        data["tiers"] = []
        for tier in tiers:
            item: dict[str, Any] = {"label": {"zh": tier["label"], "en": tier["label"]},
                                    "fine": {"percent": _num(tier.get("fine_percent") or 0),
                                             "of": "contract_total"}}
            if tier.get("lower") is not None:
                item["from"] = _num(tier["lower"])
            if tier.get("upper") is not None:
                item["below"] = _num(tier["upper"])
            data["tiers"].append(item)
    limits = (options or {}).get("limits_hours")
    overdue = data.get("measures", {}).get("work_order", {}).get("attributes", {}) \
        .get("overdue_hours")
    if limits and overdue is not None:
        overdue["limits"] = {k: _num(v) for k, v in limits.items()}
    return data


# -- the agency's editor: real fields over the definition -----------------------------------
#: Where a fine's percentage is taken from (the engine's bases).
FINE_BASES = ("contract_total", "annual_fee", "period_fee")
#: The effect keys the editor shows as fields, per part of a rule (rule, band, option).
EDITABLE_KINDS = ("per_event", "run", "threshold", "count", "failed_periods", "manual", "band",
                  "reward", "rate")


def editable_parts(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(field prefix, part) for every part of the definition whose points and fine the editor
    shows: each rule, each band of a band rule, each option of a reward rule."""
    parts: list[tuple[str, dict[str, Any]]] = []
    for i, rule in enumerate(data.get("rules", [])):
        parts.append((f"rule-{i}", rule))
        for j, band in enumerate(rule.get("bands", ())):
            parts.append((f"rule-{i}-band-{j}", band))
        for j, option in enumerate(rule.get("options", ())):
            parts.append((f"rule-{i}-option-{j}", option))
    return parts


def has_effect_fields(prefix: str, part: dict[str, Any], kind: str) -> bool:
    """Whether the editor offers points and fine for this part (not for a reward's own row,
    nor for a band rule's own row: their bands and options carry the effect)."""
    if "-band-" in prefix or "-option-" in prefix:
        return not part.get("pending")
    return kind not in ("band", "reward", "rate")


def apply_edits(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A copy of the definition with the editor's values applied: `values` maps field names
    (name, base, periods, rule-I-title, rule-I-remove, PREFIX-points, PREFIX-fine_yuan,
    PREFIX-fine_percent, PREFIX-fine_of, rule-I-percent, tier-J-..., new-...) to cleaned
    values (Decimal, str, bool, None). Nothing is validated here: the engine loads the result."""
    out = copy.deepcopy(data)
    if values.get("name"):
        label = out.get("name")
        en = label.get("en", values["name"]) if isinstance(label, dict) else values["name"]
        out["name"] = {"zh": values["name"], "en": en}
    if values.get("base") is not None:
        out["base"] = _num(values["base"])
    if values.get("periods"):
        out["periods"] = values["periods"]
    rules = out.get("rules", [])
    for prefix, part in editable_parts(out):
        if values.get(f"{prefix}-title"):
            title = part.get("title")
            en = title.get("en", "") if isinstance(title, dict) else ""
            part["title"] = {"zh": values[f"{prefix}-title"], "en": en or
                             values[f"{prefix}-title"]}
        if f"{prefix}-points" in values:
            _set(part, "points", values[f"{prefix}-points"])
        if f"{prefix}-fine_yuan" in values or f"{prefix}-fine_percent" in values:
            part.pop("fine", None)
            fine = _fine_of(values.get(f"{prefix}-fine_yuan"),
                            values.get(f"{prefix}-fine_percent"),
                            values.get(f"{prefix}-fine_of") or "contract_total")
            if fine:
                part["fine"] = fine
        if f"{prefix}-percent" in values and values[f"{prefix}-percent"] is not None:
            part["percent"] = _num(values[f"{prefix}-percent"])
        _apply_rule_terms(prefix, part, values)
        _apply_filter(out, prefix, part, values)
    _add_bands(rules, values)
    _apply_payments(out, values)
    out["rules"] = [r for i, r in enumerate(rules) if not values.get(f"rule-{i}-remove")]
    if values.get("new-code"):
        out["rules"].append(new_rule(out, values))
    tiers = []
    for j in range(len(data.get("tiers", [])) + 1):
        p = f"tier-{j}"
        if p + "-label" not in values or values.get(p + "-remove"):
            continue
        if j == len(data.get("tiers", [])) and not values.get(p + "-label"):
            continue  # the blank row for a new tier, left empty
        tier = copy.deepcopy(data["tiers"][j]) if j < len(data.get("tiers", [])) else {}
        label = tier.get("label")
        en = label.get("en", "") if isinstance(label, dict) else ""
        tier["label"] = {"zh": values[p + "-label"], "en": en or values[p + "-label"]}
        for key in ("from", "above", "to", "below"):
            tier.pop(key, None)
        if values.get(p + "-lower") is not None:
            tier["from" if values.get(p + "-lower_incl") else "above"] = \
                _num(values[p + "-lower"])
        if values.get(p + "-upper") is not None:
            tier["to" if values.get(p + "-upper_incl") else "below"] = \
                _num(values[p + "-upper"])
        tier.pop("fine", None)
        fine = _fine_of(None, values.get(p + "-fine_percent"), "contract_total")
        if fine:
            tier["fine"] = fine
        tier.pop("pending", None)
        if values.get(p + "-pending"):
            tier["pending"] = True
        tiers.append(tier)
    out["tiers"] = tiers
    return out


#: Kinds of rule the editor creates: per event (or entered by hand), a rate over time, a
#: count with a termination right at the Nth, a threshold per period, bands on a number.
NEW_KINDS = ("manual", "per_event", "rate", "count", "threshold", "band")
#: How many blank band rows the new rule offers.
NEW_BANDS = 3
#: Attribute types a band rule may band on.
NUMERIC_TYPES = ("number", "money", "overdue")


def standard_measure(name: str) -> dict[str, Any] | None:
    """A measure's whole declaration (its attributes, e.g. the work order's lateness on the SLA
    clock, `overdue_hours`) as the templates write it, `prison-2025` first: what a new band rule
    declares when the scheme has not declared the measure yet. None when no template does."""
    from yunwei.scoring.engine.scheme import template_names

    for code in ("prison-2025", *template_names()):
        spec = ((template_data(code) or {}).get("measures") or {}).get(name)
        if isinstance(spec, dict) and spec.get("attributes"):
            return copy.deepcopy(spec)
    return None


def numeric_attributes(data: dict[str, Any], name: str) -> dict[str, Any]:
    """The numeric attributes (name -> spec) of a measure as the definition declares it, or as
    a template does when the definition has not declared it with attributes."""
    spec = (data.get("measures") or {}).get(name) or {}
    if not spec.get("attributes"):
        spec = standard_measure(name) or {}
    return {a: s for a, s in (spec.get("attributes") or {}).items()
            if isinstance(s, dict) and s.get("type") in NUMERIC_TYPES}


def band_from(values: dict[str, Any], prefix: str, code: str) -> dict[str, Any] | None:
    """A band from the editor's fields (`PREFIX-lower`, `-lower_incl`, `-upper`, `-upper_incl`,
    `-points`, `-fine_yuan`, `-fine_percent`, `-fine_of`, `-pending`, `-step_*`); None when the
    row was left blank. Not validated here: the engine loads the result (overlaps, effect)."""
    lower, upper = values.get(f"{prefix}-lower"), values.get(f"{prefix}-upper")
    points, every = values.get(f"{prefix}-points"), values.get(f"{prefix}-step_every")
    fine = _fine_of(values.get(f"{prefix}-fine_yuan"), values.get(f"{prefix}-fine_percent"),
                    values.get(f"{prefix}-fine_of") or "contract_total")
    pending = bool(values.get(f"{prefix}-pending"))
    if all(x is None for x in (lower, upper, points, fine, every)) and not pending:
        return None
    band: dict[str, Any] = {"code": code}
    if lower is not None:
        band["from" if values.get(f"{prefix}-lower_incl") else "above"] = _num(lower)
    if upper is not None:
        band["to" if values.get(f"{prefix}-upper_incl") else "below"] = _num(upper)
    _set(band, "points", points)
    if fine:
        band["fine"] = fine
    if every is not None:
        step: dict[str, Any] = {"every": _num(every)}
        if values.get(f"{prefix}-step_beyond") is not None:
            step["beyond"] = _num(values[f"{prefix}-step_beyond"])
        _set(step, "points", values.get(f"{prefix}-step_points"))
        step_fine = _fine_of(values.get(f"{prefix}-step_fine_yuan"),
                             values.get(f"{prefix}-step_fine_percent"), "contract_total")
        if step_fine:
            step["fine"] = step_fine
        band["step"] = step
    if pending:
        band["pending"] = True
    return band


def _add_bands(rules: list[dict[str, Any]], values: dict[str, Any]) -> None:
    """The band each band rule's "add a band" row describes (`rule-I-addband-*`), appended with
    a code of its own (the rule's code and the band's number)."""
    taken = {b.get("code") for r in rules for b in r.get("bands", ())} | \
        {r.get("code") for r in rules}
    for i, rule in enumerate(rules):
        if rule.get("kind") != "band":
            continue
        n = len(rule.get("bands", ())) + 1
        while f"{rule.get('code')}-{n}" in taken:
            n += 1
        band = band_from(values, f"rule-{i}-addband", f"{rule.get('code')}-{n}")
        if band:
            rule.setdefault("bands", []).append(band)
#: Which termination terms each kind takes: "always" (each occurrence), "after_days" and
#: "at_cap" (a rate), "at" (the Nth of a count).
TERMINATION_TERMS = {"per_event": ("always",), "manual": ("always",),
                     "threshold": ("always",), "rate": ("after_days", "at_cap"),
                     "count": ("at",), "failed_periods": ("at",)}
#: Kinds that may mark the period failed.
FAILING_KINDS = ("per_event", "manual", "threshold")
#: Kinds whose lines may be left to the agency's decision (`pending: true`).
PENDING_KINDS = ("per_event", "threshold")


def new_rule(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The rule the editor's "new rule" fields describe (`new-*` values): a rule with no
    measure reads the agency's hand entries (for a rate, each entry's count is the days
    late). A measure not yet declared is declared from `new-measure_spec` (the platform's
    registry). Not validated here: the engine loads the result."""
    code, kind = values["new-code"], values.get("new-kind") or "manual"
    measure = values.get("new-measure") or ""
    title = values.get("new-title") or code
    if kind == "per_event" and not measure:
        kind = "manual"
    rule: dict[str, Any] = {"code": code, "kind": kind, "title": {"zh": title, "en": title}}
    if measure:
        rule["measure"] = measure
        spec = values.get("new-measure_spec")
        declared = (data.get("measures") or {}).get(measure)
        if spec and (declared is None or (kind == "band" and isinstance(declared, dict) and
                                          not declared.get("attributes"))):
            data.setdefault("measures", {})[measure] = spec
    elif kind in ("rate", "count", "threshold"):
        rule["manual"] = True  # a threshold: the period's value entered by hand
        if kind == "threshold" and values.get("new-unit"):
            rule["unit"] = values["new-unit"]
    if kind == "rate":
        _set(rule, "percent", values.get("new-percent"))
        rule["of"] = values.get("new-fine_of") or "contract_total"
        rule["every_days"] = int(values.get("new-every_days") or 1)
    elif kind == "band":
        rule["value"] = values.get("new-value") or ""
        rule["bands"] = [b for k in range(NEW_BANDS)
                         if (b := band_from(values, f"new-band-{k}", f"{code}-{k + 1}"))]
    else:
        _set(rule, "points", values.get("new-points"))
        fine = _fine_of(values.get("new-fine_yuan"), values.get("new-fine_percent"),
                        values.get("new-fine_of") or "contract_total")
        if fine:
            rule["fine"] = fine
    if kind == "threshold" and values.get("new-threshold_value") is not None:
        rule[values.get("new-threshold_op") or "min"] = _num(values["new-threshold_value"])
    if kind == "count" and values.get("new-failures_of"):
        rule["failures_of"] = list(values["new-failures_of"])
    if kind in FAILING_KINDS and values.get("new-failed_period"):
        rule["failed_period"] = True
    if kind in PENDING_KINDS and values.get("new-pending"):
        rule["pending"] = True
    _apply_termination("new", rule, kind, values)
    if kind in CAPPED_KINDS:
        cap = _fine_of(values.get("new-cap_yuan"), values.get("new-cap_percent"),
                       values.get("new-cap_of") or "contract_total")
        if cap:
            rule["cap"] = cap
    if kind != "threshold" and values.get("new-scope"):
        rule["scope"] = values["new-scope"]
    elif kind == "threshold" and values.get("new-scope") == "contract":
        rule["scope"] = "contract"
    return rule


def _apply_termination(prefix: str, part: dict[str, Any], kind: str,
                       values: dict[str, Any]) -> None:
    """A rule's termination right from the editor's fields (`PREFIX-term_always`,
    `-term_after_days`, `-term_at_cap`, `-term_at`, `-term_on_percent`): none when none of
    its conditions is given."""
    terms = TERMINATION_TERMS.get(kind, ())
    old = part.pop("termination", None)
    term: dict[str, Any] = {}
    if "after_days" in terms and values.get(f"{prefix}-term_after_days") is not None:
        term["after_days"] = _num(values[f"{prefix}-term_after_days"])
    if "at_cap" in terms and values.get(f"{prefix}-term_at_cap"):
        term["at_cap"] = True
    if "at" in terms and values.get(f"{prefix}-term_at"):
        term["at"] = int(values[f"{prefix}-term_at"])
    always = "always" in terms and values.get(f"{prefix}-term_always")
    if not term and not always:
        return
    on = _fine_of(values.get(f"{prefix}-term_on_yuan"), values.get(f"{prefix}-term_on_percent"),
                  "contract_total")
    was = old.get("on_termination") if isinstance(old, dict) else None
    if on is None and isinstance(was, dict) and "yuan" not in was and \
            was.get("of", "") != "contract_total":
        on = was  # a percentage of another base: not a field of the editor, kept
    if on is not None:
        term["on_termination"] = on
    if always and not term:
        part["termination"] = True
    else:
        if always:
            term["always"] = True
        part["termination"] = term


def termination_initial(part: dict[str, Any]) -> dict[str, Any]:
    """A rule's termination right as the editor's field values."""
    term = part.get("termination")
    if term is True:
        return {"term_always": True}
    if not isinstance(term, dict):
        return {}
    on = term.get("on_termination") or {}
    return {"term_always": bool(term.get("always")), "term_after_days": term.get("after_days"),
            "term_at_cap": bool(term.get("at_cap")), "term_at": term.get("at"),
            "term_on_percent": on.get("percent") if "percent" in on and on.get(
                "of", "contract_total") == "contract_total" else None,
            "term_on_yuan": on.get("yuan")}


def _set(part: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        part.pop(key, None)
    else:
        part[key] = _num(value)


def _fine_of(yuan: Any, percent: Any, of: str) -> dict[str, Any] | None:
    if yuan is not None:
        return {"yuan": str(Decimal(str(yuan)).quantize(Decimal("0.01")))}
    if percent is not None:
        return {"percent": _num(percent), "of": of}
    return None


def usable_templates() -> list[str]:
    """The template files a contract can be given: those that load against the measures the
    platform supplies (a template reading any other measure would only be refused)."""
    from yunwei.core import measures
    from yunwei.scoring.engine import EngineError, load_scheme
    from yunwei.scoring.engine.scheme import template_names

    known, out = measures.known(), []
    for code in template_names():
        try:
            load_scheme(template_data(code), known_measures=known)
        except EngineError:
            continue
        out.append(code)
    return out


def template_label(code: str, english: bool = False) -> str:
    """A template's name as people read it (its file's name), not its code; "" for none."""
    data = template_data(code) if code else None
    if not data:
        return ""
    name = data.get("name")
    if isinstance(name, dict):
        return str(name.get("en" if english else "zh") or name.get("zh") or "")
    return str(name or "")


#: Where a period's fines are taken: deducted from the next payment, claimed against the
#: performance bond (guarantee), or neither (recovered separately).
FINES_FROM = ("next_payment", "bond", "none")


def fines_from(data: dict[str, Any] | None) -> str:
    """Where the definition says a period's fines are taken (next_payment when it is silent)."""
    where = ((data or {}).get("payments") or {}).get("fines_from")
    return where if where in FINES_FROM else "next_payment"


def with_fines_from(data: dict[str, Any], where: str) -> dict[str, Any]:
    """A copy of the definition taking fines `where` (the same definition when it already does)."""
    if fines_from(data) == where:
        return data
    out = copy.deepcopy(data)
    out["payments"] = {**(out.get("payments") or {}), "fines_from": where}
    return out


def with_late_payment_of(data: dict[str, Any], template: str) -> dict[str, Any]:
    """A copy of the definition with a template's late-payment clause (none when it has none)."""
    out = copy.deepcopy(data)
    clause = ((template_data(template) or {}).get("payments") or {}).get("late_payment")
    payments = dict(out.get("payments") or {})
    if clause is None:
        payments.pop("late_payment", None)
    else:
        payments["late_payment"] = copy.deepcopy(clause)
    out["payments"] = payments
    return out


# -- conditions, caps, steps, thresholds, bounds and payment terms as fields ---------------------
#: Comparisons a condition row may use (the engine's, without "older than").
CONDITION_OPS = ("eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "present")
#: Threshold keys: at least, above, at most, below.
THRESHOLD_OPS = ("min", "above", "max", "below")
#: Kinds of rule that may carry a cap on their fines.
CAPPED_KINDS = ("per_event", "band", "run", "rate", "count", "manual")


def condition_rows(when: Any) -> list[tuple[str, str, Any]] | None:
    """A condition as rows (attribute, comparison, operand); None when it nests all/any/not
    (kept as it is: the editor shows it in words)."""
    if not when:
        return []
    if not isinstance(when, dict) or any(k in ("all", "any", "not") for k in when):
        return None
    rows = []
    for attr, value in when.items():
        ops = value if isinstance(value, dict) else {"eq": value}
        for op, operand in ops.items():
            if op not in CONDITION_OPS:
                return None
            rows.append((str(attr), op, operand))
    return rows


def rows_condition(rows: list[tuple[str, str, Any]]) -> dict[str, Any]:
    """Rows (attribute, comparison, operand) back to a condition; one "equals" is the plain
    value, several comparisons on an attribute all apply."""
    out: dict[str, Any] = {}
    for attr, op, operand in rows:
        ops = out.setdefault(attr, {})
        ops[op] = operand
    return {a: (ops["eq"] if list(ops) == ["eq"] else ops) for a, ops in out.items()}


def _apply_filter(out: dict[str, Any], prefix: str, part: dict[str, Any],
                  values: dict[str, Any]) -> None:
    """A threshold's choice of a values measure's parts (`PREFIX-filter`: {name: [codes]},
    empty for all), its measure declaring the filters the platform supplies
    (`PREFIX-filter_spec`) when it chooses some."""
    if f"{prefix}-filter" not in values:
        return
    if not values[f"{prefix}-filter"]:
        part.pop("filter", None)
        return
    part["filter"] = values[f"{prefix}-filter"]
    declared = (out.get("measures") or {}).get(part.get("measure") or "")
    if isinstance(declared, dict):
        filters = declared.setdefault("filters", {})
        for name, spec in (values.get(f"{prefix}-filter_spec") or {}).items():
            filters.setdefault(name, spec)


def _apply_rule_terms(prefix: str, part: dict[str, Any], values: dict[str, Any]) -> None:
    """The condition, cap, scope, threshold, step and bounds of one part, where the editor
    sent them (only the groups that were changed are in `values`)."""
    if f"{prefix}-when" in values:
        when = values[f"{prefix}-when"]
        if when:
            part["when"] = when
        else:
            part.pop("when", None)
    if f"{prefix}-cap_yuan" in values:
        part.pop("cap", None)
        cap = _fine_of(values.get(f"{prefix}-cap_yuan"), values.get(f"{prefix}-cap_percent"),
                       values.get(f"{prefix}-cap_of") or "contract_total")
        if cap:
            part["cap"] = cap
    if values.get(f"{prefix}-scope") is not None:
        if values[f"{prefix}-scope"]:
            part["scope"] = values[f"{prefix}-scope"]
        else:
            part.pop("scope", None)
    if f"{prefix}-threshold_op" in values:
        for key in THRESHOLD_OPS:
            part.pop(key, None)
        if values.get(f"{prefix}-threshold_value") is not None:
            part[values[f"{prefix}-threshold_op"] or "min"] = \
                _num(values[f"{prefix}-threshold_value"])
    if f"{prefix}-lower" in values:
        for key in ("from", "above", "to", "below"):
            part.pop(key, None)
        if values.get(f"{prefix}-lower") is not None:
            part["from" if values.get(f"{prefix}-lower_incl") else "above"] = \
                _num(values[f"{prefix}-lower"])
        if values.get(f"{prefix}-upper") is not None:
            part["to" if values.get(f"{prefix}-upper_incl") else "below"] = \
                _num(values[f"{prefix}-upper"])
    if f"{prefix}-term_on_percent" in values:  # the termination group was changed
        _apply_termination(prefix, part, part.get("kind", ""), values)
    if f"{prefix}-pending" in values:
        if values[f"{prefix}-pending"]:
            part["pending"] = True
        else:
            part.pop("pending", None)
    if f"{prefix}-failed_period" in values:
        if values[f"{prefix}-failed_period"]:
            part["failed_period"] = True
        else:
            part.pop("failed_period", None)
    if values.get(f"{prefix}-every_days"):
        part["every_days"] = int(values[f"{prefix}-every_days"])
    if values.get(f"{prefix}-rate_of"):
        part["of"] = values[f"{prefix}-rate_of"]
    if f"{prefix}-step_every" in values:
        old = part.pop("step", None) or {}
        if values.get(f"{prefix}-step_every") is not None:
            step: dict[str, Any] = {"every": _num(values[f"{prefix}-step_every"])}
            if values.get(f"{prefix}-step_beyond") is not None:
                step["beyond"] = _num(values[f"{prefix}-step_beyond"])
            _set(step, "points", values.get(f"{prefix}-step_points"))
            of = (old.get("fine") or {}).get("of") or "contract_total"
            fine = _fine_of(values.get(f"{prefix}-step_fine_yuan"),
                            values.get(f"{prefix}-step_fine_percent"), of)
            if fine:
                step["fine"] = fine
            part["step"] = step


def _apply_payments(out: dict[str, Any], values: dict[str, Any]) -> None:
    """The late-payment clause and the performance bond, where the editor changed them."""
    payments = dict(out.get("payments") or {})
    if "lp-kind" in values:
        if not values["lp-kind"]:
            payments.pop("late_payment", None)
        else:
            old = payments.get("late_payment") or {}
            clause: dict[str, Any] = {
                "percent_per_day": _num(values["lp-percent_per_day"])
                if values.get("lp-percent_per_day") is not None else None,
                "from_working_day": values.get("lp-from_working_day")
                if values.get("lp-from_working_day") is not None else 1,
                "basis": values.get("lp-basis") or "overdue"}
            if clause["percent_per_day"] is None or values["lp-kind"] == "lpr":
                clause.pop("percent_per_day")  # the engine says it is needed (daily)
            if values["lp-kind"] == "lpr":
                clause = {"kind": "lpr", **clause,
                          "multiplier": _num(values["lp-multiplier"])
                          if values.get("lp-multiplier") is not None else 1,
                          "lpr_on": values.get("lp-lpr_on") or "each_day",
                          "year_days": int(values.get("lp-year_days") or 360)}
                if values.get("lp-plus_bp"):
                    clause["plus_bp"] = _num(values["lp-plus_bp"])
            if values.get("lp-cap_percent") is not None:
                clause["cap_percent"] = _num(values["lp-cap_percent"])
            exempt = [x for x in (values.get("lp-exempt") or []) if x]
            if exempt:
                clause["exempt"] = exempt
            given, before = values.get("lp-clause") or "", old.get("clause")
            if isinstance(before, dict) and given in (before.get("zh"), before.get("en")):
                clause["clause"] = before  # shown in the reader's language, unchanged
            elif given or before:
                clause["clause"] = given
            payments["late_payment"] = clause
    if values.get("fines_from") in FINES_FROM and (
            values["fines_from"] != "next_payment" or payments.get("fines_from")):
        payments["fines_from"] = values["fines_from"]
    if "bond-kind" in values:
        kind = values["bond-kind"]
        if not kind:
            payments.pop("bond", None)
        else:
            old = payments.get("bond") or {}
            bond: dict[str, Any] = {}
            if kind == "percent":
                bond["percent"] = _num(values["bond-percent"]) \
                    if values.get("bond-percent") is not None else None
            else:
                bond["amount"] = str(Decimal(str(values["bond-amount"])).quantize(
                    Decimal("0.01"))) if values.get("bond-amount") is not None else None
            bond = {k: v for k, v in bond.items() if v is not None}
            for key in ("form",):
                if values.get(f"bond-{key}"):
                    bond[key] = values[f"bond-{key}"]
            for key in ("refund", "forfeit"):
                if values.get(f"bond-{key}"):
                    was, text = old.get(key), values[f"bond-{key}"]
                    same = isinstance(was, dict) and was.get("zh") == text
                    bond[key] = {"zh": text, "en": was.get("en", text) if same else text}
            if values.get("bond-refund_on"):
                bond["refund_on"] = str(values["bond-refund_on"])
            payments["bond"] = bond
    if payments or "payments" in out:
        out["payments"] = payments


# -- payment milestones: the definition carries them in and out, the contract's rows keep them --
#: The terms of a milestone the definition carries (the facts — dates met, invoice, paid,
#: status, reason — are the contract's rows' only).
MILESTONE_TERMS = ("seq", "name", "percent", "amount", "amount_capitals", "condition", "due_on",
                   "condition_kind", "condition_ref", "due_working_days", "invoice_days_before")


def milestones_given(data: Any) -> list[dict[str, Any]] | None:
    """The definition's own `payments.milestones` (None when it gives none: the contract's
    rows are then left as they are)."""
    payments = data.get("payments") if isinstance(data, dict) else None
    items = payments.get("milestones") if isinstance(payments, dict) else None
    return [m for m in items if isinstance(m, dict)] if items else None


def without_milestones(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the definition without `payments.milestones` (stored so: the rows hold them)."""
    out = copy.deepcopy(data)
    payments = out.get("payments")
    if isinstance(payments, dict) and "milestones" in payments:
        payments.pop("milestones")
        if not payments:
            out.pop("payments")
    return out


def _text_zh(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("zh") or value.get("en") or "")
    return "" if value is None else str(value)


def _text_en(value: Any) -> str:
    """The English of a {zh, en} text ("" when it gives none, or only repeats the Chinese)."""
    if isinstance(value, dict):
        en = str(value.get("en") or "")
        return "" if en == str(value.get("zh") or "") else en
    return ""


def _bilingual(zh: str, en: str) -> dict[str, str]:
    """A row's text as exchanged: {zh, en}, the Chinese repeated when there is no English."""
    return {"zh": zh, "en": en or zh}


def _day_or_none(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def row_terms(m: dict[str, Any], seq: int, total: Any,
              from_template: bool) -> dict[str, Any]:
    """A row's terms from one milestone of a definition (the engine has checked it): the
    amount as written for this contract, or share x the contract's total when it comes from a
    template (whose figures are another contract's) or is not written; capitals likewise."""
    from yunwei.scoring.money import capitals, percent_of, yuan

    share = Decimal(str(m["percent"]))
    computed = percent_of(yuan(total), share)
    written = None if from_template or m.get("amount") in (None, "") else yuan(m["amount"])
    amount = written if written is not None else computed
    figure = "" if from_template else str(m.get("capitals") or "")
    figure = figure or capitals(amount)
    terms: dict[str, Any] = {
        "seq": seq, "name": _text_zh(m.get("name"))[:100],
        "name_en": _text_en(m.get("name"))[:100], "percent": share, "amount": amount,
        "amount_capitals": figure[:100], "condition": _text_zh(m.get("condition"))[:200],
        "condition_en": _text_en(m.get("condition"))[:200],
        "due_on": _day_or_none(m.get("due"))}
    for key in ("condition_kind", "condition_ref"):
        if m.get(key) is not None:
            terms[key] = str(m[key])
    for key in ("due_working_days", "invoice_days_before"):
        if m.get(key) is not None:
            terms[key] = int(m[key])
    return terms


def milestone_of_row(row: Any) -> dict[str, Any]:
    """One milestone of the exchange format from a contract's row (its terms, not its facts)."""
    out: dict[str, Any] = {"code": f"P{row.seq}", "name": _bilingual(row.name, row.name_en),
                           "percent": _num(row.percent), "amount": str(row.amount)}
    if row.amount_capitals:
        out["capitals"] = row.amount_capitals
    if row.due_on:
        out["due"] = row.due_on.isoformat()
    if row.condition:
        out["condition"] = _bilingual(row.condition, row.condition_en)
    if row.condition_kind:
        out["condition_kind"] = row.condition_kind
        if row.condition_ref:
            out["condition_ref"] = row.condition_ref
    out["due_working_days"] = row.due_working_days
    out["invoice_days_before"] = row.invoice_days_before
    return out


def with_milestones(data: dict[str, Any], rows: list[Any]) -> dict[str, Any]:
    """The definition as exchanged: the stored one with the contract's milestone rows written
    into `payments.milestones` (in their order); unchanged when the contract has none."""
    out = copy.deepcopy(data)
    if rows and out:
        payments = out.setdefault("payments", {})
        payments["milestones"] = [milestone_of_row(r) for r in rows]
    return out


def without_unchanged_milestones(data: Any, rows: list[Any]) -> Any:
    """The definition without `payments.milestones` when they are exactly the contract's rows as
    exchanged (`GET /api/schemes/{id}/` put back unchanged): nothing to take in, and the rows'
    own problems (e.g. shares not adding up to 100 % while the agency is still entering them)
    are shown on the score page, not a reason to refuse the rest of the definition."""
    import json

    given = milestones_given(data)
    if given is None or not rows:
        return data
    current = json.loads(json.dumps([milestone_of_row(r) for r in rows], default=str))
    if json.loads(json.dumps(given, default=str)) != current:
        return data
    return without_milestones(data)
