"""The work order and its per-contract, per-year number counter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import Channel, Escalation, State
from .scopes import WORK_ORDER

USER = settings.AUTH_USER_MODEL


class WorkOrderCounter(models.Model):
    """The last number issued for a contract and year (locked while a number is taken)."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contract", "year"],
                                               name="workordercounter_unique")]

    def __str__(self) -> str:
        return f"{self.contract_id}/{self.year}: {self.last}"


class WorkOrder(AuditedModel):
    """One matter, one work order (一事一工单): from intake to the requester's sign-off."""

    # Indexed by the composite indexes below, which all start with the contract.
    contract = models.ForeignKey("contracts.Contract", models.PROTECT, db_index=False,
                                 related_name="work_orders", verbose_name=_("contract"))
    number = models.CharField(_("number"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    requester = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, db_index=False,
                                  related_name="requested_work_orders",  # (requester, time)
                                  verbose_name=_("requester"))
    requester_name = models.CharField(_("requester name"), max_length=100, blank=True)
    requester_contact = models.CharField(_("contact"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    equipment = models.ForeignKey("assets.Equipment", models.SET_NULL, null=True, blank=True,
                                  related_name="work_orders", verbose_name=_("equipment"))
    affected_equipment = models.CharField(_("affected equipment"), max_length=200, blank=True)
    level_code = models.CharField(_("level"), max_length=32, blank=True)
    level_name = models.CharField(_("level name"), max_length=50, blank=True)
    state = models.CharField(_("state"), max_length=24, choices=State.choices,
                             default=State.NEW)
    assignee = models.ForeignKey(USER, models.PROTECT, null=True, blank=True,
                                 related_name="assigned_work_orders", verbose_name=_("assignee"))
    escalation = models.CharField(_("escalation"), max_length=16, choices=Escalation.choices,
                                  default=Escalation.NONE, blank=True)
    reported_at = models.DateTimeField(_("issued at"), db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    on_site_at = models.DateTimeField(_("on site at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True,
                                    db_index=False, related_name="+",
                                    verbose_name=_("resolved by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    response_deadline = models.DateTimeField(_("response due"), null=True, blank=True)
    on_site_deadline = models.DateTimeField(_("on site due"), null=True, blank=True)
    resolution_deadline = models.DateTimeField(_("resolution due"), null=True, blank=True)
    next_deadline = models.DateTimeField(
        _("next deadline"), null=True, blank=True,
        help_text=_("The earliest deadline of its running clocks."))
    sla_breached = models.BooleanField(_("SLA breached"), default=False)
    pending_pause = models.CharField(_("pause waiting for consent"), max_length=32, blank=True)
    problem_analysis = models.TextField(_("problem analysis"), blank=True)
    resolution_steps = models.TextField(_("resolution steps"), blank=True)
    verification = models.TextField(_("verification"), blank=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, db_index=False,
                                   related_name="+", verbose_name=_("logged by"))
    source_message_id = models.CharField(_("source message"), max_length=255, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    version = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    scope = WORK_ORDER
    audit_exclude = ("search_text",)

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ("-reported_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="workorder_unique_number"),
            models.UniqueConstraint(fields=["contract", "year", "seq"],
                                    name="workorder_unique_seq"),
        ]
        indexes = [
            models.Index(fields=["contract", "reported_at", "id"]),  # queue order, scanned back
            models.Index(fields=["contract", "state", "-reported_at"]),
            models.Index(fields=["contract", "assignee", "state"]),
            models.Index(fields=["contract", "resolution_deadline"]),
            models.Index(fields=["requester", "-reported_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("workorders:workorder_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED

    @property
    def is_overdue(self) -> bool:
        """Open, and one of its clocks recorded a breach or runs past its deadline (the rule
        of workorders.filtersets.overdue(), which the queue and the dashboard count)."""
        from django.utils import timezone

        return self.is_open and (self.sla_breached or (
            self.next_deadline is not None and self.next_deadline < timezone.now()))

    def refresh_search_text(self) -> None:
        """The lower-cased text that queue search matches (works for Chinese everywhere)."""
        parts = [self.number, self.title, self.description, self.requester_name, self.location,
                 self.category, self.affected_equipment, self.requester_contact,
                 self.problem_analysis, self.resolution_steps, self.verification]
        self.search_text = "\n".join(p for p in parts if p).lower()
