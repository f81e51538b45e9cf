"""Intake: a new work order from any channel, its number and its first clocks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from yunwei.calendars import actions as clocks
from yunwei.calendars.models import SlaTarget
from yunwei.contracts import terms
from yunwei.contracts.models import Contract
from yunwei.core import audit, bulk
from yunwei.core.roles import Role
from yunwei.core.scoping import roles_on

from ..choices import Channel
from ..models import WorkOrder, WorkOrderCounter
from .common import CLOCK_LABELS, InputError, copy_deadlines, desk_settings


@dataclass(frozen=True)
class IntakeTerms:
    """What intake reads from a contract's terms: its default level and its SLA targets."""

    default_level: str
    targets: tuple[SlaTarget, ...]  # with their calendars; shared between requests: read only

    @property
    def level_names(self) -> dict[str, str]:
        """Level code -> name, in code order."""
        return dict(sorted((t.level_code, t.level_name) for t in self.targets))


def intake_terms(contract: Contract) -> IntakeTerms:
    """The contract's intake terms, cached per process under its terms stamp (contracts.terms):
    a one-column lookup of the stamp, and two queries only when the terms changed."""
    def build() -> IntakeTerms:
        settings = desk_settings(contract)
        if settings is None:
            return IntakeTerms("", ())
        targets: tuple[SlaTarget, ...] = ()
        if settings.sla_policy_id is not None:
            targets = tuple(clocks.clock_targets(settings.sla_policy_id))
        return IntakeTerms(settings.default_level, targets)

    return terms.cached(contract.pk, "workorders.intake", build)


def levels(contract: Contract) -> list[tuple[str, str]]:
    """(code, name) of the levels defined by the contract's SLA policy."""
    return list(intake_terms(contract).level_names.items())


def _next_number(contract: Contract, year: int) -> tuple[int, str]:
    """Take the next number of a contract and year: one atomic UPDATE ... RETURNING under the
    row lock, so concurrent intakes never share or skip a number."""
    with connection.cursor() as cursor:
        for _attempt in range(3):
            cursor.execute(
                "UPDATE workorders_workordercounter SET last = last + 1 "
                "WHERE contract_id = %s AND year = %s RETURNING last", [contract.pk, year])
            row = cursor.fetchone()
            if row is not None:
                return row[0], f"{contract.code}-{year}-{row[0]:06d}"
            try:
                with transaction.atomic():
                    WorkOrderCounter.objects.create(contract=contract, year=year)
            except IntegrityError:
                pass  # another transaction created it first: take the next number from it
    raise RuntimeError("could not take a work order number")


#: Roles that log work orders for others (the desk's side); a requester logs only their own.
FOR_OTHERS = frozenset({Role.SERVICE_DESK, Role.AGENCY_ADMIN, Role.AGENCY_LIAISON,
                        Role.VENDOR_PM})
#: How far a report time may lie ahead of the server's clock (clock skew of the caller).
FUTURE_SLACK = dt.timedelta(minutes=5)


def check_intake(contract: Contract, actor: Any, *, channel: str, requester: Any,
                 requester_name: str, reported_at: dt.datetime | None,
                 now: dt.datetime | None = None) -> tuple[Any, str, dt.datetime]:
    """Who may log what, the same for every channel: a requester files for themselves, by
    self-service, reported now; the desk's side files for anyone, by any channel, and may give
    a past report time (a call taken earlier), not in the future and not before the contract's
    service starts. System intake (mail, phone-first) gives the time the server received it.
    Returns the requester, the channel (self-service for a requester, API when none was given)
    and the report time to store."""
    now = now or timezone.now()
    if getattr(actor, "pk", None) and not actor.is_superuser:
        roles = roles_on(actor, contract.pk)
        if not roles & FOR_OTHERS:
            if Role.REQUESTER not in roles:
                raise InputError("您的角色不能在该合同登记工单",
                                 "your role may not log work orders on this contract")
            if requester is not None and requester.pk != actor.pk:
                raise InputError("服务对象只能为自己报修", "a requester files only for themselves",
                                 "requester")
            if channel not in ("", Channel.SELF_SERVICE):
                raise InputError("服务对象自助报修的渠道只能是“自助报修”",
                                 "a requester reports by self-service", "channel")
            if reported_at is not None and abs(reported_at - now) > FUTURE_SLACK:
                raise InputError("服务对象不能指定报告时间",
                                 "a requester cannot set the report time", "reported_at")
            return actor, Channel.SELF_SERVICE, now
        if requester is None and not requester_name.strip():
            raise InputError("请填写服务对象姓名或用户名",
                             "name the requester (or their user name)", "requester_name")
    channel = channel or Channel.API
    if reported_at is None:
        return requester, channel, now
    if reported_at > now + FUTURE_SLACK:
        raise InputError("报告时间不能晚于现在", "the report time cannot be in the future",
                         "reported_at")
    start = dt.datetime.combine(contract.service_start, dt.time.min,
                                tzinfo=timezone.get_current_timezone())
    if reported_at < start:
        raise InputError(f"报告时间不能早于合同服务期开始（{contract.service_start:%Y-%m-%d}）",
                         f"the report time cannot be before the service period starts "
                         f"({contract.service_start:%Y-%m-%d})", "reported_at")
    return requester, channel, reported_at


