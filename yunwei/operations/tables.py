"""Tables of the operations app."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import (
    Accident,
    AccidentLevel,
    Change,
    OperationsPolicy,
    OperationsRecord,
    OperationsTerm,
    Vulnerability,
    VulnerabilityDeadline,
)


class AccidentTable(tables.Table):
    """Accidents."""

    title = tables.Column(linkify=True)
    contract = tables.Column(order_by=("contract__number",))
    level = tables.Column(verbose_name=_("level"), accessor="level", orderable=False)

    class Meta:
        model = Accident
        fields = ("occurred_at", "title", "stage", "level", "report_submitted_at",
                  "is_repeat", "contract")


class OperationsRecordTable(tables.Table):
    """Operations records."""

    title = tables.Column(linkify=True)

    class Meta:
        model = OperationsRecord
        fields = ("performed_at", "kind", "title", "result", "verified_by", "contract")


class ChangeTable(tables.Table):
    """Changes."""

    title = tables.Column(linkify=True)
    unapproved = tables.BooleanColumn(verbose_name=_("unapproved work"), orderable=False)

    class Meta:
        model = Change
        fields = ("requested_at", "title", "risk", "state", "window_start", "window_end",
                  "started_at", "unapproved", "contract")


class VulnerabilityTable(tables.Table):
    """Vulnerabilities."""

    title = tables.Column(linkify=True)

    class Meta:
        model = Vulnerability
        fields = ("found_at", "title", "severity", "deadline", "fixed_at", "verified_at",
                  "contract")


class AccidentLevelTable(tables.Table):
    """Accident levels."""

    name = tables.Column(linkify=True)

    class Meta:
        model = AccidentLevel
        fields = ("rank", "code", "name", "report_hours", "calendar", "contract")


class OperationsTermTable(tables.Table):
    """Counting terms."""

    kind = tables.Column(linkify=True)

    class Meta:
        model = OperationsTerm
        fields = ("kind", "period", "minimum", "maximum", "contract")


class VulnerabilityDeadlineTable(tables.Table):
    """Vulnerability deadlines."""

    severity = tables.Column(linkify=True)

    class Meta:
        model = VulnerabilityDeadline
        fields = ("severity", "hours", "calendar", "contract")


class OperationsPolicyTable(tables.Table):
    """Operations policies."""

    contract = tables.Column(linkify=True)

    class Meta:
        model = OperationsPolicy
        fields = ("contract", "repeat_window_days")
