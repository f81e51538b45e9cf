"""Models of the assessment app."""

from .payments import PaymentMilestone, PaymentStatus
from .records import (
    Accident,
    ManualEntry,
    Objection,
    PendingDecision,
    PersonnelRecord,
    Praise,
    QuarterEvaluation,
)
from .scheme import Scheme

__all__ = [
    "Accident",
    "ManualEntry",
    "Objection",
    "PaymentMilestone",
    "PaymentStatus",
    "PendingDecision",
    "PersonnelRecord",
    "Praise",
    "QuarterEvaluation",
    "Scheme",
]
