"""API serializers of the deliverables app: the register, owed documents and their versions,
acceptances with their findings and opinions, and the bodies of each step."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yunwei.core.api.serializers import ScopedModelSerializer
from yunwei.core.roles import Role

from ..models import Acceptance, Deliverable, DocumentType, Finding, Opinion, Submission


def _other_contract(field: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: "请选择本合同自己的 / choose one of this "
                                               "contract's own"})


class DocumentTypeSerializer(ScopedModelSerializer):
    """A document type of the register (the contract's terms, set by the agency)."""

    class Meta:
        model = DocumentType
        fields = ["id", "contract", "name", "frequency", "fixed_date", "due_workdays",
                  "calendar", "reviewer_role", "review_workdays", "deemed_approval",
                  "rework_workdays", "missing_workdays", "generated_report", "active"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        contract = attrs.get("contract") or getattr(self.instance, "contract", None)
        calendar = attrs.get("calendar")
        if calendar is not None and contract is not None and calendar.contract_id != contract.pk:
            raise _other_contract("calendar")
        if self.instance is not None and "contract" in attrs and \
                attrs["contract"].pk != self.instance.contract_id:
            raise serializers.ValidationError({"contract": "不能改到另一份合同 / cannot move "
                                                           "to another contract"})
        frequency = attrs.get("frequency", getattr(self.instance, "frequency", None))
        fixed = attrs.get("fixed_date", getattr(self.instance, "fixed_date", None))
        if frequency == "once" and fixed is None:
            raise serializers.ValidationError({"fixed_date": "一次性文档需要填写日期 / a "
                                                             "one-off document needs its date"})
        return attrs


class SubmissionSerializer(serializers.ModelSerializer):
    """A submitted version and the reviewer's decision on it (the file is downloaded from
    `download`)."""

    download = serializers.SerializerMethodField()
    # blank while the version is under review (an enum would not allow "")
    decision = serializers.CharField(
        read_only=True, help_text="approved, returned, deemed, or empty while under review")

    class Meta:
        model = Submission
        fields = ["id", "contract", "deliverable", "version", "name", "note", "submitted_by",
                  "submitted_at", "decision", "comments", "reviewed_by", "reviewed_at",
                  "download"]
        read_only_fields = fields

    def get_download(self, obj: Submission) -> str:
        return obj.get_absolute_url()


class DeliverableSerializer(serializers.ModelSerializer):
    """An owed document of one period: due date, state, review and rework deadlines."""

    document_type_name = serializers.CharField(source="document_type.name", read_only=True)

    class Meta:
        model = Deliverable
        fields = ["id", "contract", "document_type", "document_type_name", "period_start",
                  "period_end", "due_date", "status", "version", "submitted_at",
                  "submitted_late", "review_deadline", "rework_deadline", "comments", "returns",
                  "approved_on", "flags"]
        read_only_fields = fields


class SubmitSerializer(serializers.Serializer):
    """The vendor's version: the file and a note (multipart)."""

    file = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ReviewSerializer(serializers.Serializer):
    """The reviewer's decision: approve, or return with comments (required to return)."""

    decision = serializers.ChoiceField(choices=["approve", "return"])
    comments = serializers.CharField(required=False, allow_blank=True, default="",
                                     max_length=5000)


class FindingSerializer(serializers.ModelSerializer):
    """A defect found in acceptance, its deadline and rectification."""

    class Meta:
        model = Finding
        fields = ["id", "contract", "acceptance", "text", "deadline", "raised_by",
                  "rectified_on", "rectification"]
        read_only_fields = fields


class OpinionSerializer(serializers.ModelSerializer):
    """A reviewer's opinion (an expert's recorded by the agency)."""

    class Meta:
        model = Opinion
        fields = ["id", "reviewer", "reviewer_role", "opinion", "passed", "recorded_by"]
        read_only_fields = fields


class AcceptanceSerializer(ScopedModelSerializer):
    """An acceptance and its terms (the agency's); the steps are actions of their own."""

    findings = FindingSerializer(many=True, read_only=True)
    opinions = OpinionSerializer(many=True, read_only=True)

    class Meta:
        model = Acceptance
        fields = ["id", "contract", "kind", "name", "required_types", "organise_by",
                  "deemed_after_workdays", "requested_on", "deemed_on", "status", "result",
                  "agency_signed_by", "agency_signed_at", "vendor_signed_by",
                  "vendor_signed_at", "passed_on", "findings", "opinions"]
        read_only_fields = ["requested_on", "deemed_on", "status", "result",
                            "agency_signed_by", "agency_signed_at", "vendor_signed_by",
                            "vendor_signed_at", "passed_on"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        contract = attrs.get("contract") or getattr(self.instance, "contract", None)
        if self.instance is not None and "contract" in attrs and \
                attrs["contract"].pk != self.instance.contract_id:
            raise serializers.ValidationError({"contract": "不能改到另一份合同 / cannot move "
                                                           "to another contract"})
        types = attrs.get("required_types") or []
        if contract is not None and any(t.contract_id != contract.pk for t in types):
            raise _other_contract("required_types")
        return attrs


class OpinionBodySerializer(serializers.Serializer):
    """A reviewer's opinion, recorded by the agency."""

    reviewer = serializers.CharField(max_length=100)
    reviewer_role = serializers.ChoiceField(choices=[Role.EXPERT, Role.SUPERVISOR,
                                                     Role.AGENCY_ADMIN])
    opinion = serializers.CharField(max_length=5000)
    passed = serializers.BooleanField(default=True)


class FindingBodySerializer(serializers.Serializer):
    """A finding and its rectification deadline."""

    text = serializers.CharField(max_length=5000)
    deadline = serializers.DateField()


class SignBodySerializer(serializers.Serializer):
    """The agency decides (passed true/false, with the result); the vendor countersigns
    (no `passed`)."""

    passed = serializers.BooleanField(required=False, allow_null=True, default=None)
    result = serializers.CharField(required=False, allow_blank=True, default="",
                                   max_length=5000)


class RectifyBodySerializer(serializers.Serializer):
    """What the vendor did about a finding."""

    rectification = serializers.CharField(max_length=5000)
