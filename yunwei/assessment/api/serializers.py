"""API serializers of the assessment app: schemes (read), objections, the bodies of the
agency's answer and decision, and a period's score with its lines."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yunwei.core.api.serializers import ScopedModelSerializer

from ..choices import ObjectionStatus
from ..models import Objection, PendingDecision, Scheme


class SchemeSerializer(serializers.ModelSerializer):
    """A contract's assessment scheme (its rules and tiers are the definition, edited on the
    scheme's rules page)."""

    class Meta:
        model = Scheme
        fields = ["id", "contract", "name", "base", "final_payment", "guarantee", "fines_from"]
        read_only_fields = fields


class ObjectionSerializer(ScopedModelSerializer):
    """The vendor's objection to a line (rule code and evidence as the score page shows them,
    or the evidence reference `app_label.model:pk`), and the agency's answer. Rule, evidence
    and text are checked by the action (400 with the reason in Chinese and English)."""

    rule = serializers.CharField(required=False, allow_blank=True, default="",
                                 trim_whitespace=False)
    evidence = serializers.CharField(required=False, allow_blank=True, default="",
                                     trim_whitespace=False)
    text = serializers.CharField(required=False, allow_blank=True, default="",
                                 trim_whitespace=False)
    filed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    answered_by = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                               allow_null=True)

    class Meta:
        model = Objection
        fields = ["id", "contract", "rule", "evidence", "text", "filed_by", "status", "answer",
                  "answered_by", "answered_at", "created"]
        read_only_fields = ["status", "answer", "answered_by", "answered_at", "created"]


class ObjectionEditSerializer(serializers.Serializer):
    """What who filed an objection may change while it is open (missing keys keep their
    value)."""

    rule = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    evidence = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class AnswerSerializer(serializers.Serializer):
    """The agency's answer to an objection: accepted (the line is withdrawn) or rejected."""

    status = serializers.ChoiceField(choices=[ObjectionStatus.ACCEPTED,
                                              ObjectionStatus.REJECTED])
    answer = serializers.CharField(required=False, allow_blank=True, default="",
                                   trim_whitespace=False)


class DecisionBodySerializer(serializers.Serializer):
    """The agency's decision on a pending line (待甲方决定) of a period: `rule` is the line's
    code and `ref` its key, as the score answer gives them; count it (`deduct`, with the
    points, signed as shown, and/or a fine in yuan) or not, with a reason."""

    period = serializers.CharField(max_length=32)
    rule = serializers.CharField(max_length=32)
    ref = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    deduct = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   trim_whitespace=False)
    points = serializers.DecimalField(max_digits=8, decimal_places=2, required=False,
                                      default=0)
    fine = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, default=0)


class PendingDecisionSerializer(serializers.ModelSerializer):
    """A decision taken on a pending line."""

    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PendingDecision
        fields = ["id", "contract", "period", "rule", "ref", "deduct", "points", "fine",
                  "reason", "decided_by", "decided_at"]


class EvidenceSerializer(serializers.Serializer):
    """One piece of a line's evidence: its reference and what a person reads."""

    ref = serializers.CharField()
    label = serializers.CharField()


class LineSerializer(serializers.Serializer):
    """A line of a period's score: `code` and `key` name it for an objection or a decision."""

    code = serializers.CharField()
    rule = serializers.CharField()
    key = serializers.CharField()
    points = serializers.DecimalField(max_digits=12, decimal_places=2)
    fine = serializers.DecimalField(max_digits=14, decimal_places=2)
    pending = serializers.BooleanField()
    withdrawn = serializers.BooleanField(help_text="withdrawn by an accepted objection")
    decided = serializers.BooleanField(help_text="decided by the agency (was pending)")
    explanation = serializers.CharField()
    explanation_en = serializers.CharField()
    evidence = EvidenceSerializer(many=True)


class ScoreSerializer(serializers.Serializer):
    """One period's score: score, tier, fines, whether the statement is a draft, the lines."""

    period = serializers.CharField()
    periods = serializers.ListField(child=serializers.CharField())
    score = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    tier = serializers.CharField(allow_blank=True)
    tier_en = serializers.CharField(allow_blank=True)
    tier_pending = serializers.BooleanField()
    rule_fines = serializers.DecimalField(max_digits=14, decimal_places=2)
    tier_fine = serializers.DecimalField(max_digits=14, decimal_places=2)
    fines = serializers.DecimalField(max_digits=14, decimal_places=2)
    draft = serializers.BooleanField()
    lines = LineSerializer(many=True)


