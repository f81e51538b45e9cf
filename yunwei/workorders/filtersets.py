"""FilterSets of the work orders app (the queues in the UI and the API share them)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunwei.core.filtersets import ScopedFilterSet

from .choices import Channel, MailStatus, State
from .models import Mailbox, MailMessage, PhoneNotice, WorkOrder

OPEN = [s for s in State.values if s != State.CLOSED]
QUEUES = [
    ("mine", _("My work")),
    ("unassigned", _("Unassigned")),
    ("due_soon", _("Due soon (4 h)")),
    ("overdue", _("Overdue")),
    ("pending", _("Waiting for confirmation")),
    ("open", _("All open")),
    ("closed", _("Closed")),
    ("all", _("All")),
]


def overdue(now: dt.datetime) -> Q:
    """Overdue work orders: open, and any of their clocks (response, on site, resolution)
    recorded a breach or runs past its deadline (WorkOrder.is_overdue says the same)."""
    return Q(state__in=OPEN) & (Q(sla_breached=True) | Q(next_deadline__lt=now))


def due_soon(now: dt.datetime, hours: int = 4) -> Q:
    """Open work orders a running clock of which falls due within `hours`."""
    return Q(state__in=OPEN, next_deadline__gte=now,
             next_deadline__lte=now + dt.timedelta(hours=hours))


class WorkOrderFilterSet(ScopedFilterSet):
    """Queues, filters and search (case-insensitive substring: works for Chinese anywhere)."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    queue = django_filters.ChoiceFilter(choices=QUEUES, method="filter_queue", label=_("queue"))
    state = django_filters.MultipleChoiceFilter(choices=State.choices, label=_("state"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("channel"))
    level_code = django_filters.CharFilter(label=_("level"))
    reported_after = django_filters.DateFilter(field_name="reported_at", lookup_expr="date__gte",
                                               label=_("issued from"))
    reported_before = django_filters.DateFilter(field_name="reported_at",
                                                lookup_expr="date__lte", label=_("issued to"))

    requester = django_filters.CharFilter(field_name="requester__username",
                                          label=_("requester (user name)"))

    class Meta:
        model = WorkOrder
        fields = ["contract", "assignee"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.lower().split()[:5]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_queue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        now = timezone.now()
        user = getattr(self.request, "user", None)
        if value == "mine":
            return queryset.filter(assignee_id=getattr(user, "pk", None), state__in=OPEN)
        if value == "unassigned":
            return queryset.filter(assignee__isnull=True, state__in=OPEN)
        if value == "due_soon":
            return queryset.filter(due_soon(now))
        if value == "overdue":
            return queryset.filter(overdue(now))
        if value == "pending":
            return queryset.filter(state=State.PENDING)
        if value == "open":
            return queryset.filter(state__in=OPEN)
        if value == "closed":
            return queryset.filter(state=State.CLOSED)
        return queryset


class PhoneNoticeFilterSet(ScopedFilterSet):
    """Filter phone-first notices."""

    class Meta:
        model = PhoneNotice
        fields = ["contract"]


class MailMessageFilterSet(ScopedFilterSet):
    """Filter incoming messages (e.g. the quarantined ones)."""

    status = django_filters.ChoiceFilter(choices=MailStatus.choices, label=_("status"))

    class Meta:
        model = MailMessage
        fields = ["mailbox", "status"]


class MailboxFilterSet(ScopedFilterSet):
    """Filter mailboxes by contract."""

    class Meta:
        model = Mailbox
        fields = ["contract", "enabled"]
