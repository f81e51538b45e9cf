"""Staffing rules in plain Python: shifts, notice periods, a shift's attendance, coverage.

No Django import: the rules are tested alone (tests/test_rules.py) and run in bulk when a
year of punches is derived (benchmarks/staffing_bench.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: Punches this long before a shift starts or after it ends still belong to it.
WINDOW = dt.timedelta(hours=4)

PRESENT = "present"
LATE = "late"
EARLY = "early"
ABSENT = "absent"
LEAVE = "leave"
LEAVE_UNREPORTED = "leave_unreported"
UNCHECKED_ENTRY = "unchecked_entry"
REPLACED_WITHOUT_NOTICE = "replaced_without_notice"
COMPENSATORY_UNREPORTED = "compensatory_unreported"


def shift_bounds(day: dt.date, start: dt.time, end: dt.time,
                 tz: dt.tzinfo | None = None) -> tuple[dt.datetime, dt.datetime]:
    """A shift's start and end on `day`; an end at or before the start is on the next day
    (a night shift 20:00-08:00; 00:00-00:00 is a 24-hour shift)."""
    begin = dt.datetime.combine(day, start, tzinfo=tz)
    finish = dt.datetime.combine(day, end, tzinfo=tz)
    if finish <= begin:
        finish += dt.timedelta(days=1)
    return begin, finish


def shift_applies(days: str, day: dt.date, is_workday: bool) -> bool:
    """Whether a pattern is worked on `day`: "daily" every day (7x24), "workdays" on the
    calendar's working days (holidays off, 调休 make-up days on)."""
    return True if days == "daily" else is_workday


def leave_in_time(asked_at: dt.datetime, starts_at: dt.datetime, ahead_hours: int,
                  emergency: bool = False, emergency_hours: int = 0) -> bool:
    """Whether a leave request was asked in time: at least `ahead_hours` before it starts, or,
    for an emergency, no later than `emergency_hours` after it started."""
    if starts_at - asked_at >= dt.timedelta(hours=ahead_hours):
        return True
    return emergency and asked_at - starts_at <= dt.timedelta(hours=emergency_hours)


def notice_days(notified_on: dt.date, effective_on: dt.date) -> int:
    """Calendar days of notice between the notification and the change."""
    return (effective_on - notified_on).days


def notice_ok(notified_on: dt.date, effective_on: dt.date, required_days: int) -> bool:
    """Whether a replacement was notified at least `required_days` calendar days ahead."""
    return notice_days(notified_on, effective_on) >= required_days


