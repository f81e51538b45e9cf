"""Models of the operations app."""

from .accident import Accident
from .procedure import AccidentEvidence, AccidentItem, AccidentStep
from .records import Change, OperationsRecord, Vulnerability
from .terms import AccidentLevel, OperationsPolicy, OperationsTerm, VulnerabilityDeadline

__all__ = ["Accident", "AccidentEvidence", "AccidentItem", "AccidentLevel", "AccidentStep",
           "Change", "OperationsPolicy", "OperationsRecord", "OperationsTerm", "Vulnerability",
           "VulnerabilityDeadline"]
