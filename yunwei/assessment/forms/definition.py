"""The agency's scheme editor: the definition's rules, tiers and periods as real fields (no
dicts). The form only collects values; `definition.apply_edits` builds the new definition and
the engine validates it (actions.do_edit_definition)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..definition import FINE_BASES, apply_edits, editable_parts, has_effect_fields

KIND_LABELS = {
    "per_event": _("per event"), "band": _("bands"), "run": _("run in a row"),
    "rate": _("rate over time"), "threshold": _("threshold per period"), "count": _("count"),
    "failed_periods": _("failed periods"), "reward": _("reward"),
    "manual": _("entered by hand"),
}
PERIOD_LABELS = {"whole": _("the whole service period"), "quarters": _("quarters"),
                 "months": _("months"), "years": _("contract years"),
                 "ranges": _("explicit ranges")}
BASE_LABELS = {"contract_total": _("contract total"), "annual_fee": _("annual fee"),
               "period_fee": _("period fee")}


def _dec(**kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(required=False, max_digits=14, decimal_places=3, **kwargs)


class DefinitionForm(forms.Form):
    """Every editable value of a scheme's definition, as fields grouped by rule."""

    name = forms.CharField(label=_("name"), max_length=200)
    base = forms.DecimalField(label=_("base score"), max_digits=6, decimal_places=2,
                              required=False)
    periods = forms.ChoiceField(label=_("assessment periods"))

    def __init__(self, *args: Any, definition: dict[str, Any],
                 periods: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        name = definition.get("name")
        self.initial.update({
            "name": name.get("zh", "") if isinstance(name, dict) else (name or ""),
            "base": definition.get("base"), "periods": definition.get("periods", "whole")})
        kinds = dict(PERIOD_LABELS)
        kinds.setdefault(definition.get("periods", "whole"), definition.get("periods"))
        self.fields["periods"].choices = list(kinds.items())
        self.groups: list[dict[str, Any]] = []
        rules = definition.get("rules", [])
        for prefix, part in editable_parts(definition):
            rule = rules[int(prefix.split("-")[1])]
            names = []
            if "-band-" not in prefix:
                names.append(self._add(f"{prefix}-title", forms.CharField(
                    label=_("title"), max_length=300, required=False), _zh(part.get("title"))))
            if has_effect_fields(prefix, part, rule.get("kind", "")):
                names += self._effect(prefix, part)
            if "-" not in prefix[5:] and rule.get("kind") == "rate":
                names.append(self._add(f"{prefix}-percent", _dec(
                    label=_("percent per step"), min_value=0), part.get("percent")))
            if prefix.count("-") == 1:
                names.append(self._add(f"{prefix}-remove", forms.BooleanField(
                    label=_("remove this rule"), required=False), False))
                self.groups.append({"code": rule.get("code", ""),
                                    "kind": KIND_LABELS.get(rule.get("kind", ""), ""),
                                    "title": _zh(rule.get("title")), "names": names,
                                    "parts": []})
            else:
                label = _bounds_text(part) or part.get("code", "")
                self.groups[-1]["parts"].append({"label": label, "names": names})
        self.new_names = [
            self._add("new-code", forms.SlugField(label=_("code"), max_length=32,
                                                  required=False), ""),
            self._add("new-title", forms.CharField(label=_("title"), max_length=300,
                                                   required=False), ""),
            *self._effect("new", {})]
        self.tier_rows: list[list[str]] = []
        tiers = definition.get("tiers", [])
        for j in range(len(tiers) + 1):
            tier = tiers[j] if j < len(tiers) else {}
            p = f"tier-{j}"
            lower = tier.get("from", tier.get("above"))
            upper = tier.get("to", tier.get("below"))
            fine = tier.get("fine") or {}
            self.tier_rows.append([
                self._add(p + "-label", forms.CharField(label=_("label"), max_length=100,
                                                        required=False), _zh(tier.get("label"))),
                self._add(p + "-lower", _dec(label=_("from")), lower),
                self._add(p + "-lower_incl", forms.BooleanField(
                    label=_("included"), required=False), "above" not in tier),
                self._add(p + "-upper", _dec(label=_("to")), upper),
                self._add(p + "-upper_incl", forms.BooleanField(
                    label=_("included"), required=False), "to" in tier),
                self._add(p + "-fine_percent", _dec(label=_("fine (percent of the contract "
                                                          "amount)"), min_value=0),
                          fine.get("percent")),
                self._add(p + "-pending", forms.BooleanField(
                    label=_("decided by the agency"), required=False), bool(tier.get("pending"))),
                *([self._add(p + "-remove", forms.BooleanField(label=_("remove"),
                                                               required=False), False)]
                  if j < len(tiers) else []),
            ])

        self._period_rows(periods or {})

    def _period_rows(self, spec: dict[str, Any]) -> None:
        """The contract's explicit periods (dates and fee), one row each and two blank ones
        (halves are entered at once); a row whose code is cleared is removed."""
        ranges, fees = spec.get("ranges") or [], spec.get("fees") or {}
        self.range_rows: list[list[str]] = []
        for k in range(len(ranges) + 2):
            item = ranges[k] if k < len(ranges) else {}
            p = f"range-{k}"
            self.range_rows.append([
                self._add(p + "-code", forms.CharField(label=_("period"), max_length=20,
                                                       required=False), item.get("code", "")),
                self._add(p + "-start", forms.DateField(
                    label=_("first day"), required=False,
                    widget=forms.DateInput(attrs={"type": "date"})), item.get("start")),
                self._add(p + "-end", forms.DateField(
                    label=_("last day"), required=False,
                    widget=forms.DateInput(attrs={"type": "date"})), item.get("end")),
                self._add(p + "-fee", forms.DecimalField(
                    label=_("period fee (yuan)"), required=False, max_digits=16,
                    decimal_places=2, min_value=0), fees.get(item.get("code", ""))),
            ])

    def edited_periods(self) -> dict[str, Any]:
        """The explicit periods as entered ({} for none): ranges in date order, fees by code."""
        data = self.cleaned_data
        rows = []
        for row in self.range_rows:
            code = (data.get(row[0]) or "").strip()
            if code:
                rows.append((data[row[1]], data[row[2]], code, data.get(row[3])))
        rows.sort(key=lambda r: r[0])
        if not rows:
            return {}
        return {"ranges": [{"code": c, "start": a.isoformat(), "end": b.isoformat()}
                           for a, b, c, _fee in rows],
                "fees": {c: str(fee) for _a, _b, c, fee in rows if fee is not None}}

    def _add(self, name: str, field: forms.Field, initial: Any) -> str:
        self.fields[name] = field
        self.initial[name] = initial
        return name

    def _effect(self, prefix: str, part: dict[str, Any]) -> list[str]:
        fine = part.get("fine") or {}
        bases = {b: BASE_LABELS[b] for b in FINE_BASES}
        if fine.get("of"):
            bases.setdefault(fine["of"], fine["of"])
        return [
            self._add(f"{prefix}-points", _dec(label=_("points")), part.get("points")),
            self._add(f"{prefix}-fine_yuan", _dec(label=_("fine (yuan)"), min_value=0),
                      fine.get("yuan")),
            self._add(f"{prefix}-fine_percent", _dec(label=_("fine (percent)"), min_value=0),
                      fine.get("percent")),
            self._add(f"{prefix}-fine_of", forms.ChoiceField(
                label=_("percent of"), required=False, choices=list(bases.items())),
                fine.get("of", "contract_total")),
        ]

    def bound(self, names: list[str]) -> list[forms.BoundField]:
        return [self[n] for n in names]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in list(data):
            if name.endswith("-fine_yuan") and data.get(name) is not None and \
                    data.get(name[:-len("yuan")] + "percent") is not None:
                self.add_error(name, _("Give the fine either in yuan or as a percentage, "
                                       "not both."))
        codes = []
        for row in self.range_rows:
            code = (data.get(row[0]) or "").strip()
            if code and (data.get(row[1]) is None or data.get(row[2]) is None):
                self.add_error(row[1], _("A period needs its first and last day."))
            if code and code in codes:
                self.add_error(row[0], _("Two periods have this code."))
            codes.append(code)
        if data.get("new-code") and data.get("new-points") is None and \
                data.get("new-fine_yuan") is None and data.get("new-fine_percent") is None:
            self.add_error("new-points", _("A new rule needs points or a fine."))
        return data

    def edited(self) -> dict[str, Any]:
        """The definition with the submitted values (not validated: the engine loads it)."""
        values = dict(self.cleaned_data)
        if values.get("base") is None:
            values.pop("base", None)
        return apply_edits(self.definition, values)


def _zh(label: Any) -> str:
    if isinstance(label, dict):
        return str(label.get("zh", ""))
    return str(label or "")


def _bounds_text(part: dict[str, Any]) -> str:
    bits = []
    for key, sign in (("from", "≥"), ("above", ">"), ("to", "≤"), ("below", "<")):
        if key in part:
            bits.append(f"{sign} {Decimal(str(part[key])).normalize():f}")
    return "，".join(bits)
