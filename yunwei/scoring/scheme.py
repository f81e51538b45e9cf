"""Assessment schemes as data: rules, fine tiers, options."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Rule:
    """One deduction or reward rule of a scheme."""

    code: str
    category: str  # personnel, work_order, accident, evaluation, reward
    description: str
    points: Decimal  # per occurrence; negative deducts, positive rewards
    fine_percent: Decimal = Decimal(0)  # of the contract amount, per occurrence
    trigger: str = "auto"  # auto (from platform records) or manual (entered with evidence)
    interpretation: str = ""  # how the clause is read, in Chinese
    interpretation_en: str = ""  # the same in English


@dataclass(frozen=True)
class Tier:
    """An annual result band: lower <= score < upper (None = unbounded)."""

    lower: Decimal | None
    upper: Decimal | None
    fine_percent: Decimal
    label: str

    def contains(self, score: Decimal) -> bool:
        return (self.lower is None or score >= self.lower) and (
            self.upper is None or score < self.upper)


@dataclass(frozen=True)
class Scheme:
    """A contract's assessment scheme."""

    code: str
    name: str
    base: Decimal
    rules: tuple[Rule, ...]
    tiers: tuple[Tier, ...]
    options: dict[str, object] = field(default_factory=dict)

    def rule(self, code: str) -> Rule:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)

    def tier_for(self, score: Decimal) -> Tier:
        for tier in self.tiers:
            if tier.contains(score):
                return tier
        raise ValueError(f"no tier contains {score}")
