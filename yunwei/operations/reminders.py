"""Reminders before deadlines: the analysis report of an accident, the fix of a vulnerability.

A periodic job (`operations.reminders`, core.jobs) tells the vendor (PM and engineers of the
contract) once per deadline, `OperationsPolicy.report_reminder_hours` /
`vulnerability_reminder_hours` before it (defaults in models.terms), through core.notices:
in the app and by mail as each person chose. The notice's key names the record and the
deadline, so running the job again tells nobody twice, and a deadline that moves (a level
change) is reminded again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunwei.core import notices
from yunwei.core.roles import Role

from .models import Accident, OperationsPolicy, Vulnerability
from .models.terms import REPORT_REMINDER_HOURS, VULNERABILITY_REMINDER_HOURS

REPORT_DUE = "operations.report_due"
VULNERABILITY_DUE = "operations.vulnerability_due"
#: Who is reminded: the vendor, who owes the report and the fix.
REMINDED_ROLES = (Role.VENDOR_PM, Role.VENDOR_ENGINEER)


def register_messages() -> None:
    """The reminders' texts (called from OperationsConfig.ready)."""
    notices.register_message(REPORT_DUE, _(
        "The analysis report of accident “%(title)s” is due at %(due)s."), times=("due",))
    notices.register_message(VULNERABILITY_DUE, _(
        "Vulnerability “%(title)s” must be fixed by %(due)s."), times=("due",))


def reminder_time(deadline: dt.datetime, lead_hours: int) -> dt.datetime | None:
    """When to remind of a deadline (None: no reminder with a lead of 0)."""
    return deadline - dt.timedelta(hours=lead_hours) if lead_hours else None


def _vendor(contract_ids: set[int]) -> dict[int, list[Any]]:
    from django.contrib.auth import get_user_model

    from yunwei.contracts.models import Membership

    rows = Membership.objects.filter(contract_id__in=contract_ids,
                                     role__in=list(REMINDED_ROLES)).values_list(
        "contract_id", "user_id")
    users = get_user_model().objects.in_bulk({u for _c, u in rows})
    out: dict[int, list[Any]] = {pk: [] for pk in contract_ids}
    for contract_id, user_id in rows:
        user = users.get(user_id)
        if user is not None and user.is_active and user not in out[contract_id]:
            out[contract_id].append(user)
    return out


def send_reminders(now: dt.datetime | None = None) -> dict[str, int]:
    """Periodic job: remind the vendor of every report and fix due within its lead time and
    not yet done; returns how many people were told of each kind."""
    now = now or timezone.now()
    leads = {p.contract_id: (p.report_reminder_hours, p.vulnerability_reminder_hours)
             for p in OperationsPolicy.objects.all()}
    longest = max([REPORT_REMINDER_HOURS, VULNERABILITY_REMINDER_HOURS,
                   *(h for pair in leads.values() for h in pair)])
    horizon = now + dt.timedelta(hours=longest)
    due: list[tuple[str, Any, dt.datetime]] = []
    for acc in Accident.objects.filter(report_submitted_at__isnull=True, report_deadline__gt=now,
                                       report_deadline__lte=horizon):
        lead = leads.get(acc.contract_id, (REPORT_REMINDER_HOURS,))[0]
        at = reminder_time(acc.report_deadline, lead)
        if at is not None and at <= now:
            due.append((REPORT_DUE, acc, acc.report_deadline))
    for vul in Vulnerability.objects.filter(fixed_at__isnull=True, deadline__gt=now,
                                            deadline__lte=horizon):
        lead = leads.get(vul.contract_id, (0, VULNERABILITY_REMINDER_HOURS))[1]
        at = reminder_time(vul.deadline, lead)
        if at is not None and at <= now:
            due.append((VULNERABILITY_DUE, vul, vul.deadline))
    told = {REPORT_DUE: 0, VULNERABILITY_DUE: 0}
    people = _vendor({obj.contract_id for _code, obj, _d in due})
    for code, obj, deadline in due:
        with transaction.atomic():
            told[code] += notices.notify(
                people[obj.contract_id], code, {"title": obj.title, "due": deadline},
                key=f"{code}:{obj.pk}:{deadline.isoformat()}", url=obj.get_absolute_url(),
                contract_id=obj.contract_id)
    return told
