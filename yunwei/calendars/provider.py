"""Engine calendars built from the package's arrangement plus the years entered in the database.

Built calendars are cached per process and keyed by a version of the holiday data (one cheap
query), so an entered year takes effect everywhere at the next computation.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from django.db.models import Count, Max

from yunwei.worktime import WorkCalendar
from yunwei.worktime.china import china_calendar

from .choices import CalendarKind, DayKind

_cache: dict[tuple[Any, ...], WorkCalendar] = {}
_lock = threading.Lock()
#: The holiday-data version is re-read at most this often per process (other app servers see
#: an entered year within this time; the process that saved it sees it at once).
VERSION_TTL = 5.0
_version: tuple[float, tuple[Any, ...]] | None = None


def invalidate() -> None:
    """Forget the cached holiday-data version (called when holiday data is saved here)."""
    global _version
    _version = None


def holiday_version() -> tuple[Any, ...]:
    """A value that changes whenever entered holiday data changes."""
    global _version
    now = time.monotonic()
    if _version is not None and now - _version[0] < VERSION_TTL:
        return _version[1]
    from .models import HolidayDay, HolidayYear

    years = HolidayYear.objects.aggregate(n=Count("id"), last=Max("updated"))
    days = HolidayDay.objects.aggregate(n=Count("id"), last=Max("id"))
    value = (years["n"], years["last"], days["n"], days["last"])
    _version = (now, value)
    return value


def entered_years() -> dict[int, tuple[dict[dt.date, str], dict[dt.date, str]]]:
    """Confirmed years from the database: year -> (holidays, make-up workdays)."""
    from .models import HolidayDay

    result: dict[int, tuple[dict[dt.date, str], dict[dt.date, str]]] = {}
    rows = HolidayDay.objects.filter(year__confirmed=True).values_list(
        "year__year", "date", "kind", "name")
    for year, date, kind, name in rows:
        holidays, workdays = result.setdefault(year, ({}, {}))
        (holidays if kind == DayKind.HOLIDAY else workdays)[date] = name
    from .models import HolidayYear

    for year in HolidayYear.objects.filter(confirmed=True).values_list("year", flat=True):
        result.setdefault(year, ({}, {}))
    return result


def engine_for(kind: str, hours: str = "") -> WorkCalendar:
    """The engine calendar for a calendar definition (7x24, or hours on working days)."""
    version = holiday_version()
    key = (version, kind, hours if kind == CalendarKind.OFFICE else "")
    cached = _cache.get(key)
    if cached is not None:
        return cached
    with _lock:
        cached = _cache.get(key)
        if cached is None:
            if len(_cache) > 32:
                _cache.clear()
            cached = china_calendar(None if kind == CalendarKind.ALWAYS else hours,
                                    entered=entered_years())
            _cache[key] = cached
    return cached


def national_calendar() -> WorkCalendar:
    """A 09:00-17:30 calendar on the current national data (for working-day arithmetic)."""
    return engine_for(CalendarKind.OFFICE, "09:00-17:30")
