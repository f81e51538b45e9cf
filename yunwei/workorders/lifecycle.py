"""The work order lifecycle as data: states, transitions, who may do them, what they need and
what they do to the SLA clocks. Plain Python (no Django import).

新建 → 已受理 → 已派单 → 处理中 → 待确认 → 已关闭; 挂起 / 恢复 (clock paused with a reason);
延期 (extension with the requester's written consent); 升级 (second line or manufacturer);
重开 (the requester does not accept the fix: back to 处理中); 撤回 (the engineer takes a submitted
fix back to change the record). A pause whose reason needs the requester's consent waits for it:
同意挂起 / 不同意挂起.

Who may act is data too: contract roles, plus two roles an actor has on one work order only,
ASSIGNEE (the engineer or PM it is assigned to) and OWNER (its own requester). What a role may
edit, and when, is in EDIT_RULES. Every channel (UI, API, mail, CLI) goes through `check()` and
`check_edit()` in the actions.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

NEW, ACCEPTED, DISPATCHED, IN_PROGRESS = "new", "accepted", "dispatched", "in_progress"
SUSPENDED, PENDING, CLOSED = "suspended", "pending_confirmation", "closed"
OPEN_STATES = frozenset({NEW, ACCEPTED, DISPATCHED, IN_PROGRESS, SUSPENDED, PENDING})
ALL_STATES = (NEW, ACCEPTED, DISPATCHED, IN_PROGRESS, SUSPENDED, PENDING, CLOSED)

STATE_LABELS = {
    NEW: ("新建", "New"),
    ACCEPTED: ("已受理", "Accepted"),
    DISPATCHED: ("已派单", "Dispatched"),
    IN_PROGRESS: ("处理中", "In progress"),
    SUSPENDED: ("挂起", "Suspended"),
    PENDING: ("待确认", "Waiting for confirmation"),
    CLOSED: ("已关闭", "Closed"),
}

DESK = "service_desk"
PM = "vendor_pm"
ENGINEER = "vendor_engineer"
AGENCY_ADMIN = "agency_admin"
LIAISON = "agency_liaison"
REQUESTER = "requester"
ASSIGNEE = "assignee"  # on one work order: the engineer (or PM) it is assigned to
OWNER = "owner"  # on one work order: its own requester

#: Fields an engineer must fill in before the work order may wait for confirmation.
RESOLUTION_FIELDS = ("problem_analysis", "resolution_steps", "verification")
#: What was reported: the desk edits it; the requester too while the order is new.
REQUEST_FIELDS = ("title", "description", "location", "category", "affected_equipment",
                  "requester_contact")
#: Conditions a transition may need (besides the record fields): a pause request waiting for
#: consent, an arrival already recorded.
PENDING_PAUSE, ON_SITE = "pending_pause", "on_site_at"


def actor_roles(contract_roles: AbstractSet[str], *, is_requester: bool,
                is_assignee: bool) -> frozenset[str]:
    """The roles an actor has on one work order: their contract roles, plus OWNER when it is
    their own request and ASSIGNEE when it is assigned to them (as a vendor member)."""
    roles = set(contract_roles)
    if is_requester:
        roles.add(OWNER)
    if is_assignee and roles & {ENGINEER, PM}:
        roles.add(ASSIGNEE)
    return frozenset(roles)


@dataclass(frozen=True)
class Transition:
    """One allowed change: from some states to one (or none: the state stays)."""

    code: str
    sources: frozenset[str]
    target: str | None
    label_zh: str
    label_en: str
    roles: frozenset[str] = frozenset()
    needs: tuple[str, ...] = ()  # work order fields / conditions that must hold
    needs_not: tuple[str, ...] = ()  # conditions that must not hold
    inputs: tuple[str, ...] = ()  # what the form asks for
    clocks: dict[str, str] = field(default_factory=dict)  # metric -> start/pause/resume/stop


T = Transition
WORKING = frozenset({ACCEPTED, DISPATCHED, IN_PROGRESS})
TRANSITIONS: tuple[Transition, ...] = (
    T("accept", frozenset({NEW}), ACCEPTED, "受理", "Accept",
      frozenset({DESK, PM, AGENCY_ADMIN}), clocks={"response": "stop"}),
    T("dispatch", frozenset({NEW, ACCEPTED, DISPATCHED, IN_PROGRESS}), DISPATCHED, "派单",
      "Dispatch", frozenset({DESK, PM}), inputs=("assignee",), clocks={"response": "stop"}),
    T("start", frozenset({DISPATCHED}), IN_PROGRESS, "开始处理", "Start work",
      frozenset({ASSIGNEE, PM}), clocks={"response": "stop"}),
    T("arrive", frozenset({DISPATCHED, IN_PROGRESS}), IN_PROGRESS, "到达现场", "Arrive on site",
      frozenset({ASSIGNEE, PM}), needs_not=(ON_SITE,),
      clocks={"response": "stop", "on_site": "stop"}),
    T("suspend", WORKING, SUSPENDED, "挂起", "Suspend",
      frozenset({DESK, PM, ASSIGNEE}), inputs=("pause_reason", "note"), needs_not=(PENDING_PAUSE,),
      clocks={"resolution": "pause", "on_site": "pause"}),
    T("approve_pause", WORKING, SUSPENDED, "同意挂起", "Agree to the pause",
      frozenset({OWNER, DESK}), inputs=("confirmed_by", "note"), needs=(PENDING_PAUSE,),
      clocks={"resolution": "pause", "on_site": "pause"}),
    T("refuse_pause", WORKING, None, "不同意挂起", "Refuse the pause",
      frozenset({OWNER, DESK}), inputs=("confirmed_by", "note"), needs=(PENDING_PAUSE,)),
    T("resume", frozenset({SUSPENDED}), IN_PROGRESS, "恢复处理", "Resume",
      frozenset({DESK, PM, ASSIGNEE}), inputs=("note",),
      clocks={"resolution": "resume", "on_site": "resume"}),
    T("extend", frozenset({NEW, ACCEPTED, DISPATCHED, IN_PROGRESS, SUSPENDED}), None, "延期",
      "Extend", frozenset({DESK, PM}), inputs=("reason", "approver", "new_deadline"),
      clocks={"resolution": "extend"}),
    T("escalate", frozenset({DISPATCHED, IN_PROGRESS}), None, "升级", "Escalate",
      frozenset({DESK, PM, ASSIGNEE}), inputs=("escalation", "note")),
    T("resolve", frozenset({IN_PROGRESS}), PENDING, "提交确认", "Submit for confirmation",
      frozenset({ASSIGNEE, PM}), needs=RESOLUTION_FIELDS,
      clocks={"response": "stop", "on_site": "stop", "resolution": "pause"}),
    T("withdraw", frozenset({PENDING}), IN_PROGRESS, "撤回修改", "Take back to change",
      frozenset({ASSIGNEE, PM}), inputs=("note",), clocks={"resolution": "resume"}),
    T("confirm", frozenset({PENDING}), CLOSED, "确认关闭", "Confirm and close",
      frozenset({OWNER}), inputs=("rating", "comment"),
      clocks={"resolution": "stop"}),
    T("phone_confirm", frozenset({PENDING}), CLOSED, "电话确认关闭", "Close on phone confirmation",
      frozenset({DESK}), inputs=("confirmed_by", "confirmed_at", "rating", "comment"),
      clocks={"resolution": "stop"}),
    T("reopen", frozenset({PENDING}), IN_PROGRESS, "重开", "Reopen",
      frozenset({DESK, OWNER}), inputs=("note",), clocks={"resolution": "resume"}),
)
BY_CODE = {t.code: t for t in TRANSITIONS}


class TransitionError(ValueError):
    """An illegal or incomplete transition; `str()` gives 'Chinese / English'."""

    def __init__(self, zh: str, en: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.missing = zh, en, missing


def check(code: str, state: str, roles: AbstractSet[str],
          filled: dict[str, bool] | None = None) -> Transition:
    """The transition if it is allowed now; otherwise a TransitionError saying why. `roles`
    come from actor_roles(); `filled` says which fields and conditions hold."""
    transition = BY_CODE.get(code)
    if transition is None:
        raise TransitionError(f"未知操作“{code}”", f"unknown action {code!r}")
    if state not in transition.sources:
        zh_state, en_state = STATE_LABELS.get(state, (state, state))
        raise TransitionError(f"工单{zh_state}时不能{transition.label_zh}",
                              f"cannot {transition.label_en.lower()} a work order that is "
                              f"{en_state.lower()}")
    if not transition.roles & roles:
        if roles & {ENGINEER, PM} and ASSIGNEE in transition.roles:
            raise TransitionError(f"只有该工单的处理人或项目经理可以{transition.label_zh}",
                                  f"only the assignee or the vendor PM may "
                                  f"{transition.label_en.lower()}")
        raise TransitionError(f"您的角色不能{transition.label_zh}",
                              f"your role may not {transition.label_en.lower()}")
    filled = filled or {}
    for condition in transition.needs_not:
        if filled.get(condition):
            zh, en = CONDITION_LABELS[condition][1]
            raise TransitionError(zh, en)
    missing = tuple(f for f in transition.needs if not filled.get(f))
    if missing and missing[0] in CONDITION_LABELS:
        zh, en = CONDITION_LABELS[missing[0]][0]
        raise TransitionError(zh, en, missing)
    if missing:
        raise TransitionError("请先填写：" + "、".join(FIELD_LABELS[f][0] for f in missing),
                              "fill in first: " + ", ".join(FIELD_LABELS[f][1] for f in missing),
                              missing)
    return transition


def available(state: str, roles: AbstractSet[str],
              filled: dict[str, bool] | None = None) -> list[Transition]:
    """Transitions the user may start from this state (record fields are checked on submit)."""
    filled = filled or {}
    return [t for t in TRANSITIONS if state in t.sources and t.roles & roles
            and not any(filled.get(c) for c in t.needs_not)
            and all(filled.get(c) for c in t.needs if c in CONDITION_LABELS)]


@dataclass(frozen=True)
class EditRule:
    """Who may change a group of fields, in which states (OWNER only in `owner_states`)."""

    fields: tuple[str, ...]
    roles: frozenset[str]
    states: frozenset[str]
    owner_states: frozenset[str] = frozenset()


EDIT_RULES: tuple[EditRule, ...] = (
    EditRule(REQUEST_FIELDS, frozenset({DESK, AGENCY_ADMIN, PM}), OPEN_STATES,
             owner_states=frozenset({NEW})),
    # The record is the engineer's, and frozen once submitted for confirmation: a change
    # needs the order taken back (撤回) or reopened, which the timeline shows.
    EditRule(RESOLUTION_FIELDS, frozenset({ASSIGNEE, PM}), WORKING | {SUSPENDED}),
)
#: Attachments: the record's people while they may edit it, the desk while the order is
#: open, the requester while reporting.
ATTACHMENT_RULE = EditRule(("attachment",), frozenset({ASSIGNEE, PM, DESK, AGENCY_ADMIN}),
                           OPEN_STATES - {PENDING}, owner_states=frozenset({NEW, ACCEPTED}))


def rule_for(name: str) -> EditRule:
    """The edit rule of a field."""
    if name == "attachment":
        return ATTACHMENT_RULE
    for rule in EDIT_RULES:
        if name in rule.fields:
            return rule
    raise TransitionError(f"不能修改“{name}”", f"{name!r} cannot be changed here")


def may_edit(rule: EditRule, state: str, roles: AbstractSet[str]) -> bool:
    """Whether these roles may change the rule's fields in this state."""
    return (state in rule.states and bool(rule.roles & roles)) or (
        OWNER in roles and state in rule.owner_states)


