"""FilterSets of the staffing app (shared by the UI lists)."""

from yunwei.core.filtersets import ScopedFilterSet

from .models import (
    AttendanceRecord,
    ImportBatch,
    LeaveRequest,
    LeaveRule,
    Person,
    Post,
    ReplacementRequest,
    RosterChange,
    RosterMonth,
    ShiftPattern,
    SpecialPeriod,
    SwapRequest,
)


def _filterset(model: type, fields: list[str]) -> type:
    meta = type("Meta", (), {"model": model, "fields": ["contract", *fields]})
    return type(f"{model.__name__}FilterSet", (ScopedFilterSet,), {
        "Meta": meta, "__doc__": f"Filter {model.__name__} by contract."})


PersonFilterSet = _filterset(Person, ["entry_status", "active"])
PostFilterSet = _filterset(Post, [])
ShiftPatternFilterSet = _filterset(ShiftPattern, ["post"])
SpecialPeriodFilterSet = _filterset(SpecialPeriod, [])
LeaveRequestFilterSet = _filterset(LeaveRequest, ["status", "kind"])
LeaveRuleFilterSet = _filterset(LeaveRule, ["kind"])
ReplacementRequestFilterSet = _filterset(ReplacementRequest, [])
ImportBatchFilterSet = _filterset(ImportBatch, [])
AttendanceRecordFilterSet = _filterset(AttendanceRecord, ["kind", "day"])
SwapRequestFilterSet = _filterset(SwapRequest, ["status"])
RosterMonthFilterSet = _filterset(RosterMonth, ["status"])
RosterChangeFilterSet = _filterset(RosterChange, ["kind", "day"])
