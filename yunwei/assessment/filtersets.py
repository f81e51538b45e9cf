"""FilterSets of the assessment app."""

import django_filters

from yunwei.core.filtersets import ScopedFilterSet

from .models import (
    Accident,
    ManualEntry,
    Objection,
    PaymentMilestone,
    PersonnelRecord,
    Praise,
    QuarterEvaluation,
    Scheme,
)


def _filterset(model: type, extra: list[str] | None = None) -> type:
    meta = type("Meta", (), {"model": model, "fields": ["contract", *(extra or [])]})
    return type(f"{model.__name__}FilterSet", (ScopedFilterSet,), {"Meta": meta})


SchemeFilterSet = _filterset(Scheme)
AccidentFilterSet = _filterset(Accident, ["level"])
PersonnelRecordFilterSet = _filterset(PersonnelRecord, ["kind"])
QuarterEvaluationFilterSet = _filterset(QuarterEvaluation, ["rating"])
PraiseFilterSet = _filterset(Praise, ["checked"])
ManualEntryFilterSet = _filterset(ManualEntry)
ObjectionFilterSet = _filterset(Objection, ["status"])
PaymentMilestoneFilterSet = _filterset(PaymentMilestone, ["status"])

__all__ = ["django_filters"]
