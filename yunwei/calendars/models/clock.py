"""Persisted SLA clocks and their event logs (work orders attach clocks to themselves)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel
from yunwei.core.roles import ALL_ROLES, Role
from yunwei.core.scoping import Scope

from ..choices import ClockEventKind, ClockState


class SlaClockRecord(AuditedModel):
    """One running SLA clock of a subject (e.g. a work order's resolution clock)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE,
                                 related_name="sla_clocks", verbose_name=_("contract"))
    subject_type = models.CharField(_("subject type"), max_length=100)
    subject_id = models.CharField(_("subject id"), max_length=64)
    # Not indexed: three entries per work order for the rare deletion of a target.
    target = models.ForeignKey("calendars.SlaTarget", models.PROTECT, related_name="clocks",
                               verbose_name=_("SLA target"), db_index=False)
    # The terms in force when the subject was reported (nullable only for the migration).
    terms = models.ForeignKey("calendars.SlaTargetVersion", models.PROTECT, null=True,
                              related_name="clocks", verbose_name=_("SLA terms"),
                              db_index=False)
    label = models.CharField(_("start label"), max_length=30, default="开始")
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=ClockState.choices,
                             default=ClockState.IDLE)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)  # (state, deadline)
    warn_at = models.DateTimeField(_("warning at"), null=True, blank=True, db_index=True)
    remaining_seconds = models.BigIntegerField(_("remaining (s)"), null=True, blank=True)
    breached = models.BooleanField(_("breached"), default=False)
    warned = models.BooleanField(_("warned"), default=False)
    met = models.BooleanField(_("met"), null=True, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope = Scope(contract_field="contract", roles={"view": ALL_ROLES - {Role.REQUESTER}})

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        indexes = [models.Index(fields=["subject_type", "subject_id"]),
                   models.Index(fields=["state", "deadline"])]

    def __str__(self) -> str:
        return f"{self.subject_type}#{self.subject_id} {self.target_id}"


class SlaClockEvent(AuditedModel):
    """One event of a clock after its start (the start is the record's started_at): pause,
    resume, extend, stop, breach."""

    clock = models.ForeignKey(SlaClockRecord, models.CASCADE, related_name="events",
                              verbose_name=_("SLA clock"))
    kind = models.CharField(_("kind"), max_length=16, choices=ClockEventKind.choices)
    at = models.DateTimeField(_("time"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    approver = models.CharField(_("approver"), max_length=100, blank=True)
    extra_seconds = models.PositiveIntegerField(_("extra time (s)"), default=0)
    new_deadline = models.DateTimeField(_("new deadline"), null=True, blank=True)

    scope = Scope(contract_field="clock__contract", roles={"view": ALL_ROLES - {Role.REQUESTER}})

    class Meta:
        verbose_name = _("SLA clock event")
        verbose_name_plural = _("SLA clock events")
        ordering = ("clock", "at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    def audit_contract_id(self) -> int | None:
        return self.clock.contract_id if self.clock_id else None
