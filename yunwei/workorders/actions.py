"""State changes of work orders (Zulip style): each `do_*` runs in one transaction, writes its
timeline event and audit rows, and leaves side effects (mail) to on_commit.

Two people acting at once: every change locks the row and compares the version the user saw;
the second gets a Conflict with the fresh state instead of overwriting the first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from yunwei.calendars import actions as clocks
from yunwei.calendars.models import PauseReason, SlaClockRecord, SlaTarget
from yunwei.contracts import terms
from yunwei.contracts.models import Contract, Membership
from yunwei.contracts.people import member_by_id
from yunwei.core import audit, bulk
from yunwei.core.roles import Role
from yunwei.core.scoping import roles_on
from yunwei.worktime import CalendarError

from . import lifecycle as lc
from .choices import Channel, ConfirmMethod, Escalation, Rating, State
from .models import (
    Attachment,
    DeskSettings,
    Evaluation,
    PhoneNotice,
    WorkOrder,
    WorkOrderCounter,
    WorkOrderEvent,
)
from .notify import notify

MAX_ATTACHMENT = 20 * 1024 * 1024
CLOCK_LABELS = {"response": "报告", "on_site": "报告", "resolution": "受理"}


class Conflict(Exception):
    """The work order changed since the user loaded it."""

    def __init__(self, work_order: WorkOrder) -> None:
        self.work_order = work_order
        super().__init__("该工单已被他人更新，请查看最新状态后重试 / "
                         "someone else changed this work order: check its new state and retry")


class InputError(ValueError):
    """Bad input to an action; `str()` gives 'Chinese / English'."""

    def __init__(self, zh: str, en: str, field: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.field = zh, en, field


def desk_settings(contract: Contract) -> DeskSettings | None:
    """The contract's desk settings, if any."""
    return DeskSettings.objects.filter(contract=contract).select_related("sla_policy").first()


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
            targets = tuple(SlaTarget.objects.filter(policy_id=settings.sla_policy_id)
                            .select_related("calendar").order_by("id"))
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


def _event(wo: WorkOrder, kind: str, actor: Any, at: dt.datetime, *, from_state: str = "",
           to_state: str = "", note: str = "", data: dict[str, Any] | None = None) -> None:
    WorkOrderEvent.objects.create(
        work_order=wo, kind=kind, from_state=from_state, to_state=to_state,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(actor.get_full_name() or actor.username) if getattr(actor, "pk", None)
        else "系统", at=at, note=note, data=data or {})


def _sync_deadlines(wo: WorkOrder) -> None:
    for record in SlaClockRecord.objects.filter(subject_type="workorders.workorder",
                                                subject_id=str(wo.pk)).select_related("target"):
        field = DEADLINE_FIELDS.get(record.target.metric)
        if field:
            setattr(wo, field, record.deadline)
        if record.target.metric == "resolution" and record.breached:
            wo.sla_breached = True


def clocks_of(wo: WorkOrder) -> list[SlaClockRecord]:
    """The work order's SLA clocks."""
    return list(SlaClockRecord.objects.filter(subject_type="workorders.workorder",
                                              subject_id=str(wo.pk))
                .select_related("target__calendar").order_by("id"))


DEADLINE_FIELDS = {"response": "response_deadline", "on_site": "on_site_deadline",
                   "resolution": "resolution_deadline"}