def check_edit(names: tuple[str, ...] | list[str], state: str, roles: AbstractSet[str]) -> None:
    """Raise a TransitionError unless these roles may change every named field now."""
    for name in names:
        rule = rule_for(name)
        if may_edit(rule, state, roles):
            continue
        label = FIELD_LABELS.get(name, (name, name))
        if state == PENDING and rule.fields == RESOLUTION_FIELDS and rule.roles & roles:
            raise TransitionError("已提交确认，处理记录不能再改；如需修改请先撤回",
                                  "the record was submitted for confirmation: take the order "
                                  "back before changing it")
        zh_state, en_state = STATE_LABELS.get(state, (state, state))
        raise TransitionError(f"工单{zh_state}时您不能修改“{label[0]}”",
                              f"you may not change the {label[1]} of a work order that is "
                              f"{en_state.lower()}")


FIELD_LABELS = {
    "problem_analysis": ("问题分析", "problem analysis"),
    "resolution_steps": ("解决步骤", "resolution steps"),
    "verification": ("验证结果", "verification"),
    "title": ("标题", "title"),
    "description": ("描述", "description"),
    "location": ("地点", "location"),
    "category": ("类别", "category"),
    "affected_equipment": ("涉及设备", "affected equipment"),
    "requester_contact": ("联系方式", "contact"),
    "attachment": ("附件", "attachments"),
}
#: condition -> ((zh, en) when it must hold and does not, (zh, en) when it must not and does)
CONDITION_LABELS = {
    PENDING_PAUSE: (("没有等待同意的挂起申请", "there is no pause waiting for consent"),
                    ("已有挂起申请等待服务对象同意", "a pause is already waiting for consent")),
    ON_SITE: (("尚未记录到场", "no arrival recorded"),
              ("已记录到场时间", "the arrival on site is already recorded")),
}
