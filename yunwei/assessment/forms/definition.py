"""The agency's scheme editor: the definition's rules, tiers and periods as real fields (no
dicts). The form only collects values; `definition.apply_edits` builds the new definition and
the engine validates it (actions.do_edit_definition)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from ..definition import (
    CAPPED_KINDS,
    CONDITION_OPS,
    FAILING_KINDS,
    FINE_BASES,
    NEW_BANDS,
    NEW_KINDS,
    PENDING_KINDS,
    TERMINATION_TERMS,
    THRESHOLD_OPS,
    apply_edits,
    condition_rows,
    editable_parts,
    has_effect_fields,
    numeric_attributes,
    rows_condition,
    termination_initial,
)

KIND_LABELS = {
    "per_event": _("per event"), "band": _("bands"), "run": _("run in a row"),
    "rate": _("rate over time"), "threshold": _("threshold per period"), "count": _("count"),
    "failed_periods": _("failed periods"), "reward": _("reward"),
    "manual": _("entered by hand"),
}
NEW_KIND_LABELS = {
    "manual": _("per occurrence entered by hand"), "per_event": _("per event of a record"),
    "rate": _("rate over time (per day or per started N days)"),
    "count": _("count (fixed amount each, termination right at the Nth)"),
    "threshold": _("threshold per period"),
    "band": _("bands on a number (e.g. a work order's lateness on the SLA clock)")}
PERIOD_LABELS = {"whole": _("the whole service period"), "quarters": _("quarters"),
                 "months": _("months"), "years": _("contract years"),
                 "ranges": _("explicit ranges")}
BASE_LABELS = {"contract_total": _("contract total"), "annual_fee": _("annual fee"),
               "period_fee": _("period fee")}
OP_LABELS = {"eq": _("is"), "ne": _("is not"), "in": _("is one of"),
             "not_in": _("is none of"), "gt": _("is more than"), "ge": _("is at least"),
             "lt": _("is less than"), "le": _("is at most"), "present": _("is filled in"),
             "older_than_hours": _("is longer ago than (hours)")}
THRESHOLD_LABELS = {"min": _("at least (≥)"), "above": _("above (>)"),
                    "max": _("at most (≤)"), "below": _("below (<)")}
SCOPE_LABELS = {"": _("as the rule's kind says"), "contract": _("over the whole contract"),
                "period": _("per assessment period")}
BOND_KINDS = {"": _("no performance bond"), "percent": _("a percentage of the contract total"),
              "amount": _("a fixed amount")}
LATE_BASES = {"overdue": _("the amount paid late"), "contract_total": _("the contract total")}
FINES_FROM_LABELS = {"next_payment": _("deducted from the final payment"),
                     "bond": _("claimed against the performance guarantee (bond)"),
                     "none": _("neither from a payment nor from the bond: recovered "
                               "separately")}
LATE_KINDS = {"": _("none: the contract sets no late-payment penalty"),
              "daily": _("a fixed percentage a day"),
              "lpr": _("following the one-year loan prime rate (LPR)")}
LPR_ON_LABELS = {"each_day": _("the one in force on each day of delay"),
                 "due_date": _("the one in force on the due date")}
#: Field groups applied only when one of their fields was changed (an untouched form changes
#: nothing in the definition, whatever way it wrote a term).
_GROUPS = {"cap": ("cap_yuan", "cap_percent", "cap_of"), "scope": ("scope",),
           "threshold": ("threshold_op", "threshold_value"),
           "bounds": ("lower", "lower_incl", "upper", "upper_incl"),
           "step": ("step_every", "step_beyond", "step_points", "step_fine_yuan",
                    "step_fine_percent"),
           "termination": ("term_always", "term_after_days", "term_at_cap", "term_at",
                           "term_on_percent", "term_on_yuan"),
           "pending": ("pending",),
           "failed": ("failed_period",), "rate": ("every_days", "rate_of")}
_YES = {"是", "yes", "true", "y", "1", "真"}
_NO = {"否", "no", "false", "n", "0", "假"}


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
        self.attr_types: dict[tuple[str, str], str] = {}
        self.attr_labels: dict[tuple[str, str], dict[str, str]] = {}
        self.condition_rows: dict[str, list[list[str]]] = {}
        self.fixed_conditions: dict[str, str] = {}
        self.filter_names: dict[str, list[tuple[str, str, str, str]]] = {}
        rules = definition.get("rules", [])
        for prefix, part in editable_parts(definition):
            rule = rules[int(prefix.split("-")[1])]
            names = []
            if "-band-" not in prefix:
                names.append(self._add(f"{prefix}-title", forms.CharField(
                    label=_("title"), max_length=300, required=False), _zh(part.get("title"))))
            if has_effect_fields(prefix, part, rule.get("kind", "")):
                names += self._effect(prefix, part)
            names += self._terms(prefix, part, rule, definition)
            if "-" not in prefix[5:] and rule.get("kind") == "rate":
                names.append(self._add(f"{prefix}-percent", _dec(
                    label=_("percent per step"), min_value=0), part.get("percent")))
            if prefix.count("-") == 1:
                names.append(self._add(f"{prefix}-remove", forms.BooleanField(
                    label=_("remove this rule"), required=False), False))
                self.groups.append({"code": rule.get("code", ""),
                                    "kind": KIND_LABELS.get(rule.get("kind", ""), ""),
                                    "title": _local(rule.get("title")), "names": names,
                                    "parts": [], **self._conditions_of(prefix)})
            else:
                label = _bounds_text(part) or part.get("code", "")
                self.groups[-1]["parts"].append({"label": label, "names": names,
                                                 **self._conditions_of(prefix)})
        for i, rule in enumerate(rules):
            if rule.get("kind") == "band" and i < len(self.groups):
                self.groups[i]["add_band"] = self._band_fields(f"rule-{i}-addband")
        self._new_rule_fields(definition)
        self.tier_rows: list[list[str]] = []
        tiers = definition.get("tiers", [])
        self.tier_legends = [_local(t.get("label")) for t in tiers]  # as the reader reads it
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
        self._payment_fields(definition.get("payments") or {})

    def _new_rule_fields(self, definition: dict[str, Any]) -> None:
        """The blank "new rule" row: its kind, what it reads (a measure the platform supplies,
        or hand entries with evidence), its effect, cap, termination right and failed period."""
        from yunwei.core import measures

        english = not (get_language() or "zh").startswith("zh")
        supplied = sorted(measures.MEASURES.values(), key=lambda m: m.name)
        thresholds = [(r.get("code", ""), f"{r.get('code', '')} {_local(r.get('title'))}")
                      for r in definition.get("rules", []) if r.get("kind") == "threshold"]
        self.new_names = [
            self._add("new-kind", forms.ChoiceField(
                label=_("kind of rule"), required=False,
                choices=[(k, NEW_KIND_LABELS[k]) for k in NEW_KINDS]), "manual"),
            self._add("new-code", forms.SlugField(label=_("code"), max_length=32,
                                                  required=False), ""),
            self._add("new-title", forms.CharField(label=_("title"), max_length=300,
                                                   required=False), ""),
            self._add("new-measure", forms.ChoiceField(
                label=_("what it counts"), required=False,
                choices=[("", _("entries made by hand with evidence"))]
                + [(m.name, m.label_en if english else m.label_zh) for m in supplied],
                error_messages={"invalid_choice": _(
                    "The platform does not supply the measure “%(value)s”.")}), ""),
            self._add("new-value", forms.ChoiceField(
                label=_("bands: on which number"), required=False,
                choices=[("", "—"), *self._numbers(definition, supplied, english)]), ""),
            *self._effect("new", {}),
            self._add("new-percent", _dec(label=_("rate: percent per step"), min_value=0),
                      None),
            self._add("new-every_days", forms.IntegerField(
                label=_("rate: one step every N started days (1 = a day, 7 = a started week)"),
                required=False, min_value=1, max_value=366), None),
            self._add("new-threshold_op", forms.ChoiceField(
                label=_("threshold"), required=False, choices=list(THRESHOLD_LABELS.items())),
                "min"),
            self._add("new-threshold_value", _dec(label=_("threshold value")), None),
            self._add("new-unit", forms.CharField(
                label=_("threshold on a value entered by hand: its unit (e.g. %)"),
                required=False, max_length=10), ""),
            *([self._add("new-failures_of", forms.MultipleChoiceField(
                label=_("count: a failed period of these thresholds counts as one"),
                required=False, choices=thresholds, widget=forms.CheckboxSelectMultiple),
                [])] if thresholds else []),
            self._add("new-cap_yuan", _dec(label=_("cap (yuan)"), min_value=0), None),
            self._add("new-cap_percent", _dec(label=_("cap (percent)"), min_value=0), None),
            self._add("new-cap_of", forms.ChoiceField(
                label=_("cap: percent of"), required=False,
                choices=[(b, BASE_LABELS[b]) for b in FINE_BASES]), "contract_total"),
            self._add("new-scope", forms.ChoiceField(
                label=_("counted and capped"), required=False,
                choices=list(SCOPE_LABELS.items())), ""),
            *self._termination("new", {}, "", new=True),
            self._add("new-failed_period", forms.BooleanField(
                label=_("marks the period failed"), required=False), False),
            self._add("new-pending", forms.BooleanField(
                label=_("decided by the agency (pending, e.g. where the clause is silent)"),
                required=False), False),
        ]
        self.new_band_rows = [self._band_fields(f"new-band-{k}") for k in range(NEW_BANDS)]

    @staticmethod
    def _numbers(definition: dict[str, Any], supplied: list[Any],
                 english: bool) -> list[tuple[str, str]]:
        """The numbers a new band rule may band on: each numeric attribute of the measures the
        platform supplies, by its label ("工单：超时")."""
        out: dict[str, str] = {}
        for m in supplied:
            for name, spec in numeric_attributes(definition, m.name).items():
                out.setdefault(name, f"{m.label_en if english else m.label_zh}"
                                     f"{': ' if english else '：'}{_label(spec, name)}")
        return list(out.items())

    def _band_fields(self, prefix: str) -> list[str]:
        """A blank band: its bounds ("included" boxes), points, fine, "decided by the agency"
        and its step (every N beyond M)."""
        bases = {b: BASE_LABELS[b] for b in FINE_BASES}
        return [
            self._add(f"{prefix}-lower", _dec(label=_("from")), None),
            self._add(f"{prefix}-lower_incl", forms.BooleanField(
                label=_("included"), required=False), True),
            self._add(f"{prefix}-upper", _dec(label=_("to")), None),
            self._add(f"{prefix}-upper_incl", forms.BooleanField(
                label=_("included"), required=False), True),
            self._add(f"{prefix}-points", _dec(label=_("points")), None),
            self._add(f"{prefix}-fine_yuan", _dec(label=_("fine (yuan)"), min_value=0), None),
            self._add(f"{prefix}-fine_percent", _dec(label=_("fine (percent)"), min_value=0),
                      None),
            self._add(f"{prefix}-fine_of", forms.ChoiceField(
                label=_("percent of"), required=False, choices=list(bases.items())),
                "contract_total"),
            self._add(f"{prefix}-pending", forms.BooleanField(
                label=_("decided by the agency (pending, e.g. where the clause is silent)"),
                required=False), False),
            self._add(f"{prefix}-step_every", _dec(label=_("step: every"), min_value=0), None),
            self._add(f"{prefix}-step_beyond", _dec(label=_("step: beyond"), min_value=0),
                      None),
            self._add(f"{prefix}-step_points", _dec(label=_("step: points")), None),
            self._add(f"{prefix}-step_fine_yuan", _dec(label=_("step: fine (yuan)"),
                                                       min_value=0), None),
            self._add(f"{prefix}-step_fine_percent", _dec(label=_("step: fine (percent)"),
                                                          min_value=0), None),
        ]

    def _termination(self, prefix: str, part: dict[str, Any], kind: str,
                     new: bool = False) -> list[str]:
        """The termination right's fields a kind of rule takes (every kind's for a new rule)."""
        terms = ("always", "after_days", "at_cap", "at") if new else \
            TERMINATION_TERMS.get(kind, ())
        if not terms:
            return []
        now = termination_initial(part)
        names = []
        if "always" in terms:
            names.append(self._add(f"{prefix}-term_always", forms.BooleanField(
                label=_("each occurrence gives the agency a termination right"),
                required=False), now.get("term_always", False)))
        if "after_days" in terms:
            names.append(self._add(f"{prefix}-term_after_days", _dec(
                label=_("rate: termination right after more than N days late"),
                min_value=0), now.get("term_after_days")))
        if "at_cap" in terms:
            names.append(self._add(f"{prefix}-term_at_cap", forms.BooleanField(
                label=_("rate: termination right once the cap is reached"), required=False),
                now.get("term_at_cap", False)))
        if "at" in terms:
            names.append(self._add(f"{prefix}-term_at", forms.IntegerField(
                label=_("count: termination right at the Nth occurrence"), required=False,
                min_value=1, max_value=10000), now.get("term_at")))
        names.append(self._add(f"{prefix}-term_on_percent", _dec(
            label=_("on termination: percent of the contract total"), min_value=0),
            now.get("term_on_percent")))
        names.append(self._add(f"{prefix}-term_on_yuan", _dec(
            label=_("on termination: amount (yuan)"), min_value=0), now.get("term_on_yuan")))
        return names

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

    def _terms(self, prefix: str, part: dict[str, Any], rule: dict[str, Any],
               definition: dict[str, Any]) -> list[str]:
        """The condition, cap, scope, threshold, bounds and step fields of one part."""
        names: list[str] = []
        kind = rule.get("kind", "")
        is_rule = prefix.count("-") == 1
        is_band = "-band-" in prefix
        measure = (definition.get("measures") or {}).get(rule.get("measure") or "") or {}
        attributes = measure.get("attributes") or {}
        self.attr_types.update({(prefix, a): (spec or {}).get("type", "text")
                                for a, spec in attributes.items()})
        self.attr_labels.update({(prefix, a): {str(k): str(v) for k, v in
                                               ((spec or {}).get("labels") or {}).items()}
                                 for a, spec in attributes.items()
                                 if (spec or {}).get("type") == "choice"})
        if attributes and (is_rule or "-option-" in prefix) and kind != "manual":
            rows = condition_rows(part.get("when"))
            if rows is None:
                self.fixed_conditions[prefix] = _condition_text(part.get("when"), attributes)
            else:
                choices = [("", "—")] + [(a, _label(spec, a)) for a, spec in attributes.items()]
                self.condition_rows[prefix] = []
                for k in range(len(rows) + 1):
                    attr, op, operand = rows[k] if k < len(rows) else ("", "eq", None)
                    p = f"{prefix}-cond-{k}"
                    row = [
                        self._add(p + "-attr", forms.ChoiceField(
                            label=_("condition: attribute"), required=False, choices=choices),
                            attr),
                        self._add(p + "-op", forms.ChoiceField(
                            label=_("comparison"), required=False,
                            choices=[(o, OP_LABELS[o]) for o in CONDITION_OPS]), op),
                        self._add(p + "-value", forms.CharField(
                            label=_("value"), required=False, max_length=200),
                            _operand_text(operand, self.attr_labels.get((prefix, attr)))
                            if k < len(rows) else ""),
                    ]
                    self.condition_rows[prefix].append(row)
        if is_rule and kind in CAPPED_KINDS:
            cap = part.get("cap") or {}
            bases = {b: BASE_LABELS[b] for b in FINE_BASES}
            names += [
                self._add(f"{prefix}-cap_yuan", _dec(label=_("cap (yuan)"), min_value=0),
                          cap.get("yuan")),
                self._add(f"{prefix}-cap_percent", _dec(label=_("cap (percent)"),
                                                        min_value=0), cap.get("percent")),
                self._add(f"{prefix}-cap_of", forms.ChoiceField(
                    label=_("cap: percent of"), required=False, choices=list(bases.items())),
                    cap.get("of", "contract_total")),
                self._add(f"{prefix}-scope", forms.ChoiceField(
                    label=_("counted and capped"), required=False,
                    choices=list(SCOPE_LABELS.items())), part.get("scope", "")),
            ]
        if is_rule and kind == "rate":
            bases = {b: BASE_LABELS[b] for b in FINE_BASES}
            if part.get("of"):
                bases.setdefault(part["of"], part["of"])
            names += [
                self._add(f"{prefix}-every_days", forms.IntegerField(
                    label=_("rate: one step every N started days (1 = a day, 7 = a started "
                            "week)"), required=False, min_value=1, max_value=366),
                    part.get("every_days", 1)),
                self._add(f"{prefix}-rate_of", forms.ChoiceField(
                    label=_("percent of"), required=False, choices=list(bases.items())),
                    part.get("of", "contract_total")),
            ]
        if is_rule:
            names += self._termination(prefix, part, kind)
        if is_rule and kind in FAILING_KINDS:
            names.append(self._add(f"{prefix}-failed_period", forms.BooleanField(
                label=_("marks the period failed"), required=False),
                bool(part.get("failed_period"))))
        if is_rule and kind in PENDING_KINDS:
            names.append(self._add(f"{prefix}-pending", forms.BooleanField(
                label=_("decided by the agency (pending, e.g. where the clause is silent)"),
                required=False), bool(part.get("pending"))))
        if is_rule and kind == "threshold":
            names += self._filter_fields(prefix, part, rule)
            key = next((k for k in THRESHOLD_OPS if k in part), "min")
            names += [
                self._add(f"{prefix}-threshold_op", forms.ChoiceField(
                    label=_("threshold"), choices=list(THRESHOLD_LABELS.items())), key),
                self._add(f"{prefix}-threshold_value", _dec(label=_("threshold value")),
                          part.get(key)),
            ]
        if is_band:
            step = part.get("step") or {}
            fine = step.get("fine") or {}
            names += [
                self._add(f"{prefix}-lower", _dec(label=_("from")),
                          part.get("from", part.get("above"))),
                self._add(f"{prefix}-lower_incl", forms.BooleanField(
                    label=_("included"), required=False), "above" not in part),
                self._add(f"{prefix}-upper", _dec(label=_("to")),
                          part.get("to", part.get("below"))),
                self._add(f"{prefix}-upper_incl", forms.BooleanField(
                    label=_("included"), required=False), "to" in part),
                self._add(f"{prefix}-step_every", _dec(label=_("step: every"), min_value=0),
                          step.get("every")),
                self._add(f"{prefix}-step_beyond", _dec(label=_("step: beyond"),
                                                        min_value=0), step.get("beyond")),
                self._add(f"{prefix}-step_points", _dec(label=_("step: points")),
                          step.get("points")),
                self._add(f"{prefix}-step_fine_yuan", _dec(label=_("step: fine (yuan)"),
                                                           min_value=0), fine.get("yuan")),
                self._add(f"{prefix}-step_fine_percent", _dec(
                    label=_("step: fine (percent)"), min_value=0), fine.get("percent")),
            ]
        return names

    def _filter_fields(self, prefix: str, part: dict[str, Any], rule: dict[str, Any]) -> list[
            str]:
        """A threshold on a values measure given per part (the availability of each item):
        one field per way the platform lets it choose them (item types, items), by code."""
        from yunwei.core import measures

        supplied = measures.MEASURES.get(rule.get("measure") or "")
        if supplied is None or supplied.kind != "values" or not supplied.filters:
            return []
        english = not (get_language() or "zh").startswith("zh")
        chosen = dict(part.get("filter") or {})
        names = []
        for name, label_zh, label_en in supplied.filters:
            now = chosen.get(name) or []
            names.append(self._add(f"{prefix}-filter_{name}", forms.CharField(
                label=_("only: %(what)s (codes, separated by 、; empty: all)") % {
                    "what": label_en if english else label_zh},
                required=False, max_length=500),
                "、".join(str(v) for v in (now if isinstance(now, list) else [now]))))
        self.filter_names[prefix] = [(n, f"{prefix}-filter_{n}", zh, en)
                                     for n, zh, en in supplied.filters]
        return names

    def _conditions_of(self, prefix: str) -> dict[str, Any]:
        return {"conditions": self.condition_rows.get(prefix, []),
                "fixed_condition": self.fixed_conditions.get(prefix, "")}

    def _payment_fields(self, payments: dict[str, Any]) -> None:
        """The agency's late-payment clause and the performance bond as fields."""
        from ..settlement import clause_ref

        lp = payments.get("late_payment") or {}
        bond = payments.get("bond") or {}
        self.late_names = [
            self._add("lp-kind", forms.ChoiceField(
                label=_("the agency's late-payment clause"), required=False,
                choices=list(LATE_KINDS.items())),
                (lp.get("kind") or "daily") if payments.get("late_payment") else ""),
            self._add("lp-percent_per_day", _dec(label=_("percent a day"), min_value=0),
                      lp.get("percent_per_day")),
            self._add("lp-multiplier", _dec(label=_("times the one-year LPR"), min_value=0),
                      lp.get("multiplier", 1)),
            self._add("lp-plus_bp", _dec(label=_("plus basis points"), min_value=0),
                      lp.get("plus_bp")),
            self._add("lp-lpr_on", forms.ChoiceField(label=_("which LPR"), required=False,
                                                     choices=list(LPR_ON_LABELS.items())),
                      lp.get("lpr_on", "each_day")),
            self._add("lp-year_days", forms.TypedChoiceField(
                label=_("days a year"), required=False, coerce=int, empty_value=360,
                choices=[(360, "360"), (365, "365")]), lp.get("year_days", 360)),
            self._add("lp-basis", forms.ChoiceField(label=_("of"), required=False,
                                                    choices=list(LATE_BASES.items())),
                      lp.get("basis", "overdue")),
            self._add("lp-from_working_day", forms.IntegerField(
                label=_("from the working day after the due date"), required=False,
                min_value=0, max_value=365), lp.get("from_working_day")),
            self._add("lp-cap_percent", _dec(label=_("at most (percent)"), min_value=0),
                      lp.get("cap_percent")),
            self._add("lp-exempt", forms.CharField(
                label=_("delays excused (reasons, separated by commas)"), required=False,
                max_length=500), "、".join(_exempt_label(x) for x in lp.get("exempt") or ())),
            self._add("lp-clause", forms.CharField(label=_("clause"), required=False,
                                                   max_length=100),
                      clause_ref(lp, not (get_language() or "zh").startswith("zh"))),
        ]
        kind = "amount" if bond.get("amount") is not None else ("percent" if bond else "")
        self.bond_names = [
            self._add("fines_from", forms.ChoiceField(
                label=_("the period's fines are taken"), required=False,
                choices=list(FINES_FROM_LABELS.items())),
                payments.get("fines_from") or "next_payment"),
            self._add("bond-kind", forms.ChoiceField(label=_("performance bond"),
                                                     required=False,
                                                     choices=list(BOND_KINDS.items())), kind),
            self._add("bond-percent", _dec(label=_("percent of the contract total"),
                                           min_value=0), bond.get("percent")),
            self._add("bond-amount", forms.DecimalField(
                label=_("amount (yuan)"), required=False, max_digits=16, decimal_places=2,
                min_value=0), bond.get("amount")),
            self._add("bond-form", forms.CharField(label=_("form"), required=False,
                                                   max_length=50), bond.get("form", "")),
            self._add("bond-refund", forms.CharField(label=_("returned when"), required=False,
                                                     max_length=300), _zh(bond.get("refund"))),
            self._add("bond-refund_on", forms.DateField(
                label=_("returned on"), required=False,
                widget=forms.DateInput(attrs={"type": "date"})), bond.get("refund_on")),
            self._add("bond-forfeit", forms.CharField(label=_("claimed for"), required=False,
                                                      max_length=300), _zh(bond.get("forfeit"))),
        ]

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
        self.whens: dict[str, dict[str, Any]] = {}
        changed = set(self.changed_data)
        for prefix, rows in self.condition_rows.items():
            if not any(n in changed for row in rows for n in row):
                continue
            parsed = []
            for attr_name, op_name, value_name in rows:
                attr = data.get(attr_name)
                if not attr:
                    continue
                op = data.get(op_name) or "eq"
                operand = self._operand(prefix, attr, op, data.get(value_name) or "",
                                        value_name)
                if operand is not None:
                    parsed.append((attr, op, operand))
            self.whens[prefix] = rows_condition(parsed)
        if data.get("lp-kind") == "daily" and data.get("lp-percent_per_day") is None:
            self.add_error("lp-percent_per_day", _("Give the percentage a day."))
        kind = data.get("bond-kind")
        if kind == "percent" and data.get("bond-percent") is None:
            self.add_error("bond-percent", _("Give the bond's percentage of the contract "
                                             "total."))
        if kind == "amount" and data.get("bond-amount") is None:
            self.add_error("bond-amount", _("Give the bond's amount."))
        for name in list(data):
            if name.endswith("-cap_yuan") and data.get(name) is not None and \
                    data.get(name[:-len("yuan")] + "percent") is not None:
                self.add_error(name, _("Give the cap either in yuan or as a percentage, "
                                       "not both."))
            if name.endswith("-step_fine_yuan") and data.get(name) is not None and \
                    data.get(name[:-len("yuan")] + "percent") is not None:
                self.add_error(name, _("Give the fine either in yuan or as a percentage, "
                                       "not both."))
            if name.endswith("-term_on_yuan") and data.get(name) is not None and \
                    data.get(name[:-len("yuan")] + "percent") is not None:
                self.add_error(name, _("Give the amount on termination either in yuan or as "
                                       "a percentage, not both."))
            if name.endswith("-step_every") and data.get(name) is not None and \
                    data[name] <= 0:
                self.add_error(name, _("A step must be more than zero."))
        for group in self.groups:
            if group.get("add_band"):
                self._clean_band_row(data, group["add_band"][0][:-len("-lower")])
        if data.get("new-code"):
            self._clean_new_rule(data)
        return data

    def _clean_band_row(self, data: dict[str, Any], prefix: str) -> bool:
        """Whether a band row was filled in; one filled in without its lower bound is refused
        (a band without one would take every value, on time too)."""
        keys = ("lower", "upper", "points", "fine_yuan", "fine_percent", "step_every")
        filled = any(data.get(f"{prefix}-{k}") is not None for k in keys) or \
            bool(data.get(f"{prefix}-pending"))
        if filled and data.get(f"{prefix}-lower") is None:
            self.add_error(f"{prefix}-lower", _("A band needs its lower bound."))
        return filled

    def _clean_new_rule(self, data: dict[str, Any]) -> None:
        """A new rule's fields that belong together (the engine checks the rest)."""
        from yunwei.core import measures

        kind, measure = data.get("new-kind") or "manual", data.get("new-measure") or ""
        if kind == "rate":
            if measure:
                self.add_error("new-measure", _("A rate over time reads the days late "
                                                "entered by hand: leave this empty."))
            if data.get("new-percent") is None:
                self.add_error("new-percent", _("Give the rate's percentage per step."))
        if kind == "threshold":
            if data.get("new-unit") and measure:
                self.add_error("new-unit", _("A measure has its own unit: leave this empty."))
            if data.get("new-threshold_value") is None:
                self.add_error("new-threshold_value", _("Give the threshold's value."))
        if kind == "band":
            self._clean_new_band(data, measure)
            return
        effects = [data.get(n) for n in ("new-points", "new-fine_yuan", "new-fine_percent",
                                         "new-term_after_days", "new-term_at")]
        effects += [data.get(n) or None for n in ("new-term_always", "new-term_at_cap",
                                                  "new-failed_period", "new-pending")]
        if data.get("new-pending") and (kind not in PENDING_KINDS or (
                kind == "per_event" and not measure)):
            self.add_error("new-pending", _("Only a threshold or a rule per event of a record "
                                            "can be left to the agency's decision."))
        if kind == "rate":
            effects.append(data.get("new-percent"))
        if all(e is None for e in effects):
            self.add_error("new-points", _("A new rule needs an effect: points, a fine, a "
                                           "rate, a termination right, a failed period or "
                                           "the agency's decision."))
        if measure and measure in measures.MEASURES:
            m = measures.MEASURES[measure]
            data["new-measure_spec"] = {"kind": m.kind,
                                        "label": {"zh": m.label_zh, "en": m.label_en}}

    def _clean_new_band(self, data: dict[str, Any], measure: str) -> None:
        """A new band rule: a measure the platform supplies, one of its numbers, at least one
        band (each with its lower bound); the engine refuses overlapping bands."""
        from yunwei.core import measures

        from ..definition import standard_measure

        if not measure:
            self.add_error("new-measure", _("A band rule reads a measure the platform "
                                            "supplies: choose one."))
            return
        numbers = numeric_attributes(self.definition, measure)
        if data.get("new-value") not in numbers:
            self.add_error("new-value", _("Choose a number of the measure “%(measure)s” to "
                                          "band on.") % {"measure": _label(
                                              {"label": {"zh": measures.MEASURES[measure]
                                                         .label_zh, "en": measures.MEASURES[
                                                             measure].label_en}}, measure)})
        filled = [self._clean_band_row(data, f"new-band-{k}") for k in range(NEW_BANDS)]
        if not any(filled):
            self.add_error("new-band-0-lower", _("Give at least one band."))
        spec = standard_measure(measure)
        if spec is not None:
            data["new-measure_spec"] = spec

    def _operand(self, prefix: str, attr: str, op: str, text: str, field: str) -> Any:
        """A condition row's value as the attribute's type wants it (None after an error)."""
        kind = self.attr_types.get((prefix, attr), "text")
        text = text.strip()
        if op == "present" or kind == "bool":
            word = text.lower()
            if word in _YES or (op == "present" and not word):
                return True
            if word in _NO:
                return False
            self.add_error(field, _("Write yes or no."))
            return None
        items = [x for x in re.split(r"[、,，;；\s]+", text) if x] \
            if op in ("in", "not_in") else [text]
        if not items or not all(items):
            self.add_error(field, _("Give the value to compare with."))
            return None
        out = []
        for item in items:
            if kind in ("number", "money", "overdue"):
                try:
                    d = Decimal(item)
                except InvalidOperation:
                    self.add_error(field, _("“%(value)s” is not a number.") % {"value": item})
                    return None
                out.append(int(d) if d == d.to_integral_value() else str(d.normalize()))
            elif kind == "choice":
                out.append(_choice_code(item, self.attr_labels.get((prefix, attr)) or {}))
            else:
                out.append(item)
        return out if op in ("in", "not_in") else out[0]

    def edited(self) -> dict[str, Any]:
        """The definition with the submitted values (not validated: the engine loads it).
        A group of terms (a condition, a cap, a threshold, a band's bounds and step, the
        late-payment clause, the bond) is applied only when one of its fields was changed."""
        values = dict(self.cleaned_data)
        if values.get("base") is None:
            values.pop("base", None)
        changed = set(self.changed_data)
        for name in [n for n in values if n.startswith("rule-")]:
            for suffixes in _GROUPS.values():
                suffix = next((x for x in suffixes if name.endswith("-" + x)), None)
                if suffix is None:
                    continue
                prefix = name[:-len(suffix) - 1]
                if not any(f"{prefix}-{x}" in changed for x in suffixes):
                    values.pop(name)
                elif suffix == "scope" and values.get(name) is None:
                    values[name] = ""
                break
        for group in (self.late_names, [n for n in self.bond_names if n != "fines_from"]):
            if not any(n in changed for n in group):
                for n in group:
                    values.pop(n, None)
        if "fines_from" not in changed:
            values.pop("fines_from", None)
        if "lp-exempt" in values:
            values["lp-exempt"] = [_exempt_code(x) for x in
                                   re.split(r"[、,，;；\n]+", values["lp-exempt"] or "")
                                   if x.strip()]
        for prefix, when in self.whens.items():
            values[f"{prefix}-when"] = when
        for prefix, fields in self.filter_names.items():  # applied only when changed
            chosen = {name: [x for x in re.split(r"[、,，;；\s]+", values.pop(field) or "") if x]
                      for name, field, _zh, _en in fields}
            if any(field in changed for _n, field, _zh, _en in fields):
                values[f"{prefix}-filter"] = {k: v for k, v in chosen.items() if v}
                values[f"{prefix}-filter_spec"] = {name: {"label": {"zh": zh, "en": en}}
                                                   for name, _f, zh, en in fields}
        return apply_edits(self.definition, values)


