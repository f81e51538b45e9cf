"""Tables of the work orders app."""

from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Mailbox, MailMessage, PhoneNotice, WorkOrder


class WorkOrderTable(tables.Table):
    """The work order queue."""

    number = tables.Column(linkify=True)
    assignee = tables.Column(order_by=("assignee__first_name",))
    resolution_deadline = tables.Column(verbose_name=_("resolution due"))

    class Meta:
        model = WorkOrder
        fields = ("number", "title", "state", "level_name", "requester_name", "assignee",
                  "reported_at", "resolution_deadline")
        row_attrs = {"class": lambda record: "overdue" if record.sla_breached else ""}

    def render_assignee(self, value: object) -> str:
        return getattr(value, "get_full_name", lambda: "")() or str(value)

    def render_reported_at(self, value: object) -> str:
        return timezone.localtime(value).strftime("%m-%d %H:%M")

    def render_resolution_deadline(self, record: WorkOrder, value: object) -> str:
        text = timezone.localtime(value).strftime("%m-%d %H:%M")
        if record.is_overdue:
            return format_html('<span class="bad">{} ⚠</span>', text)
        return text


class PhoneNoticeTable(tables.Table):
    """Phone-first notices."""

    title = tables.Column(linkify=True)

    class Meta:
        model = PhoneNotice
        fields = ("title", "requester_name", "engineer", "called_at", "due_at", "solved_at",
                  "work_order")


class MailboxTable(tables.Table):
    """Mailboxes."""

    name = tables.Column(linkify=True)

    class Meta:
        model = Mailbox
        fields = ("name", "username", "host", "folder", "enabled", "last_polled", "contract")


class MailMessageTable(tables.Table):
    """Incoming messages."""

    subject = tables.Column(linkify=True)

    class Meta:
        model = MailMessage
        fields = ("subject", "sender", "internaldate", "status", "work_order", "reason")
