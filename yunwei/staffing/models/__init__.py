"""Models of the staffing app."""

from .attendance import AttendanceRecord, ImportBatch, Punch
from .person import LeaveRequest, Person, Qualification, ReplacementRequest
from .roster import RosterChange, RosterMonth, RosterShift, SwapRequest
from .terms import LeaveRule, Post, ShiftPattern, SpecialPeriod, StaffingTerms

__all__ = ["AttendanceRecord", "ImportBatch", "LeaveRequest", "LeaveRule", "Person", "Post",
           "Punch", "Qualification", "ReplacementRequest", "RosterChange", "RosterMonth",
           "RosterShift", "ShiftPattern", "SpecialPeriod", "StaffingTerms", "SwapRequest"]
