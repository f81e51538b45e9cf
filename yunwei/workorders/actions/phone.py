"""Phone first (先电话后工单): notices that become work orders when not solved in time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from yunwei.contracts.models import Contract

from ..choices import Channel
from ..models import PhoneNotice, WorkOrder
from .common import InputError, desk_settings
from .intake import do_create_workorder
from .lifecycle import do_transition


@transaction.atomic
def do_log_phone_notice(contract: Contract, *, actor: Any, title: str, engineer: Any,
                        called_at: dt.datetime | None = None, **fields: Any) -> PhoneNotice:
    """Record that the desk phoned an engineer; issued formally if not solved in time."""
    settings = desk_settings(contract)
    if settings is None or not settings.phone_first:
        raise InputError("该合同未启用“先电话后工单”", "phone-first is not enabled for this "
                         "contract")
    if not title.strip():
        raise InputError("标题不能为空", "the title is required", "title")
    called_at = called_at or timezone.now()
    return PhoneNotice.objects.create(
        contract=contract, title=title.strip()[:200], engineer=engineer, called_at=called_at,
        due_at=called_at + dt.timedelta(minutes=settings.phone_first_minutes),
        created_by=actor, **fields)


@transaction.atomic
def do_solve_phone_notice(notice_id: int, *, actor: Any, note: str,
                          at: dt.datetime | None = None) -> PhoneNotice:
    """Mark a phone notice solved before it became a work order."""
    notice = PhoneNotice.objects.select_for_update().get(pk=notice_id)
    at = at or timezone.now()
    if notice.work_order_id:
        raise InputError("已超时，已生成正式工单", "too late: a work order was issued")
    if notice.solved_at:
        raise InputError("已标记为解决", "already solved")
    if at > notice.due_at:
        raise InputError("已超过时限，将生成正式工单", "the window has passed")
    notice.solved_at = at
    notice.solved_note = note
    notice.save()
    return notice


def issue_due_phone_notices(now: dt.datetime | None = None) -> int:
    """Worker job: issue a formal work order for every phone notice not solved in time; its
    issue time (and the start of its clocks) is the end of the window."""
    now = now or timezone.now()
    count = 0
    due = PhoneNotice.objects.filter(solved_at__isnull=True, work_order__isnull=True,
                                     due_at__lte=now)
    for notice_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            notice = PhoneNotice.objects.select_for_update().get(pk=notice_id)
            if notice.work_order_id or notice.solved_at:
                continue
            wo = do_create_workorder(
                notice.contract, actor=None, title=notice.title,
                description=notice.description, channel=Channel.PHONE_FIRST,
                requester=notice.requester, requester_name=notice.requester_name,
                requester_contact=notice.requester_contact, location=notice.location,
                level_code=notice.level_code, reported_at=notice.due_at)
            notice.work_order = wo
            notice.save()
            if notice.engineer is not None:
                do_transition(wo.pk, "dispatch", actor=_system_dispatcher(wo), version=None,
                              at=notice.due_at, assignee=notice.engineer.pk)
            count += 1
    return count


def _system_dispatcher(wo: WorkOrder) -> Any:
    """A superuser-like stand-in so the worker may dispatch to the engineer that was phoned."""

    class _System:
        pk = None
        is_superuser = True
        is_authenticated = True
        is_active = True
        username = "system"

        def get_full_name(self) -> str:
            return "系统"

    return _System()
