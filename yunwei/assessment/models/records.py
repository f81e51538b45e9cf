"""Records entered by the agency or the supervisor, with evidence, and the vendor's objections."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope

from ..choices import EvaluationRating, ObjectionStatus, PersonnelKind, PraiseLevel


def _paren(name: object, what: object) -> str:
    """"SG-1（三级）" in Chinese, "SG-1 (Level 3)" in English."""
    from django.utils.translation import get_language

    if (get_language() or "zh").startswith("zh"):
        return f"{name}（{what}）"
    return f"{name} ({what})"


_RECORDERS = frozenset({Role.AGENCY_ADMIN, Role.AGENCY_LIAISON, Role.SUPERVISOR})
RECORD_SCOPE = Scope(contract_field="contract",
                     roles={"view": ALL_ROLES - {Role.REQUESTER}, "add": _RECORDERS,
                            "change": _RECORDERS, "delete": frozenset({Role.AGENCY_ADMIN})})


class _Record(AuditedModel):
    """Common fields: the contract, the evidence (a reference or a file), who entered it."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    evidence = models.CharField(_("evidence (reference)"), max_length=300, blank=True)
    evidence_file = models.FileField(_("evidence (file)"), upload_to="evidence/%Y/%m/",
                                     blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("entered by"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    scope = RECORD_SCOPE

    class Meta:
        abstract = True

    def clean(self) -> None:
        if not (self.evidence or "").strip() and not self.evidence_file:
            raise ValidationError(_("Give a reference or attach a file as evidence."))


class Accident(_Record):
    """An accident (事故) with its level and the time its analysis report came in."""

    ref = models.CharField(_("reference"), max_length=50)
    level = models.PositiveSmallIntegerField(_("level"), choices=[(1, "一级"), (2, "二级"),
                                                                  (3, "三级")])
    occurred_at = models.DateTimeField(_("occurred at"))
    report_submitted_at = models.DateTimeField(_("analysis report submitted at"), null=True,
                                               blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("accident")
        verbose_name_plural = _("accidents")
        ordering = ("-occurred_at",)

    def __str__(self) -> str:
        return _paren(self.ref, self.get_level_display())

    def get_absolute_url(self) -> str:
        return reverse("assessment:accident_detail", args=[self.pk])


class PersonnelRecord(_Record):
    """An attendance or staffing record (until the attendance module exists)."""

    kind = models.CharField(_("kind"), max_length=32, choices=PersonnelKind.choices)
    person = models.CharField(_("person"), max_length=100)
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes late or early"), default=0)

    class Meta:
        verbose_name = _("personnel record")
        verbose_name_plural = _("personnel records")
        ordering = ("-date", "person")
        indexes = [models.Index(fields=["contract", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.person} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:personnelrecord_detail", args=[self.pk])


class QuarterEvaluation(_Record):
    """A served unit's quarterly evaluation."""

    quarter = models.CharField(_("quarter"), max_length=10, help_text="2026Q1")
    unit = models.CharField(_("served unit"), max_length=100)
    rating = models.CharField(_("rating"), max_length=16, choices=EvaluationRating.choices)

    class Meta:
        verbose_name = _("quarterly evaluation")
        verbose_name_plural = _("quarterly evaluations")
        ordering = ("-quarter", "unit")

    def __str__(self) -> str:
        return f"{self.quarter} {self.unit} {self.get_rating_display()}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:quarterevaluation_detail", args=[self.pk])


class Praise(_Record):
    """A praise; granted after the agency checks it; one event earns only its highest."""

    event = models.CharField(_("event"), max_length=200)
    level = models.CharField(_("praised by"), max_length=16, choices=PraiseLevel.choices)
    date = models.DateField(_("date"))
    checked = models.BooleanField(_("checked by the agency"), default=False)

    class Meta:
        verbose_name = _("praise")
        verbose_name_plural = _("praises")
        ordering = ("-date",)

    def __str__(self) -> str:
        return _paren(self.event, self.get_level_display())

    def get_absolute_url(self) -> str:
        return reverse("assessment:praise_detail", args=[self.pk])


class ManualEntry(_Record):
    """A deduction of a manual rule (e.g. forged signature) with its evidence."""

    rule = models.CharField(_("rule code"), max_length=32)
    date = models.DateField(_("date"))
    count = models.PositiveSmallIntegerField(_("count"), default=1)
    value = models.DecimalField(
        _("period's value"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("For a threshold on a value entered by hand: the period's value (e.g. 87 "
                    "for a satisfaction survey of 87 %)."))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("manual deduction")
        verbose_name_plural = _("manual deductions")
        ordering = ("-date",)

    def __str__(self) -> str:
        return f"{self.date} {self.rule} × {self.count}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:manualentry_detail", args=[self.pk])


class Objection(AuditedModel):
    """The vendor objects to a line; the agency answers; both are kept."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    rule = models.CharField(_("rule code"), max_length=32)
    evidence = models.CharField(_("line (evidence)"), max_length=300)
    text = models.TextField(_("objection"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("filed by"))
    status = models.CharField(_("status"), max_length=16, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    scope = Scope(contract_field="contract",
                  roles={"view": ALL_ROLES - {Role.REQUESTER},
                         "add": frozenset({Role.VENDOR_PM}),
                         "change": frozenset({Role.AGENCY_ADMIN})})

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.rule} {self.evidence}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:objection_detail", args=[self.pk])


class PendingDecision(AuditedModel):
    """The agency's decision on a line the scheme leaves to it (待甲方决定), keyed by the
    line's rule, its evidence reference and the period; applied when the period is assessed."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+",
                                 verbose_name=_("contract"))
    period = models.CharField(_("period"), max_length=32)
    rule = models.CharField(_("rule code"), max_length=32)
    ref = models.CharField(_("line (evidence)"), max_length=300)
    deduct = models.BooleanField(_("deduct"))
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2, default=0)
    fine = models.DecimalField(_("fine (yuan)"), max_digits=12, decimal_places=2, default=0)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"))

    scope = Scope(contract_field="contract",
                  roles={"view": ALL_ROLES - {Role.REQUESTER},
                         "add": frozenset({Role.AGENCY_ADMIN}),
                         "change": frozenset({Role.AGENCY_ADMIN})})

    class Meta:
        verbose_name = _("decision on a pending line")
        verbose_name_plural = _("decisions on pending lines")
        ordering = ("period", "rule", "ref")
        constraints = [models.UniqueConstraint(fields=["contract", "period", "rule", "ref"],
                                               name="assessment_decision_per_line")]

    def __str__(self) -> str:
        return f"{self.period} {self.rule} {self.ref}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:scheme_list")