def whole_minutes(delta: dt.timedelta) -> int:
    """Whole minutes of a duration, rounded down (a punch at 09:59:59 is 59 minutes late)."""
    return max(0, int(delta.total_seconds()) // 60)


@dataclass(frozen=True)
class Leave:
    """A leave of one person: its interval and whether it counts as reported."""

    start: dt.datetime
    end: dt.datetime
    approved: bool
    in_time: bool


@dataclass(frozen=True)
class Outcome:
    """One attendance record of a shift: kind, minutes, the punches that prove it."""

    kind: str
    minutes: int = 0
    evidence: tuple[object, ...] = field(default_factory=tuple)
    note: str = ""


def judge_shift(start: dt.datetime, end: dt.datetime,
                punches: Sequence[tuple[dt.datetime, object]],
                leaves: Iterable[Leave] = (),
                times: Sequence[dt.datetime] | None = None) -> list[Outcome]:
    """The attendance of one rostered shift from the person's punches (sorted by time,
    (time, evidence key)) and leaves. Late / early are measured against the shift's start and
    end, moved by an approved leave covering one end of it. A shift needs a clock-in and a
    clock-out: a missing one (缺卡) counts as absent, as the contracts say."""
    covering = [lv for lv in leaves if lv.start < end and start < lv.end]
    reported = [lv for lv in covering if lv.approved and lv.in_time]
    for lv in reported:
        if lv.start <= start and lv.end >= end:
            return [Outcome(LEAVE)]
    if times is None:
        times = [p[0] for p in punches]
    lo = bisect.bisect_left(times, start - WINDOW)
    hi = bisect.bisect_right(times, end + WINDOW)
    mine = punches[lo:hi]
    if not mine:
        if covering:
            return [Outcome(LEAVE_UNREPORTED)]
        return [Outcome(ABSENT)]
    evidence = tuple(p[1] for p in mine)
    if len(mine) < 2:
        return [Outcome(ABSENT, evidence=evidence, note="missing punch")]
    due_in, due_out = start, end
    for lv in reported:
        if lv.start <= due_in < lv.end:
            due_in = lv.end
        if lv.start < due_out <= lv.end:
            due_out = lv.start
    arrived, left = mine[0][0], mine[-1][0]
    out: list[Outcome] = []
    late = whole_minutes(arrived - due_in)
    early = whole_minutes(due_out - left)
    if late:
        out.append(Outcome(LATE, late, evidence))
    if early:
        out.append(Outcome(EARLY, early, evidence))
    return out or [Outcome(PRESENT, evidence=evidence)]


@dataclass(frozen=True)
class Slot:
    """A rostered shift to judge: its key, person and bounds."""

    key: object
    person: object
    start: dt.datetime
    end: dt.datetime


def derive(slots: Iterable[Slot],
           punches: Mapping[object, Sequence[tuple[dt.datetime, object]]],
           leaves: Mapping[object, Sequence[Leave]]) -> list[tuple[Slot, Outcome]]:
    """Judge every slot against its person's punches (sorted) and leaves."""
    result = []
    empty: tuple = ()
    times = {person: [p[0] for p in rows] for person, rows in punches.items()}
    for slot in slots:
        for outcome in judge_shift(slot.start, slot.end, punches.get(slot.person, empty),
                                   leaves.get(slot.person, empty), times.get(slot.person, [])):
            result.append((slot, outcome))
    return result


@dataclass(frozen=True)
class CoverageRow:
    """Required vs rostered (and attended) people of one post's shift on one day."""

    day: dt.date
    post: object
    pattern: object
    required: int
    rostered: int
    attended: int

    @property
    def shortfall(self) -> int:
        """People missing from the roster."""
        return max(0, self.required - self.rostered)

    @property
    def missing(self) -> int:
        """People missing on the day (required but not present)."""
        return max(0, self.required - self.attended)


def coverage(required: Mapping[tuple[dt.date, object, object], int],
             rostered: Mapping[tuple[dt.date, object, object], int],
             attended: Mapping[tuple[dt.date, object, object], int] | None = None,
             ) -> list[CoverageRow]:
    """One row per (day, post, pattern) required or rostered, in order."""
    attended = attended or {}
    keys = sorted(set(required) | set(rostered), key=lambda k: (k[0], str(k[1]), str(k[2])))
    return [CoverageRow(k[0], k[1], k[2], required.get(k, 0), rostered.get(k, 0),
                        attended.get(k, 0)) for k in keys]


def coverage_ratio(rows: Iterable[CoverageRow]) -> float | None:
    """Person-shifts attended over person-shifts required (None when nothing was required)."""
    need = got = 0
    for row in rows:
        need += row.required
        got += min(row.required, row.attended)
    return None if need == 0 else got / need


def off_roster_days(punches: Sequence[tuple[dt.datetime, object]],
                    shifts: Iterable[tuple[dt.datetime, dt.datetime]],
                    tz: dt.tzinfo) -> list[tuple[dt.date, tuple[object, ...]]]:
    """Days a person worked off the roster: the local days (in `tz`) with two punches or more
    (a clock-in and a clock-out) outside every rostered shift's window. `punches` are naive
    UTC (time, key) sorted by time, `shifts` naive UTC (start, end). Returns (day, punch keys)
    in day order."""
    windows = sorted((s - WINDOW, e + WINDOW) for s, e in shifts)
    starts = [w[0] for w in windows]
    reach: list[dt.datetime] = []  # the latest end among the windows up to each one
    for _s, e in windows:
        reach.append(max(e, reach[-1]) if reach else e)
    by_day: dict[dt.date, list[object]] = {}
    for moment, key in punches:
        i = bisect.bisect_right(starts, moment)  # windows starting at or before the punch
        if i and reach[i - 1] >= moment:
            continue
        local = moment.replace(tzinfo=dt.UTC).astimezone(tz).date()
        by_day.setdefault(local, []).append(key)
    return [(day, tuple(keys)) for day, keys in sorted(by_day.items()) if len(keys) >= 2]


def pair_in_lieu(absences: Iterable[tuple[object, dt.date]],
                 worked: Sequence[tuple[dt.date, tuple[object, ...]]], window_days: int,
                 used: Iterable[object] = ()) -> dict[object, tuple[dt.date, tuple[object, ...]]]:
    """Time off in lieu (调休) taken without a request: each absence (key, day), in day order,
    is paired with the earliest day worked off the roster in the `window_days` before it that
    no earlier absence took (nor one already recorded: its punch keys in `used`). One day
    worked pays for one day off. Returns absence key -> (day worked, its punch keys)."""
    taken = set(used)
    free = [w for w in sorted(worked, key=lambda w: w[0]) if not taken & set(w[1])]
    out: dict[object, tuple[dt.date, tuple[object, ...]]] = {}
    for key, day in sorted(absences, key=lambda a: (a[1], str(a[0]))):
        for i, (worked_on, keys) in enumerate(free):
            if day - dt.timedelta(days=window_days) <= worked_on < day:
                out[key] = (worked_on, keys)
                del free[i]
                break
    return out


# -- qualifications -------------------------------------------------------------------------------
_YEARS = re.compile(r"^(?P<name>.+?)\s*(?:≥|>=|:|：)\s*(?P<years>\d+)\s*(?:年)?(?:以上)?$")


@dataclass(frozen=True)
class Requirement:
    """A qualification a post requires: its name and, for experience, the minimum years."""

    name: str
    years: int = 0


def parse_requirements(text: str) -> list[Requirement]:
    """A post's requirement text as requirements: comma separated (，、 too); "name≥5年",
    "name>=5" or "name:5" ask for that many years of experience (5年以上 is ≥ 5)."""
    out = []
    for part in text.replace("，", ",").replace("、", ",").split(","):
        part = part.strip()
        if not part:
            continue
        found = _YEARS.match(part)
        if found:
            out.append(Requirement(found["name"].strip(), int(found["years"])))
        else:
            out.append(Requirement(part))
    return out


@dataclass(frozen=True)
class Held:
    """A qualification a person holds: name, years of experience, valid until (None: no end)."""

    name: str
    years: int | None = None
    valid_until: dt.date | None = None


def qualification_gaps(required: list[Requirement], held: list[Held], on: dt.date,
                       until: dt.date | None = None,
                       ) -> tuple[list[Requirement], list[tuple[Requirement, dt.date]]]:
    """(missing, expiring) requirements of a person on day `on`: missing when no held
    qualification of that name has the years asked and is valid on `on` (a certificate valid
    until `on` itself still counts); expiring, with the last day it is met, when it is met only
    by qualifications that end before `until` (the end of the contract's service period)."""
    missing: list[Requirement] = []
    expiring: list[tuple[Requirement, dt.date]] = []
    for req in required:
        fits = [h for h in held if h.name.strip() == req.name
                and (h.years or 0) >= req.years
                and (h.valid_until is None or h.valid_until >= on)]
        if not fits:
            missing.append(req)
        elif until is not None and all(h.valid_until is not None and h.valid_until < until
                                       for h in fits):
            expiring.append((req, max(h.valid_until for h in fits if h.valid_until)))
    return missing, expiring


def requirement_label(req: Requirement, lang: str = "zh") -> str:
    """A requirement as people read it: 数据库认证, 系统集成经验（≥5年） / (≥ 5 years)."""
    if not req.years:
        return req.name
    return f"{req.name}（≥{req.years}年）" if lang == "zh" else f"{req.name} (≥ {req.years} years)"


# -- time off in lieu (调休) balance --------------------------------------------------------------
#: Time off in lieu is counted in half days: up to this much of a local day is half a day,
#: more is a whole day (a morning 09:00-12:00 or an afternoon 13:00-17:30 is half a day).
HALF_DAY = dt.timedelta(hours=5)


def local_parts(start: dt.datetime, end: dt.datetime,
                tz: dt.tzinfo) -> dict[dt.date, dt.timedelta]:
    """The time of [start, end) (aware datetimes) on each local day in `tz`."""
    out: dict[dt.date, dt.timedelta] = {}
    cur, stop = start.astimezone(tz), end.astimezone(tz)
    while cur < stop:
        midnight = dt.datetime.combine(cur.date() + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
        upto = min(midnight, stop)
        out[cur.date()] = out.get(cur.date(), dt.timedelta()) + (upto - cur)
        cur = upto
    return out


def half_days(span: dt.timedelta) -> int:
    """Half days a stretch of one local day counts: none, one (up to HALF_DAY) or two."""
    if span <= dt.timedelta():
        return 0
    return 1 if span <= HALF_DAY else 2


def leave_half_days(start: dt.datetime, end: dt.datetime, tz: dt.tzinfo) -> int:
    """Half days a leave takes: per local day it touches, half a day up to HALF_DAY, else a
    whole day (a leave ending at midnight does not touch the next day)."""
    return sum(half_days(span) for span in local_parts(start, end, tz).values())


def lieu_earned(worked: Iterable[tuple[dt.datetime, dt.datetime, Callable[[dt.date], bool]]],
                tz: dt.tzinfo) -> int:
    """Half days of time off in lieu earned by shifts worked (start, end, is_workday of the
    post's calendar): per local day that is not a working day of the calendar, the time
    worked on it (a night shift counts on each side of midnight), at most a whole day."""
    per_day: dict[dt.date, dt.timedelta] = {}
    for start, end, is_workday in worked:
        for day, span in local_parts(start, end, tz).items():
            if not is_workday(day):
                per_day[day] = per_day.get(day, dt.timedelta()) + span
    return sum(half_days(span) for span in per_day.values())


def days_text(half: int) -> str:
    """Half days as days for people: 3 -> "1.5", 4 -> "2"."""
    return str(half // 2) if half % 2 == 0 else f"{half // 2}.5"
