"""Desk settings, mailboxes, incoming messages and notifications."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yunwei.core.scoping import contracts_for, get_scoped_object, restrict
from yunwei.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedView,
)

from ..filtersets import MailboxFilterSet, MailMessageFilterSet
from ..forms import DeskSettingsForm, MailboxForm
from ..intake.mail import poll_mailbox, retry_message
from ..models import DeskSettings, Mailbox, MailMessage, Notification
from ..tables import MailboxTable, MailMessageTable


class DeskSettingsDetailView(ObjectDetailView):
    """A contract's desk settings."""

    scope_model = DeskSettings


class DeskSettingsEditView(ObjectEditView):
    """Create or edit desk settings (agency administrators)."""

    scope_model = DeskSettings
    form_class = DeskSettingsForm


class MailboxListView(ObjectListView):
    """Mailboxes of the user's contracts."""

    scope_model = Mailbox
    table_class = MailboxTable

    filterset_class = MailboxFilterSet

    def base_queryset(self) -> QuerySet:
        return Mailbox.objects.select_related("contract")


class MailboxDetailView(ObjectDetailView):
    """One mailbox with its latest messages."""

    scope_model = Mailbox
    template_name = "workorders/mailbox_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"messages_in": obj.messages.select_related("work_order").order_by("-id")[:50]}


class MailboxEditView(ObjectEditView):
    """Create or edit a mailbox."""

    scope_model = Mailbox
    form_class = MailboxForm


class MailboxDeleteView(ObjectDeleteView):
    """Delete a mailbox."""

    scope_model = Mailbox
    success_url_name = "workorders:mailbox_list"


class MailboxPollView(ScopedView):
    """Poll a mailbox now (instead of waiting for the worker)."""

    scope_model = Mailbox
    scope_action = "change"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        mailbox = get_scoped_object(Mailbox.objects.all(), request.user, "change", pk=pk)
        result = poll_mailbox(mailbox.pk)
        if result.error:
            messages.error(request, _("Polling failed: %(error)s") % {"error": result.error})
        else:
            messages.success(request, _("%(n)s new messages taken in.") % {"n": result.taken})
        return HttpResponseRedirect(mailbox.get_absolute_url())


class MailMessageListView(ObjectListView):
    """Incoming messages (filter by status to see the quarantine)."""

    scope_model = MailMessage
    table_class = MailMessageTable
    filterset_class = MailMessageFilterSet

    def base_queryset(self) -> QuerySet:
        return MailMessage.objects.select_related("work_order")


class MailMessageDetailView(ObjectDetailView):
    """One incoming message."""

    scope_model = MailMessage
    template_name = "workorders/mailmessage_detail.html"


class MailMessageRetryView(ScopedView):
    """Try a quarantined message again."""

    scope_model = MailMessage
    scope_action = "change"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        message = get_scoped_object(MailMessage.objects.all(), request.user, "change", pk=pk)
        outcome = retry_message(message.pk)
        messages.info(request, outcome)
        return HttpResponseRedirect(message.get_absolute_url())


class NotificationListView(ScopedView):
    """The user's notifications."""

    scope_model = Notification

    def get(self, request: HttpRequest) -> HttpResponse:
        from yunwei.core.models import Notice

        rows = restrict(Notification.objects.select_related("work_order"), request.user)
        shown = [{"created": n.created, "read_at": n.read_at, "text": n.message(),
                  "url": n.work_order.get_absolute_url()}
                 for n in rows.order_by("-created")[:200]]
        shown += [{"created": n.created, "read_at": n.read_at, "text": n.message(),
                   "url": n.url} for n in Notice.objects.filter(
                       user=request.user).order_by("-created", "-id")[:200]]
        shown.sort(key=lambda row: row["created"], reverse=True)
        return render(request, "workorders/notifications.html", {"rows": shown[:200]})


class NotificationReadView(ScopedView):
    """Mark all of the user's notifications read."""

    scope_model = Notification
    scope_action = "change"

    def post(self, request: HttpRequest) -> HttpResponse:
        from yunwei.core.notices import do_mark_read

        if not contracts_for(request.user, Notification, "change").exists():
            raise PermissionDenied
        restrict(Notification.objects.all(), request.user, "change").filter(
            read_at__isnull=True).update(read_at=timezone.now())
        do_mark_read(request.user)  # the notices not tied to a work order too
        return HttpResponseRedirect(reverse("workorders:notification_list"))
