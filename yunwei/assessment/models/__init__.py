"""Models of the assessment app."""

from .payments import PaymentMilestone, PaymentStatus
from .records import Accident, ManualEntry, Objection, PersonnelRecord, Praise, QuarterEvaluation
from .scheme import Scheme

__all__ = [
    "Accident",
    "ManualEntry",
    "Objection",
    "PaymentMilestone",
    "PaymentStatus",
    "PersonnelRecord",
    "Praise",
    "QuarterEvaluation",
    "Scheme",
]