def do_create_workorder(
    contract: Contract,
    *,
    actor: Any,
    title: str,
    channel: str,
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
    if channel not in Channel.values:
        raise InputError(f"未知渠道“{channel}”", f"unknown channel {channel!r}", "channel")
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
    reported_at = reported_at or timezone.now()
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
    for target, status in plans:
        if target.metric in DEADLINE_FIELDS:
            setattr(wo, DEADLINE_FIELDS[target.metric], status.deadline)
    records = clocks.new_clocks(contract, WorkOrder._meta.label_lower, reported_at, [
        (target, CLOCK_LABELS.get(target.metric, "开始"), status) for target, status in plans])
    with transaction.atomic(savepoint=False):
        wo.seq, wo.number = _next_number(contract, wo.year)
        wo.refresh_search_text()
        with audit.deferred():  # the order and its clocks: one append to the audit chain
            bulk.insert_audited([wo])  # the timeline starts with the order itself
            clocks.do_start_clocks(wo, records)
    return wo


def _check_assignee(wo: WorkOrder, user_id: Any) -> Any:
    user = member_by_id(wo.contract_id, user_id, [Role.VENDOR_ENGINEER, Role.VENDOR_PM])
    if user is None:
        raise InputError("处理人必须是该合同的乙方工程师或项目经理",
                         "the assignee must be a vendor engineer or PM on this contract",
                         "assignee")
    return user


def _apply_clocks(wo: WorkOrder, transition: lc.Transition, at: dt.datetime,
                  inputs: dict[str, Any]) -> None:
    for record in clocks_of(wo):
        op = transition.clocks.get(record.target.metric)
        if op is None:
            continue
        state = record.state
        applicable = {"stop": state in ("running", "paused"), "pause": state == "running",
                      "resume": state == "paused", "extend": state in ("running", "paused")}
        if not applicable.get(op):
            continue
        kwargs: dict[str, Any] = {}
        if op == "pause":
            kwargs["reason"] = inputs.get("pause_reason_name") or transition.label_zh
        if op == "extend":
            kwargs.update(reason=inputs["reason"], approver=inputs["approver"],
                          new_deadline=inputs["new_deadline"])
        clocks.do_clock_event(record, op, at, **kwargs)


@transaction.atomic
def do_transition(work_order_id: int, code: str, *, actor: Any, version: int | None,
                  at: dt.datetime | None = None, **inputs: Any) -> WorkOrder:
    """Move a work order along the lifecycle (see lifecycle.TRANSITIONS)."""
    wo = WorkOrder.objects.select_for_update().get(pk=work_order_id)
    if version is not None and wo.version != int(version):
        raise Conflict(wo)
    at = at or timezone.now()
    filled = {f: bool((getattr(wo, f) or "").strip()) for f in lc.RESOLUTION_FIELDS}
    transition = lc.check(code, wo.state, roles_on(actor, wo.contract_id),
                          is_requester=bool(wo.requester_id) and wo.requester_id == actor.pk,
                          filled=filled)
    note = (inputs.get("note") or inputs.get("comment") or "").strip()
    data: dict[str, Any] = {}
    if code == "dispatch":
        wo.assignee = _check_assignee(wo, inputs.get("assignee"))
        data["assignee"] = wo.assignee.username
    elif code == "suspend":
        reason = PauseReason.objects.filter(
            policy__contract_id=wo.contract_id, code=inputs.get("pause_reason") or "").first()
        if reason is None:
            raise InputError("请选择挂起原因", "choose a reason for suspending", "pause_reason")
        inputs["pause_reason_name"] = reason.name
        data["reason"] = reason.code
    elif code == "extend":
        for key, zh in (("reason", "延期原因"), ("approver", "同意延期的服务对象")):
            if not (inputs.get(key) or "").strip():
                raise InputError(f"请填写{zh}", f"{key} is required", key)
        new_deadline = inputs.get("new_deadline")
        if not isinstance(new_deadline, dt.datetime) or new_deadline <= at:
            raise InputError("新的截止时间必须晚于现在", "the new deadline must be in the future",
                             "new_deadline")
        data = {"reason": inputs["reason"], "approver": inputs["approver"],
                "new_deadline": new_deadline.isoformat()}
        note = note or inputs["reason"]
    elif code == "escalate":
        level = inputs.get("escalation") or ""
        if level not in (Escalation.SECOND_LINE, Escalation.MANUFACTURER):
            raise InputError("请选择升级对象", "choose second line or manufacturer", "escalation")
        wo.escalation = level
        data["escalation"] = level
    elif code in ("confirm", "phone_confirm"):
        rating = inputs.get("rating") or ""
        if rating not in Rating.values:
            raise InputError("请选择满意度", "choose a rating", "rating")
        if code == "phone_confirm":
            settings = desk_settings(wo.contract)
            if settings is not None and not settings.allow_phone_confirmation:
                raise InputError("该合同不允许电话确认", "this contract does not allow "
                                 "confirmation by phone")
            who = (inputs.get("confirmed_by") or "").strip()
            when = inputs.get("confirmed_at") or at
            if not who:
                raise InputError("请填写确认人", "who confirmed?", "confirmed_by")
            if when > timezone.now() + dt.timedelta(minutes=5):
                raise InputError("确认时间不能晚于现在", "the confirmation time is in the future",
                                 "confirmed_at")
            Evaluation.objects.create(
                work_order=wo, rating=rating, comment=inputs.get("comment") or "",
                method=ConfirmMethod.PHONE, confirmed_by_name=who[:100], confirmed_at=when,
                recorded_by=actor)
        else:
            Evaluation.objects.create(
                work_order=wo, rating=rating, comment=inputs.get("comment") or "",
                method=ConfirmMethod.APP, signed_by=actor,
                confirmed_by_name=actor.get_full_name() or actor.username, confirmed_at=at)
        data["rating"] = rating
    from_state = wo.state
    if transition.target:
        wo.state = transition.target
    if code in ("accept", "dispatch", "start", "arrive") and wo.accepted_at is None:
        wo.accepted_at = at
    if code == "arrive" and wo.on_site_at is None:
        wo.on_site_at = at
    if code == "resolve":
        wo.resolved_at = at
    if code in ("confirm", "phone_confirm"):
        wo.closed_at = at
    _apply_clocks(wo, transition, at, inputs)
    _event(wo, code, actor, at, from_state=from_state, to_state=wo.state, note=note, data=data)
    wo.version += 1
    _sync_deadlines(wo)
    wo.save()
    if code == "dispatch":
        notify([wo.assignee], wo, f"assigned:{wo.version}",
               f"工单 {wo.number} 已派给您：{wo.title}")
    return wo


@transaction.atomic
def do_update_workorder(work_order_id: int, *, actor: Any, version: int | None,
                        **fields: Any) -> WorkOrder:
    """Edit a work order's text fields (e.g. problem analysis) with the version check."""
    allowed = {"title", "description", "location", "category", "affected_equipment",
               "requester_contact", "problem_analysis", "resolution_steps", "verification"}
    wo = WorkOrder.objects.select_for_update().get(pk=work_order_id)
    if version is not None and wo.version != int(version):
        raise Conflict(wo)
    if wo.state == State.CLOSED:
        raise InputError("已关闭的工单不能修改", "a closed work order cannot be changed")
    changed = []
    for name, value in fields.items():
        if name not in allowed:
            raise InputError(f"不能修改“{name}”", f"{name!r} cannot be changed here", name)
        value = (value or "").strip()
        if name == "title" and not value:
            raise InputError("标题不能为空", "the title is required", "title")
        if getattr(wo, name) != value:
            setattr(wo, name, value)
            changed.append(name)
    if changed:
        wo.version += 1
        wo.refresh_search_text()
        wo.save()
        _event(wo, "edited", actor, timezone.now(), data={"fields": changed})
    return wo


@transaction.atomic
def do_comment(wo: WorkOrder, *, actor: Any, note: str) -> None:
    """Add a comment to the timeline."""
    if not note.strip():
        raise InputError("内容不能为空", "the comment is empty", "note")
    _event(wo, "comment", actor, timezone.now(), note=note.strip()[:5000])


def do_add_attachment(wo: WorkOrder, *, actor: Any, name: str, content: bytes,
                      content_type: str = "", source: str = "upload") -> Attachment:
    """Store a file for a work order (in the caller's transaction)."""
    if len(content) > MAX_ATTACHMENT:
        raise InputError("附件不能超过 20 MB", "an attachment may not exceed 20 MB", "file")
    safe = "".join(c for c in name if c not in '/\\\x00:*?"<>|').strip() or "attachment"
    attachment = Attachment(work_order=wo, name=safe[:255], content_type=content_type[:100],
                            size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                            source=source, uploaded_by=actor if getattr(actor, "pk", None)
                            else None)
    attachment.file.save(safe[-100:], ContentFile(content), save=False)
    attachment.save()
    return attachment


# -- phone first ------------------------------------------------------------------------------
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


# -- SLA watch -----------------------------------------------------------------------------
def watch_sla(now: dt.datetime | None = None) -> dict[str, int]:
    """Worker job: warn at the threshold, record and announce breaches, once each."""
    now = now or timezone.now()
    counts = {"warnings": 0, "breaches": 0}
    base = SlaClockRecord.objects.filter(subject_type="workorders.workorder", state="running")
    for record_id in base.filter(warned=False, warn_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            record = SlaClockRecord.objects.select_for_update().select_related(
                "target").get(pk=record_id)
            if record.warned or record.state != "running":
                continue
            record.warned = True
            record.save()
            wo = WorkOrder.objects.get(pk=int(record.subject_id))
            metric = record.target.get_metric_display()
            text = (f"工单 {wo.number} 的{metric}时限即将到期"
                    f"（{timezone.localtime(record.deadline):%m-%d %H:%M}）")
            _event(wo, "sla_warning", None, now, data={"metric": record.target.metric})
            notify(_watchers(wo), wo, f"warning:{record.pk}", text)
            counts["warnings"] += 1
    for record_id in base.filter(breached=False, deadline__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            record = SlaClockRecord.objects.select_for_update().select_related(
                "target__calendar").get(pk=record_id)
            if record.breached:
                continue
            try:
                new = clocks.store_status(record, clocks.engine_clock(record).status(now))
            except CalendarError:
                continue
            if not new:
                continue
            wo = WorkOrder.objects.select_for_update().get(pk=int(record.subject_id))
            metric = record.target.get_metric_display()
            _event(wo, "sla_breach", None, now, data={"metric": record.target.metric})
            _sync_deadlines(wo)
            wo.save()
            notify(_watchers(wo), wo, f"breach:{record.pk}",
                   f"工单 {wo.number} 的{metric}已超时")
            counts["breaches"] += 1
    return counts


def _watchers(wo: WorkOrder) -> list[Any]:
    pms = [m.user for m in Membership.objects.filter(contract_id=wo.contract_id,
                                                     role=Role.VENDOR_PM).select_related("user")]
    return [wo.assignee, *pms]
