"""Models of the assessment app."""

from .lpr import LoanPrimeRate, lpr_table
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
    "LoanPrimeRate",
    "ManualEntry",
    "Objection",
    "PaymentMilestone",
    "PaymentStatus",
    "PendingDecision",
    "PersonnelRecord",
    "Praise",
    "QuarterEvaluation",
    "Scheme",
    "lpr_table",
]