def score_data(assessment: Any, period: Any) -> dict[str, Any]:
    """The score answer of one period (before serialization)."""
    from ..compute import line_key

    code = period.period.code
    lines = []
    for line in period.lines:
        key = line_key(line)
        lines.append({
            "code": line.code, "rule": getattr(line, "rule", line.code), "key": key,
            "points": line.points, "fine": line.fine, "pending": bool(line.pending),
            "withdrawn": (code, line.code, key) in assessment.withdrawn,
            "decided": (code, line.code, key) in assessment.decided,
            "explanation": line.zh, "explanation_en": line.en,
            "evidence": [{"ref": ev.ref, "label": ev.label or ev.ref} for ev in line.evidence],
        })
    return {
        "period": code, "periods": [p.period.code for p in assessment.result.periods],
        "score": period.score, "tier": period.tier.zh if period.tier else "",
        "tier_en": period.tier.en if period.tier else "",
        "tier_pending": bool(period.tier_pending), "rule_fines": period.rule_fines,
        "tier_fine": period.tier_fine, "fines": period.fines,
        "draft": bool(period.tier_pending or any(line.pending for line in period.lines)),
        "lines": lines,
    }


class SchemeAddSerializer(serializers.Serializer):
    """A new scheme for a contract that has none, copied from a built-in template (blank when
    `template` is empty), with the money it settles."""

    contract = serializers.IntegerField()
    template = serializers.CharField(required=False, allow_blank=True, default="")
    final_payment = serializers.DecimalField(max_digits=16, decimal_places=2)
    guarantee = serializers.BooleanField(required=False, default=False)


class SchemeEditSerializer(serializers.Serializer):
    """A scheme's own fields as its form edits them (missing keys keep their value);
    `level_map` maps an SLA level code to a class of the scheme's time limits."""

    name = serializers.CharField(required=False)
    base = serializers.DecimalField(max_digits=8, decimal_places=2, required=False)
    final_payment = serializers.DecimalField(max_digits=16, decimal_places=2, required=False)
    guarantee = serializers.BooleanField(required=False)
    level_map = serializers.DictField(child=serializers.CharField(), required=False)


class SchemeDetailSerializer(SchemeSerializer):
    """A scheme with its definition (the engine's format) and contract periods."""

    definition = serializers.SerializerMethodField(
        help_text="The definition as exchanged: the stored one with the contract's payment "
                  "milestones written into payments.milestones (their terms, not their facts).")
    periods = serializers.SerializerMethodField()
    level_map = serializers.SerializerMethodField()

    class Meta(SchemeSerializer.Meta):
        fields = [*SchemeSerializer.Meta.fields, "template", "definition", "periods",
                  "level_map"]
        read_only_fields = fields

    def get_definition(self, obj: Scheme) -> dict[str, Any]:
        from ..definition import with_milestones
        from ..models import PaymentMilestone

        rows = list(PaymentMilestone.objects.filter(contract=obj.contract_id).order_by("seq"))
        return with_milestones(obj.definition or {}, rows)

    def get_periods(self, obj: Scheme) -> Any:
        return (obj.options or {}).get("periods")

    def get_level_map(self, obj: Scheme) -> dict[str, str]:
        return (obj.options or {}).get("level_map", {})


class PeriodRangeSerializer(serializers.Serializer):
    """One explicit assessment period of the contract."""

    code = serializers.CharField(max_length=32)
    start = serializers.DateField()
    end = serializers.DateField()


class PeriodsSerializer(serializers.Serializer):
    """The contract's explicit periods (as the rules editor enters them) and fees by code."""

    ranges = PeriodRangeSerializer(many=True, required=False, default=list)
    fees = serializers.DictField(child=serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=0), required=False, default=dict)

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        ranges = sorted(value["ranges"], key=lambda r: r["start"])
        if not ranges:
            return {}
        return {"ranges": [{"code": r["code"], "start": r["start"].isoformat(),
                            "end": r["end"].isoformat()} for r in ranges],
                "fees": {c: str(fee) for c, fee in value["fees"].items()}}


class DefinitionBodySerializer(serializers.Serializer):
    """A scheme's definition in the engine's format (as `definition` in the scheme's answer)
    and, optionally, its contract periods; checked by the engine before anything is saved."""

    definition = serializers.JSONField()
    periods = PeriodsSerializer(required=False, allow_null=True, default=None)


class PreviewSerializer(serializers.Serializer):
    """The last closed period computed with an edited definition (nothing saved) beside the
    saved one's; `period` is empty while no period has ended."""

    period = serializers.CharField(allow_blank=True)
    preview = ScoreSerializer(allow_null=True)
    current = ScoreSerializer(allow_null=True)


class RefusalSerializer(serializers.Serializer):
    """Why no statement can be made, in Chinese and English."""

    detail = serializers.CharField()
    detail_en = serializers.CharField()
    request_id = serializers.CharField()
