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
