"""The SLA clock: an explicit state machine over an event log (plain Python).

Events: start, pause (reason), resume, extend (reason, approver; extra time or a new deadline
agreed in writing), stop. The clock's deadline, warning time, remaining time and breach follow
from the events and the calendar alone, so any deadline can be explained step by step.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from .durations import format_duration
from .engine import TZ, Deadline, Step, WorkCalendar
from .errors import CalendarError

IDLE, RUNNING, PAUSED, STOPPED = "idle", "running", "paused", "stopped"

#: (state, event) -> next state. Anything else is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (IDLE, "start"): RUNNING,
    (RUNNING, "pause"): PAUSED,
    (PAUSED, "resume"): RUNNING,
    (RUNNING, "extend"): RUNNING,
    (PAUSED, "extend"): PAUSED,
    (RUNNING, "stop"): STOPPED,
    (PAUSED, "stop"): STOPPED,
}

STATE_ZH = {IDLE: "未开始", RUNNING: "计时中", PAUSED: "已暂停", STOPPED: "已停止"}
EVENT_ZH = {"start": "开始", "pause": "暂停", "resume": "恢复", "extend": "延期", "stop": "停止"}


@dataclass(frozen=True)
class ClockEvent:
    """One event of a clock's log."""

    kind: str
    at: dt.datetime
    reason: str = ""
    approver: str = ""
    extra_seconds: int = 0
    new_deadline: dt.datetime | None = None


@dataclass(frozen=True)
class ClockStatus:
    """What a clock says at a moment."""

    state: str
    deadline: dt.datetime | None
    warn_at: dt.datetime | None
    elapsed: int
    remaining: int
    target: int
    breached: bool
    warning: bool
    met: bool | None
    stopped_at: dt.datetime | None
    explanation: Deadline | None
    extensions: tuple[Step, ...] = ()
    flags: tuple[str, ...] = ()


class SlaClock:
    """A clock of `target` counted seconds on `calendar`, warning at `warn_ratio` of it."""

    def __init__(self, calendar: WorkCalendar, target: int, warn_ratio: float = 0.75,
                 events: list[ClockEvent] | None = None, label: str = "开始") -> None:
        if target <= 0:
            raise CalendarError("时限必须大于零", "the target must be positive")
        if not 0 < warn_ratio <= 1:
            raise CalendarError("预警比例必须在 0 到 1 之间", "the warning ratio must be in (0, 1]")
        self.calendar = calendar
        self.target = target
        self.warn_ratio = warn_ratio
        self.label = label
        self.events: list[ClockEvent] = []
        self.state = IDLE
        for event in events or []:
            self.apply(event)

    def apply(self, event: ClockEvent) -> str:
        """Apply one event; refuse an illegal transition or an event out of time order."""
        key = (self.state, event.kind)
        if key not in TRANSITIONS:
            state = STATE_ZH.get(self.state, self.state)
            raise CalendarError(
                f"计时器{state}时不能{EVENT_ZH.get(event.kind, event.kind)}",
                f"cannot {event.kind} a clock that is {self.state}",
            )
        if self.events and event.at < self.events[-1].at:
            raise CalendarError("事件时间早于上一事件", "event is earlier than the previous one")
        if event.kind == "extend":
            if not event.reason or not event.approver:
                raise CalendarError("延期必须写明原因和批准人",
                                    "an extension needs a reason and an approver")
            if event.extra_seconds <= 0 and event.new_deadline is None:
                raise CalendarError("延期必须给出延长时长或新的截止时间",
                                    "an extension needs extra time or a new deadline")
        if event.kind == "pause" and not event.reason:
            raise CalendarError("暂停必须选择原因", "a pause needs a reason")
        self.events.append(event)
        self.state = TRANSITIONS[key]
        return self.state

    # -- helpers -----------------------------------------------------------------------------
    def _start(self) -> dt.datetime | None:
        return self.events[0].at if self.events else None

    def _pauses(self, now: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
        spans, opened = [], None
        for e in self.events:
            if e.kind == "pause":
                opened = e.at
            elif e.kind in ("resume", "stop") and opened is not None:
                spans.append((opened, e.at))
                opened = None
        if opened is not None:
            spans.append((opened, max(now, opened)))
        return spans

    def status(self, now: dt.datetime, explain: bool = True) -> ClockStatus:
        """The clock at `now` (a stopped clock is judged at its stop time); `explain=False`
        skips the step-by-step explanation (the deadline, flags and the rest are the same)."""
        start = self._start()
        if start is None:
            return ClockStatus(IDLE, None, None, 0, self.target, self.target, False, False, None,
                               None, None)
        stop = next((e.at for e in self.events if e.kind == "stop"), None)
        moment = max(stop or now, start)  # a clock that starts in the future has run 0 s
        pauses = self._pauses(moment)
        closed_pauses = [p for p in pauses if self.state != PAUSED or p is not pauses[-1]]
        target = self.target + sum(e.extra_seconds for e in self.events if e.kind == "extend")
        explicit = [e.new_deadline for e in self.events if e.kind == "extend" and e.new_deadline]
        if explain:
            explanation = self.calendar.deadline(start, target, closed_pauses, label=self.label)
        else:
            at = self.calendar.add(start, target, closed_pauses)
            start_local = start.astimezone(TZ)
            explanation = Deadline(start_local, target, at, self.calendar.flags_between(
                start_local.date(), at.date()))
        ext_steps = tuple(
            Step("extend",
                 f"延期：{e.reason}（批准人 {e.approver}）"
                 + (f"，新的截止时间 {e.new_deadline.astimezone(TZ):%Y-%m-%d %H:%M}"
                    if e.new_deadline else f"，延长 {format_duration(e.extra_seconds)}"),
                 f"extended: {e.reason} (approved by {e.approver})")
            for e in self.events if e.kind == "extend")
        deadline: dt.datetime | None = explicit[-1] if explicit else explanation.at
        elapsed = self.calendar.elapsed(start, moment, pauses)
        if explicit:
            remaining = self.calendar.elapsed(moment, deadline) if moment < deadline else -(
                self.calendar.elapsed(deadline, moment))
        else:
            remaining = target - elapsed
        if self.state == PAUSED:
            deadline = None  # the deadline moves while the clock is stopped
        warn_at = None
        if not explicit:
            warn_at = self.calendar.add(start, math.ceil(target * self.warn_ratio), closed_pauses)
        breached = remaining < 0
        warning = not breached and elapsed >= target * self.warn_ratio
        met = None if stop is None else not breached
        return ClockStatus(self.state, deadline, warn_at, elapsed, remaining, target, breached,
                           warning, met, stop, explanation, ext_steps, explanation.flags)