def _label(spec: Any, name: str) -> str:
    label = (spec or {}).get("label") if isinstance(spec, dict) else None
    english = not (get_language() or "zh").startswith("zh")
    if isinstance(label, dict):
        return str(label.get("en" if english else "zh") or label.get("zh") or name)
    return str(label or name)


def _operand_text(value: Any, labels: dict[str, str] | None = None) -> str:
    """A condition's value as the editor shows it (yes/no, never True/False; a choice by its
    label in Chinese, its words in English; lists with 、)."""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        return "、".join(_operand_text(v, labels) for v in value)
    if value is None:
        return ""
    text = str(value)
    if labels and text in labels and (get_language() or "zh").startswith("zh"):
        return labels[text]
    return text.replace("_", " ") if labels is not None else text


def _choice_code(text: str, labels: dict[str, str]) -> str:
    """A choice as entered (its label, its code, or its code's words) back to its code."""
    for code, label in labels.items():
        if text in (code, label, code.replace("_", " ")):
            return code
    return text.replace(" ", "_") if " " in text else text


def _condition_text(when: Any, attributes: dict[str, Any] | None = None) -> str:
    """A condition in words, for the page (attribute and choice labels when the measure's
    `attributes` are given)."""
    attributes = attributes or {}
    if isinstance(when, dict):
        bits = []
        for key, value in when.items():
            if key in ("all", "any"):
                joiner = gettext(" and ") if key == "all" else gettext(" or ")
                bits.append("(" + joiner.join(_condition_text(v, attributes)
                                              for v in value) + ")")
            elif key == "not":
                bits.append(gettext("not") + " (" + _condition_text(value, attributes) + ")")
            else:
                spec = attributes.get(key) or {}
                labels = {str(k): str(v) for k, v in (spec.get("labels") or {}).items()} \
                    if spec.get("type") == "choice" else None
                ops = value if isinstance(value, dict) else {"eq": value}
                for op, operand in ops.items():
                    bits.append(f"{_label(spec, key)} {OP_LABELS.get(op, op)} "
                                f"{_operand_text(operand, labels)}")
        return gettext(" and ").join(bits)
    return _operand_text(when)


def _exempt_label(code: str) -> str:
    from yunwei.scoring.engine.payments import exempt_label

    return exempt_label(code, english=not (get_language() or "zh").startswith("zh"))


def _exempt_code(text: str) -> str:
    """A reason as entered: the code of a known reason when it is one's label, else the text."""
    from yunwei.scoring.engine.payments import EXEMPT_REASONS

    text = text.strip()
    for code, names in EXEMPT_REASONS.items():
        if text in (code, *names):
            return code
    return text


def _local(label: Any) -> str:
    """A {zh, en} label in the reader's language (the Chinese when it has no English)."""
    if isinstance(label, dict) and not (get_language() or "zh").startswith("zh"):
        return str(label.get("en") or label.get("zh") or "")
    return _zh(label)


def _zh(label: Any) -> str:
    if isinstance(label, dict):
        return str(label.get("zh", ""))
    return str(label or "")


def _bounds_text(part: dict[str, Any]) -> str:
    bits = []
    for key, sign in (("from", "≥"), ("above", ">"), ("to", "≤"), ("below", "<")):
        if key in part:
            bits.append(f"{sign} {Decimal(str(part[key])).normalize():f}")
    return ("，" if (get_language() or "zh").startswith("zh") else ", ").join(bits)
