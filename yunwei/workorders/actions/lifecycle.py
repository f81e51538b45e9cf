"""Lifecycle steps of a work order (see workorders.lifecycle for the table)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from yunwei.calendars import actions as clocks
from yunwei.calendars.models import PauseReason
from yunwei.contracts.people import member_by_id
from yunwei.core import events
from yunwei.core.roles import Role
from yunwei.core.scoping import roles_on

from .. import lifecycle as lc
from ..choices import ConfirmMethod, Escalation, Rating
from ..messages import params_of
from ..models import Evaluation, WorkOrder
from ..notify import notify
from .common import Conflict, InputError, _event, _sync_deadlines, clocks_of, desk_settings


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


def work_order_roles(wo: WorkOrder, actor: Any) -> frozenset[str]:
    """The actor's roles on this work order (contract roles plus OWNER / ASSIGNEE)."""
    if actor is None or not (getattr(actor, "pk", None) or getattr(actor, "is_superuser", False)):
        return frozenset()  # system intake: no role (the worker's dispatcher is a superuser)
    return lc.actor_roles(roles_on(actor, wo.contract_id),
                          is_requester=bool(wo.requester_id) and wo.requester_id == actor.pk,
                          is_assignee=bool(wo.assignee_id) and wo.assignee_id == actor.pk)


def conditions(wo: WorkOrder) -> dict[str, bool]:
    """Which fields and conditions of lifecycle.Transition.needs hold for this work order."""
    filled = {f: bool((getattr(wo, f) or "").strip()) for f in lc.RESOLUTION_FIELDS}
    filled[lc.PENDING_PAUSE] = bool(wo.pending_pause)
    filled[lc.ON_SITE] = wo.on_site_at is not None
    return filled


def _pause_reason(wo: WorkOrder, code: Any) -> PauseReason:
    reason = PauseReason.objects.filter(policy__contract_id=wo.contract_id,
                                        code=code or "").first()
    if reason is None:
        raise InputError("请选择挂起原因", "choose a reason for suspending", "pause_reason")
    return reason


@transaction.atomic
def do_transition(work_order_id: int, code: str, *, actor: Any, version: int | None,
                  at: dt.datetime | None = None, **inputs: Any) -> WorkOrder:
    """Move a work order along the lifecycle (see lifecycle.TRANSITIONS). Who may take the
    step, and what it needs, is decided here for every channel."""
    wo = WorkOrder.objects.select_for_update().get(pk=work_order_id)
    if version is not None and wo.version != int(version):
        raise Conflict(wo)
    at = at or timezone.now()
    roles = work_order_roles(wo, actor)
    transition = lc.check(code, wo.state, roles, filled=conditions(wo))
    note = (inputs.get("note") or inputs.get("comment") or "").strip()
    data: dict[str, Any] = {}
    kind = code
    if code == "dispatch":
        wo.assignee = _check_assignee(wo, inputs.get("assignee"))
        data["assignee"] = wo.assignee.username
    elif code == "suspend":
        reason = _pause_reason(wo, inputs.get("pause_reason"))
        inputs["pause_reason_name"] = reason.name
        data["reason"] = reason.code
        if reason.needs_approval:
            # The clocks run on until the requester (or the desk, on the phone) consents.
            wo.pending_pause = reason.code
            transition = lc.Transition(code, transition.sources, None, transition.label_zh,
                                       transition.label_en)
            kind = "pause_requested"
    elif code in ("approve_pause", "refuse_pause"):
        reason = _pause_reason(wo, wo.pending_pause)
        data["reason"] = reason.code
        who = (inputs.get("confirmed_by") or "").strip()
        if lc.OWNER not in roles:  # the desk records the requester's answer given by phone
            if not who:
                raise InputError("请填写在电话中答复的服务对象", "who answered on the phone?",
                                 "confirmed_by")
            data["confirmed_by"] = who[:100]
            data["method"] = ConfirmMethod.PHONE
        else:
            data["method"] = ConfirmMethod.APP
        inputs["pause_reason_name"] = reason.name
        wo.pending_pause = ""
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
    elif code == "withdraw":
        if not note:
            raise InputError("请说明撤回的原因", "say why the fix is taken back", "note")
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
            if wo.resolved_at and when < wo.resolved_at:
                raise InputError("确认时间不能早于提交确认的时间",
                                 "the confirmation cannot be earlier than the submission",
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
    if code == "arrive":
        wo.on_site_at = at
    if code == "resolve":
        wo.resolved_at = at
        wo.resolved_by = actor  # who did it: the PDF prints this name as the handler's
        if lc.ASSIGNEE not in roles:
            data["on_behalf_of"] = wo.assignee.username if wo.assignee_id else ""
    if code == "withdraw":
        wo.resolved_at = None
    if code in ("confirm", "phone_confirm"):
        wo.closed_at = at
    _apply_clocks(wo, transition, at, inputs)
    _event(wo, kind, actor, at, from_state=from_state, to_state=wo.state, note=note, data=data)
    wo.version += 1
    _sync_deadlines(wo)
    wo.save()
    _tell(wo, code, kind)
    if code == "resolve":  # other apps follow on commit (an accident's outages end)
        events.announce(events.work_order_resolved, WorkOrder, resolved=events.Resolved(
            contract_id=wo.contract_id, work_order_id=wo.pk, resolved_at=at))
    return wo


def _tell(wo: WorkOrder, code: str, kind: str) -> None:
    """Notifications of a step (in-app now, mail after commit)."""
    params = params_of(wo)
    if code == "dispatch":
        notify([wo.assignee], wo, f"assigned:{wo.version}", "assigned", params)
    elif kind == "pause_requested" and wo.requester_id:
        notify([wo.requester], wo, f"pause_requested:{wo.version}", "pause_requested", params)
    elif code == "resolve" and wo.requester_id:
        notify([wo.requester], wo, f"awaiting_signoff:{wo.version}", "awaiting_signoff",
               params)
    elif code in ("reopen", "refuse_pause") and wo.assignee_id:
        notify([wo.assignee], wo, f"{code}:{wo.version}",
               "reopened" if code == "reopen" else "pause_refused", params)
