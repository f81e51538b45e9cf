"""API serializers of the staffing app (read-only; personal data masked by role)."""

from typing import Any

from rest_framework import serializers

from yunwei.core.scoping import roles_on

from ..choices import LeaveKind
from ..models import (
    AttendanceRecord,
    ImportBatch,
    LeaveRequest,
    Person,
    ReplacementRequest,
    RosterChange,
    RosterMonth,
    RosterShift,
    SwapRequest,
)
from ..models.person import PERSONAL_DATA_ROLES


class PersonSerializer(serializers.ModelSerializer):
    """A staff member; ID number and phone masked unless the caller is the contract's agency
    administrator or vendor PM."""

    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "contract", "name", "posts", "employee_no", "id_number", "phone",
                  "entry_status", "entry_decided_at", "active"]

    def _personal(self, obj: Person) -> dict[str, str]:
        user = self.context["request"].user
        cache = self.context.setdefault("_roles", {})
        if obj.contract_id not in cache:
            cache[obj.contract_id] = (PERSONAL_DATA_ROLES if user.is_superuser
                                      else roles_on(user, obj.contract_id))
        return obj.personal(cache[obj.contract_id])

    def get_id_number(self, obj: Person) -> str:
        return self._personal(obj)["id_number"]

    def get_phone(self, obj: Person) -> str:
        return self._personal(obj)["phone"]


class RosterShiftSerializer(serializers.ModelSerializer):
    """A rostered shift."""

    class Meta:
        model = RosterShift
        fields = ["id", "contract", "person", "pattern", "day", "starts", "ends", "published"]


class AttendanceRecordSerializer(serializers.ModelSerializer):
    """An attendance record with its evidence."""

    person_name: Any = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = AttendanceRecord
        fields = ["id", "contract", "person", "person_name", "day", "shift", "kind", "minutes",
                  "evidence", "derived", "note", "derived_kind", "derived_minutes",
                  "corrections", "corrected_by", "corrected_at", "correction_reason"]


class RosterMonthSerializer(serializers.ModelSerializer):
    """A month's roster: draft or published, with the shortfall when published."""

    month = serializers.DateField(format="%Y-%m")

    class Meta:
        model = RosterMonth
        fields = ["id", "contract", "month", "status", "published_at", "published_by",
                  "shortfall_at_publish", "unpublished_at", "unpublished_by", "unpublish_reason"]


class RosterChangeSerializer(serializers.ModelSerializer):
    """A change to a published roster."""

    class Meta:
        model = RosterChange
        fields = ["id", "contract", "roster", "day", "kind", "shift", "person", "other", "by",
                  "at", "note"]


class SwapRequestSerializer(serializers.ModelSerializer):
    """A swap request and where it stands."""

    class Meta:
        model = SwapRequest
        fields = ["id", "contract", "shift", "requester", "colleague", "colleague_shift",
                  "reason", "status", "asked_at", "answered_at", "decided_by", "decided_at",
                  "note", "shortfall_after"]


class SwapAskSerializer(serializers.Serializer):
    """Ask to swap: one's own shift, the colleague, their shift (empty: give it away)."""

    shift = serializers.IntegerField()
    colleague = serializers.IntegerField()
    colleague_shift = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class DecisionSerializer(serializers.Serializer):
    """The colleague's answer (`agree`) or the approver's decision (`approve`, `note`)."""

    agree = serializers.BooleanField(required=False, default=False)
    approve = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PublishSerializer(serializers.Serializer):
    """A contract and a month (YYYY-MM) to publish."""

    contract = serializers.IntegerField()
    month = serializers.CharField(required=False, allow_blank=True, default="")


class FeedSerializer(serializers.Serializer):
    """A person's calendar feed URL (shown once)."""

    url = serializers.URLField()


class UnpublishSerializer(PublishSerializer):
    """A contract, a month (YYYY-MM) and why its published roster is withdrawn."""

    reason = serializers.CharField(allow_blank=True, default="")


