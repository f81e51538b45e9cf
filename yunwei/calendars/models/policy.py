"""SLA policies: targets per level and metric on a calendar, warnings, pause reasons."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunwei.core.formatting import duration_minutes
from yunwei.core.models import AuditedModel
from yunwei.core.scoping import Scope
from yunwei.worktime import format_duration

from ..choices import Metric
from .working import TERMS_SCOPE, WorkingCalendar

#: The longest time limit a target may set: 366 days (a year's target on a 24x7 calendar).
MAX_TARGET_MINUTES = 366 * 24 * 60

_CHILD_SCOPE = Scope(contract_field="policy__contract", roles=TERMS_SCOPE.roles)


class SlaPolicy(AuditedModel):
    """A contract's service levels (one contract may keep several, e.g. per service line)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="sla_policies", verbose_name=_("contract"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    scope = TERMS_SCOPE

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ("contract", "name")
        constraints = [models.UniqueConstraint(fields=["contract", "name"],
                                               name="slapolicy_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("calendars:slapolicy_detail", args=[self.pk])


class SlaTarget(AuditedModel):
    """One target: for a priority or incident level, a metric within a time on a calendar."""

    policy = models.ForeignKey(SlaPolicy, models.CASCADE, related_name="targets",
                               verbose_name=_("SLA policy"))
    level_code = models.SlugField(_("level code"), max_length=32,
                                  help_text=_("e.g. urgent, normal, L1 … L4"))
    level_name = models.CharField(_("level"), max_length=50)
    metric = models.CharField(_("metric"), max_length=16, choices=Metric.choices)
    minutes = models.PositiveIntegerField(
        _("time limit (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(
            MAX_TARGET_MINUTES,
            _("A time limit can be at most 366 days (%(limit_value)s minutes)."))],
        help_text=_("e.g. 5 for first-line response, 240 for on site in 4 h, 480 for 8 h."))
    calendar = models.ForeignKey(WorkingCalendar, models.PROTECT, related_name="targets",
                                 verbose_name=_("calendar"))
    warn_percent = models.PositiveSmallIntegerField(
        _("warning at (%)"), default=75, validators=[MinValueValidator(1), MaxValueValidator(100)])
    clause = models.CharField(_("contract clause"), max_length=200, blank=True)

    scope = _CHILD_SCOPE

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        ordering = ("policy", "level_code", "metric")
        constraints = [
            models.UniqueConstraint(fields=["policy", "level_code", "metric"],
                                    name="slatarget_unique_metric"),
            models.CheckConstraint(condition=models.Q(minutes__gte=1),
                                   name="slatarget_minutes_gte_1"),
        ]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        lang = "en" if (get_language() or "").startswith("en") else "zh"
        return (f"{self.level_name} · {self.get_metric_display()} · "
                f"{duration_minutes(self.minutes, lang)}")

    def get_absolute_url(self) -> str:
        return reverse("calendars:slatarget_detail", args=[self.pk])

    def clean(self) -> None:
        if self.calendar_id and self.policy_id and (
                self.calendar.contract_id != self.policy.contract_id):
            raise ValidationError({"calendar": _("The calendar belongs to another contract.")})

    def audit_contract_id(self) -> int | None:
        return self.policy.contract_id if self.policy_id else None

    def save(self, *args: object, **kwargs: object) -> None:
        """Save, and record the terms as a new version when they changed (effective now)."""
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        latest = self.versions.order_by("-effective_from", "-id").first()
        if latest is None or latest.terms() != SlaTargetVersion.terms_of(self):
            SlaTargetVersion.objects.create(
                target=self, effective_from=timezone.now(), minutes=self.minutes,
                calendar_id=self.calendar_id, warn_percent=self.warn_percent,
                clause=self.clause)

    def terms_at(self, at: object) -> SlaTargetVersion:
        """The version of the terms in force at `at` (the first one for an earlier instant):
        the clock of an order keeps the terms in force when the order was reported.

        Reads the versions prefetched with `calendars.actions.clock_targets()` when there."""
        versions = sorted(self.versions.all(), key=lambda v: (v.effective_from, v.id))
        if not versions:
            raise SlaTargetVersion.DoesNotExist(f"target {self.pk} has no terms")
        chosen = versions[0]
        for version in versions:
            if version.effective_from <= at:  # type: ignore[operator]
                chosen = version
        return chosen


class SlaTargetVersion(AuditedModel):
    """The terms of an SLA target from an effective time on (never edited: an edit of the
    target adds a version; clocks keep the version they started under)."""

    target = models.ForeignKey(SlaTarget, models.CASCADE, related_name="versions",
                               verbose_name=_("SLA target"))
    effective_from = models.DateTimeField(_("effective from"))
    minutes = models.PositiveIntegerField(_("time limit (minutes)"))
    calendar = models.ForeignKey(WorkingCalendar, models.PROTECT, related_name="target_versions",
                                 verbose_name=_("calendar"))
    warn_percent = models.PositiveSmallIntegerField(_("warning at (%)"))
    clause = models.CharField(_("contract clause"), max_length=200, blank=True)

    scope = Scope(contract_field="target__policy__contract",
                  roles={"view": TERMS_SCOPE.roles["view"]})

    class Meta:
        verbose_name = _("SLA terms version")
        verbose_name_plural = _("SLA terms versions")
        ordering = ("target", "effective_from", "id")

    def __str__(self) -> str:
        return (f"{self.target_id} {format_duration(self.minutes * 60)} "
                f"({timezone.localtime(self.effective_from):%Y-%m-%d %H:%M})")

    @staticmethod
    def terms_of(obj: object) -> tuple[object, ...]:
        """The compared terms of a target or a version."""
        return (obj.minutes, obj.calendar_id, obj.warn_percent, obj.clause)  # type: ignore[attr-defined]

    def terms(self) -> tuple[object, ...]:
        """This version's terms, comparable with terms_of(target)."""
        return self.terms_of(self)

    def audit_contract_id(self) -> int | None:
        return self.target.policy.contract_id if self.target_id else None


class PauseReason(AuditedModel):
    """A reason for which a clock may be paused (e.g. waiting for the requester)."""

    policy = models.ForeignKey(SlaPolicy, models.CASCADE, related_name="pause_reasons",
                               verbose_name=_("SLA policy"))
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    needs_approval = models.BooleanField(_("needs the requester's approval"), default=False)

    scope = _CHILD_SCOPE

    class Meta:
        verbose_name = _("pause reason")
        verbose_name_plural = _("pause reasons")
        ordering = ("policy", "code")
        constraints = [models.UniqueConstraint(fields=["policy", "code"],
                                               name="pausereason_unique_code")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("calendars:pausereason_detail", args=[self.pk])

    def audit_contract_id(self) -> int | None:
        return self.policy.contract_id if self.policy_id else None
