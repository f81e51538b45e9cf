"""Tables of the staffing app (ID numbers and phones are never listed)."""

import django_tables2 as tables

from .models import (
    AttendanceRecord,
    ImportBatch,
    LeaveRequest,
    LeaveRule,
    Person,
    Post,
    ReplacementRequest,
    ShiftPattern,
    SpecialPeriod,
    SwapRequest,
)


class PersonTable(tables.Table):
    """Staff."""

    name = tables.Column(linkify=True)

    class Meta:
        model = Person
        fields = ("name", "employee_no", "entry_status", "active", "contract")


class PostTable(tables.Table):
    """Posts."""

    name = tables.Column(linkify=True)

    class Meta:
        model = Post
        fields = ("name", "calendar", "qualifications", "contract")


class ShiftPatternTable(tables.Table):
    """Shift patterns."""

    name = tables.Column(linkify=True)

    class Meta:
        model = ShiftPattern
        fields = ("post", "name", "start", "end", "days", "headcount", "contract")


class SpecialPeriodTable(tables.Table):
    """Special-period duty."""

    name = tables.Column(linkify=True)

    class Meta:
        model = SpecialPeriod
        fields = ("name", "pattern", "first_day", "last_day", "extra_headcount", "contract")


class LeaveRequestTable(tables.Table):
    """Leave requests."""

    person = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = LeaveRequest
        fields = ("person", "kind", "starts", "ends", "emergency", "status", "asked_at",
                  "contract")


class LeaveRuleTable(tables.Table):
    """Leave rules of the contracts."""

    kind = tables.Column(linkify=True)

    class Meta:
        model = LeaveRule
        fields = ("kind", "notice_hours", "emergency_hours", "days_per_year", "contract")


class ReplacementRequestTable(tables.Table):
    """Replacement requests."""

    leaving = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = ReplacementRequest
        fields = ("leaving", "joining", "effective_on", "emergency", "with_notice", "contract")


class ImportBatchTable(tables.Table):
    """Attendance imports."""

    file_name = tables.Column(linkify=True)

    class Meta:
        model = ImportBatch
        fields = ("file_name", "format", "rows", "added", "created", "contract")


class AttendanceRecordTable(tables.Table):
    """Attendance records."""

    day = tables.Column(linkify=True)

    class Meta:
        model = AttendanceRecord
        fields = ("day", "person", "kind", "minutes", "derived", "evidence", "contract")


class SwapRequestTable(tables.Table):
    """Swap requests."""

    shift = tables.Column(linkify=lambda record: record.get_absolute_url())
    asked_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta:
        model = SwapRequest
        fields = ("shift", "requester", "colleague", "colleague_shift", "status", "asked_at")