def do_create_workorder(
    contract: Contract,
    *,
    actor: Any,
    title: str,
    channel: str = "",
    description: str = "",
    requester: Any = None,
    requester_name: str = "",
    requester_contact: str = "",
    location: str = "",
    category: str = "",
    equipment: Any = None,
    affected_equipment: str = "",
    level_code: str = "",
    reported_at: dt.datetime | None = None,
    source_message_id: str = "",
) -> WorkOrder:
    """Log a new work order, take its number and start its SLA clocks at the issue time.

    Reading the terms and computing the first deadlines happen before the transaction; the
    transaction holds only the number, the inserts and the audit rows (short, so concurrent
    intakes queue briefly on SQLite's single writer)."""
    if not title.strip():
        raise InputError("标题不能为空", "the title is required", "title")
    if channel and channel not in Channel.values:
        raise InputError(f"未知渠道“{channel}”", f"unknown channel {channel!r}", "channel")
    requester, channel, reported_at = check_intake(
        contract, actor, channel=channel, requester=requester, requester_name=requester_name,
        reported_at=reported_at)
    contract_terms = intake_terms(contract)
    level_code = level_code or contract_terms.default_level
    known = contract_terms.level_names
    targets = [t for t in contract_terms.targets if t.level_code == level_code]
    if level_code and known and level_code not in known:
        raise InputError(f"合同的服务水平中没有级别“{level_code}”",
                         f"the contract's SLA policy has no level {level_code!r}", "level_code")
    if equipment is not None and equipment.contract_id != contract.pk:
        raise InputError("设备不属于该合同", "the equipment belongs to another contract",
                         "equipment")
    if requester is not None and not requester_name:
        requester_name = requester.get_full_name() or requester.username
    # The clocks' first deadlines follow from the calendar alone: compute them before writing.
    plans = [(t, clocks.plan_clock(t, reported_at, CLOCK_LABELS.get(t.metric, "开始")))
             for t in targets]
    # Everything that does not need the number or the order's id is built before the write
    # transaction, which holds SQLite's single write lock: it stays as short as it can be.
    wo = WorkOrder(
        contract=contract, year=timezone.localtime(reported_at).year, title=title.strip()[:200],
        description=description, channel=channel, requester=requester,
        requester_name=requester_name[:100], requester_contact=requester_contact[:100],
        location=location[:200], category=category[:100], equipment=equipment,
        affected_equipment=affected_equipment[:200], level_code=level_code,
        level_name=known.get(level_code, ""), reported_at=reported_at,
        created_by=actor if getattr(actor, "pk", None) else None,
        source_message_id=source_message_id[:255],
    )
    records = clocks.new_clocks(contract, WorkOrder._meta.label_lower, reported_at, [
        (target, CLOCK_LABELS.get(target.metric, "开始"), status) for target, status in plans])
    copy_deadlines(wo, records)
    with transaction.atomic(savepoint=False):
        wo.seq, wo.number = _next_number(contract, wo.year)
        wo.refresh_search_text()
        with audit.deferred():  # the order and its clocks: one append to the audit chain
            bulk.insert_audited([wo])  # the timeline starts with the order itself
            clocks.do_start_clocks(wo, records)
        if channel == Channel.SELF_SERVICE:
            _tell_desk(wo)
    return wo


def _tell_desk(wo: WorkOrder) -> None:
    """The service desk hears of a requester's own report (in-app now, mail after commit)."""
    from django.contrib.auth import get_user_model

    from ..messages import params_of
    from ..notify import notify

    desk = get_user_model().objects.filter(memberships__contract_id=wo.contract_id,
                                           memberships__role=Role.SERVICE_DESK, is_active=True)
    notify(desk, wo, "self_report", "self_report", params_of(wo))
