"""Models of the assessment app."""

from .records import Accident, ManualEntry, Objection, PersonnelRecord, Praise, QuarterEvaluation
from .scheme import Scheme, SchemeRule, SchemeTier

__all__ = [
    "Accident",
    "ManualEntry",
    "Objection",
    "PersonnelRecord",
    "Praise",
    "QuarterEvaluation",
    "Scheme",
    "SchemeRule",
    "SchemeTier",
]
