"""Operations records: backups, restore tests, drills, duties, trainings; changes;
vulnerabilities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from .. import rules
from ..choices import ChangeState, RecordKind, Result, Risk, Severity
from .scopes import RECORDS

USER = settings.AUTH_USER_MODEL


class OperationsRecord(AuditedModel):
    """A piece of routine work counted per period (a backup, a restore test, a drill …)."""

    contract = models.ForeignKey("contracts.Contract", models.PROTECT,
                                 related_name="operations_records", verbose_name=_("contract"))
    kind = models.CharField(_("kind"), max_length=16, choices=RecordKind.choices)
    title = models.CharField(_("title"), max_length=200)
    performed_at = models.DateTimeField(_("performed at"))
    scope_text = models.TextField(
        _("scope"), blank=True,
        help_text=_("Backup job and scope, what was restored, the drill's plan and scenario …"))
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    result = models.CharField(_("result"), max_length=8, choices=Result.choices,
                              default=Result.SUCCESS)
    verified_by = models.CharField(_("verified by"), max_length=100, blank=True)
    file = models.FileField(_("report or evidence"), upload_to="operations/%Y/%m/", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    scope = RECORDS

    class Meta:
        verbose_name = _("operations record")
        verbose_name_plural = _("operations records")
        ordering = ("-performed_at", "-id")
        indexes = [models.Index(fields=["contract", "kind", "performed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.performed_at:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("operations:operationsrecord_detail", args=[self.pk])


class Change(AuditedModel):
    """A change: request, risk, the agency's approval, window, result and rollback."""

    contract = models.ForeignKey("contracts.Contract", models.PROTECT, related_name="changes",
                                 verbose_name=_("contract"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    risk = models.CharField(_("risk"), max_length=8, choices=Risk.choices, default=Risk.MEDIUM)
    rollback_plan = models.TextField(_("rollback plan"), blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    window_start = models.DateTimeField(_("window from"), null=True, blank=True)
    window_end = models.DateTimeField(_("window until"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=ChangeState.choices,
                             default=ChangeState.REQUESTED, editable=False)
    approved_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"),
                                    editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("work started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("work finished"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=8, choices=Result.choices, blank=True)
    rolled_back = models.BooleanField(_("rolled back"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    scope = RECORDS

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ("-requested_at", "-id")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("operations:change_detail", args=[self.pk])

    @property
    def unapproved(self) -> bool:
        """Work done without an approval, or outside the approved window."""
        if self.started_at is None:
            return False
        if self.approved_at is None:
            return True
        return rules.outside_window(self.window_start, self.window_end, self.started_at,
                                    self.finished_at)


class Vulnerability(AuditedModel):
    """A vulnerability: found, severity, the contract's deadline, fixed (patched), verified."""

    contract = models.ForeignKey("contracts.Contract", models.PROTECT,
                                 related_name="vulnerabilities", verbose_name=_("contract"))
    title = models.CharField(_("title"), max_length=200)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    found_at = models.DateTimeField(_("found at"))
    deadline = models.DateTimeField(_("fix due"), null=True, blank=True, editable=False)
    patch = models.CharField(_("patch"), max_length=200, blank=True)
    fixed_at = models.DateTimeField(_("fixed at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.CharField(_("verified by"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    scope = RECORDS

    class Meta:
        verbose_name = _("vulnerability")
        verbose_name_plural = _("vulnerabilities")
        ordering = ("-found_at", "-id")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("operations:vulnerability_detail", args=[self.pk])

    def late_seconds(self, now) -> int:
        """By how long the fix missed (or, unfixed, is missing) its deadline at `now`."""
        return rules.late_by(self.deadline, self.fixed_at or now)