class EntrySerializer(serializers.Serializer):
    """The agency's entry check: approve or refuse, with a note on the documents."""

    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class QualificationSerializer(serializers.Serializer):
    """A qualification to record: name, years of experience, expiry, evidence file."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(allow_blank=True)
    years = serializers.IntegerField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


class LeaveRequestSerializer(serializers.ModelSerializer):
    """A leave request and where it stands."""

    class Meta:
        model = LeaveRequest
        fields = ["id", "contract", "person", "kind", "starts", "ends", "reason", "emergency",
                  "asked_at", "in_time", "status", "decided_by", "decided_at",
                  "evidence_required", "has_evidence", "evidence_added_at"]
        read_only_fields = ["contract", "asked_at", "in_time", "status", "decided_by",
                            "decided_at", "evidence_required", "evidence_added_at"]

    # whether the evidence is there; the file itself only on the page (personal data)
    has_evidence = serializers.SerializerMethodField()

    def get_has_evidence(self, obj: LeaveRequest) -> bool:
        """Whether the evidence (a medical certificate) was uploaded."""
        return bool(obj.evidence)


class LeaveAskSerializer(serializers.Serializer):
    """Ask for leave: the person, its kind, from, until, reason, emergency."""

    person = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=LeaveKind.choices, default=LeaveKind.PERSONAL)
    starts = serializers.DateTimeField()
    ends = serializers.DateTimeField()
    reason = serializers.CharField(allow_blank=True)
    emergency = serializers.BooleanField(required=False, default=False)
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


class LeaveEvidenceSerializer(serializers.Serializer):
    """The evidence of a leave (a medical certificate), as multipart."""

    evidence = serializers.FileField()


class ReplacementRequestSerializer(serializers.ModelSerializer):
    """A replacement of a person, with whether the notice was due."""

    class Meta:
        model = ReplacementRequest
        fields = ["id", "contract", "leaving", "joining", "notified_at", "effective_on",
                  "emergency", "reason", "with_notice", "status"]


class ReplacementAskSerializer(serializers.Serializer):
    """Replace `leaving` by `joining` from `effective_on` (an emergency needs a reason)."""

    leaving = serializers.IntegerField()
    joining = serializers.IntegerField()
    effective_on = serializers.DateField()
    emergency = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ShiftAddSerializer(serializers.Serializer):
    """Put a person on a shift pattern on a day."""

    person = serializers.IntegerField()
    pattern = serializers.IntegerField()
    day = serializers.DateField()


class ShiftSwapSerializer(serializers.Serializer):
    """Two rostered shifts whose people exchange them."""

    first = serializers.IntegerField()
    second = serializers.IntegerField()


class ImportSerializer(serializers.Serializer):
    """A clock-in export to import into a contract (`preview`: check only, write nothing)."""

    contract = serializers.IntegerField()
    file = serializers.FileField()
    name_column = serializers.CharField(required=False, allow_blank=True, default="")
    time_column = serializers.CharField(required=False, allow_blank=True, default="")
    preview = serializers.BooleanField(required=False, default=False)


class ImportBatchSerializer(serializers.ModelSerializer):
    """An imported file: its checksum, rows and punches added."""

    class Meta:
        model = ImportBatch
        fields = ["id", "contract", "file_name", "sha256", "format", "rows", "added",
                  "created"]


class DeriveSerializer(serializers.Serializer):
    """A contract and the days to derive attendance for (first, last)."""

    contract = serializers.IntegerField()
    first = serializers.DateField()
    last = serializers.DateField()


class PersonWriteSerializer(serializers.Serializer):
    """A person to add (POST, with `contract`) or the fields to change (PATCH): posts are ids
    of the contract's posts, `user` the id of a member's account."""

    contract = serializers.IntegerField(required=False)
    name = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    posts = serializers.ListField(child=serializers.IntegerField(), required=False)
    user = serializers.IntegerField(required=False, allow_null=True)
    employee_no = serializers.CharField(required=False, allow_blank=True)
    id_number = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    entry_note = serializers.CharField(required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)


class AttendanceCorrectSerializer(serializers.Serializer):
    """A hand correction: the kind (code), minutes late or early, the reason; `seen`, the
    record's `corrections` as the caller read it (a correction made since refuses this one)."""

    kind = serializers.CharField()
    minutes = serializers.IntegerField(required=False, default=0)
    reason = serializers.CharField(allow_blank=True)
    seen = serializers.IntegerField(required=False, allow_null=True, default=None)


class AttendanceEntrySerializer(serializers.Serializer):
    """A day's attendance entered by hand where nothing was derived."""

    person = serializers.IntegerField()
    day = serializers.DateField()
    kind = serializers.CharField()
    minutes = serializers.IntegerField(required=False, default=0)
    reason = serializers.CharField(allow_blank=True)
