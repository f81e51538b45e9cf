"""A brute-force oracle: walks minute by minute, sharing no code with the engine."""

from __future__ import annotations

import datetime as dt

MINUTE = dt.timedelta(minutes=1)


class Oracle:
    """Counts minutes one at a time."""

    def __init__(self, hours, holidays, workdays, always=False, weekday_hours=None):
        self.hours = hours
        self.holidays = set(holidays)
        self.workdays = set(workdays)
        self.always = always
        self.weekday_hours = weekday_hours or {}

    def working_minute(self, t: dt.datetime, pauses=()) -> bool:
        for a, b in pauses:
            if a <= t < b:
                return False
        if self.always:
            return True
        day = t.date()
        if day in self.workdays:
            working = True
        elif day in self.holidays:
            working = False
        else:
            working = day.weekday() < 5
        if not working:
            return False
        sec = t.hour * 3600 + t.minute * 60
        hours = self.weekday_hours.get(day.weekday(), self.hours)
        return any(s <= sec and sec + 60 <= e for s, e in hours)

    def add(self, start: dt.datetime, minutes: int, pauses=()) -> dt.datetime:
        t, counted = start, 0
        while True:
            if self.working_minute(t, pauses):
                counted += 1
                if counted == minutes:
                    return t + MINUTE
            t += MINUTE

    def elapsed(self, start: dt.datetime, end: dt.datetime, pauses=()) -> int:
        t, counted = start, 0
        while t < end:
            counted += self.working_minute(t, pauses)
            t += MINUTE
        return counted * 60
