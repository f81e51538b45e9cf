"""The work order lifecycle as data: states, transitions, who may do them, what they need and
what they do to the SLA clocks. Plain Python (no Django import).

新建 → 已受理 → 已派单 → 处理中 → 待确认 → 已关闭; 挂起 / 恢复 (clock paused with a reason);
延期 (extension with the requester's written consent); 升级 (second line or manufacturer);
重开 (the requester does not accept the fix: back to 处理中).
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

#: Fields an engineer must fill in before the work order may wait for confirmation.
RESOLUTION_FIELDS = ("problem_analysis", "resolution_steps", "verification")


@dataclass(frozen=True)
class Transition:
    """One allowed change: from some states to one (or none: the state stays)."""

    code: str
    sources: frozenset[str]
    target: str | None
    label_zh: str
    label_en: str
    roles: frozenset[str] = frozenset()
    requester: bool = False  # the work order's own requester may do it
    needs: tuple[str, ...] = ()  # work order fields that must be filled in
    inputs: tuple[str, ...] = ()  # what the form asks for
    clocks: dict[str, str] = field(default_factory=dict)  # metric -> start/pause/resume/stop


T = Transition
TRANSITIONS: tuple[Transition, ...] = (
    T("accept", frozenset({NEW}), ACCEPTED, "受理", "Accept",
      frozenset({DESK, PM, AGENCY_ADMIN}), clocks={"response": "stop"}),
    T("dispatch", frozenset({NEW, ACCEPTED, DISPATCHED, IN_PROGRESS}), DISPATCHED, "派单",
      "Dispatch", frozenset({DESK, PM}), inputs=("assignee",), clocks={"response": "stop"}),
    T("start", frozenset({DISPATCHED}), IN_PROGRESS, "开始处理", "Start work",
      frozenset({ENGINEER, PM}), clocks={"response": "stop"}),
    T("arrive", frozenset({DISPATCHED, IN_PROGRESS}), IN_PROGRESS, "到达现场", "Arrive on site",
      frozenset({ENGINEER, PM}), clocks={"response": "stop", "on_site": "stop"}),
    T("suspend", frozenset({ACCEPTED, DISPATCHED, IN_PROGRESS}), SUSPENDED, "挂起", "Suspend",
      frozenset({DESK, PM, ENGINEER}), inputs=("pause_reason", "note"),
      clocks={"resolution": "pause", "on_site": "pause"}),
    T("resume", frozenset({SUSPENDED}), IN_PROGRESS, "恢复处理", "Resume",
      frozenset({DESK, PM, ENGINEER}), inputs=("note",),
      clocks={"resolution": "resume", "on_site": "resume"}),
    T("extend", frozenset({NEW, ACCEPTED, DISPATCHED, IN_PROGRESS, SUSPENDED}), None, "延期",
      "Extend", frozenset({DESK, PM}), inputs=("reason", "approver", "new_deadline"),
      clocks={"resolution": "extend"}),
    T("escalate", frozenset({DISPATCHED, IN_PROGRESS}), None, "升级", "Escalate",
      frozenset({DESK, PM, ENGINEER}), inputs=("escalation", "note")),
    T("resolve", frozenset({IN_PROGRESS}), PENDING, "提交确认", "Submit for confirmation",
      frozenset({ENGINEER, PM}), needs=RESOLUTION_FIELDS,
      clocks={"response": "stop", "on_site": "stop", "resolution": "pause"}),
    T("confirm", frozenset({PENDING}), CLOSED, "确认关闭", "Confirm and close",
      requester=True, inputs=("rating", "comment"),
      clocks={"resolution": "stop"}),
    T("phone_confirm", frozenset({PENDING}), CLOSED, "电话确认关闭", "Close on phone confirmation",
      frozenset({DESK}), inputs=("confirmed_by", "confirmed_at", "rating", "comment"),
      clocks={"resolution": "stop"}),
    T("reopen", frozenset({PENDING}), IN_PROGRESS, "重开", "Reopen",
      frozenset({DESK}), requester=True, inputs=("note",), clocks={"resolution": "resume"}),
)
BY_CODE = {t.code: t for t in TRANSITIONS}


class TransitionError(ValueError):
    """An illegal or incomplete transition; `str()` gives 'Chinese / English'."""

    def __init__(self, zh: str, en: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en, self.missing = zh, en, missing


def check(code: str, state: str, roles: AbstractSet[str], is_requester: bool,
          filled: dict[str, bool] | None = None) -> Transition:
    """The transition if it is allowed now; otherwise a TransitionError saying why."""
    transition = BY_CODE.get(code)
    if transition is None:
        raise TransitionError(f"未知操作“{code}”", f"unknown action {code!r}")
    if state not in transition.sources:
        zh_state, en_state = STATE_LABELS.get(state, (state, state))
        raise TransitionError(f"工单{zh_state}时不能{transition.label_zh}",
                              f"cannot {transition.label_en.lower()} a work order that is "
                              f"{en_state.lower()}")
    if not (transition.roles & roles) and not (transition.requester and is_requester):
        raise TransitionError(f"您的角色不能{transition.label_zh}",
                              f"your role may not {transition.label_en.lower()}")
    missing = tuple(f for f in transition.needs if not (filled or {}).get(f))
    if missing:
        raise TransitionError("请先填写：" + "、".join(FIELD_LABELS[f][0] for f in missing),
                              "fill in first: " + ", ".join(FIELD_LABELS[f][1] for f in missing),
                              missing)
    return transition


def available(state: str, roles: AbstractSet[str], is_requester: bool) -> list[Transition]:
    """Transitions the user may start from this state (fields are checked on submit)."""
    return [t for t in TRANSITIONS if state in t.sources
            and ((t.roles & roles) or (t.requester and is_requester))]


FIELD_LABELS = {
    "problem_analysis": ("问题分析", "problem analysis"),
    "resolution_steps": ("解决步骤", "resolution steps"),
    "verification": ("验证结果", "verification"),
}
