"""The one-year loan prime rate (贷款市场报价利率, LPR) as data: a table of published rates with
the day each took effect, the rate in force on a day, and how far the table is known. Pure:
the platform gives the table (the system administrator maintains it), nothing is guessed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class LprTable:
    """Published one-year LPRs (percent a year) by the day each took effect, oldest first.

    A rate is in force from its day until the next one. After the newest entry the table is
    known only until the next monthly publication (the 20th of the next month): a later day
    has no known rate until the administrator enters that month's figure, even unchanged."""

    rates: tuple[tuple[dt.date, Decimal], ...]

    @classmethod
    def of(cls, rows: Iterable[tuple[dt.date, Decimal | str]]) -> LprTable:
        """A table from (effective date, percent) rows in any order."""
        return cls(tuple(sorted((d, Decimal(str(r))) for d, r in rows)))

    @property
    def known_until(self) -> dt.date | None:
        """The last day whose rate the table knows (None for an empty table)."""
        if not self.rates:
            return None
        last = self.rates[-1][0]
        year, month = (last.year + 1, 1) if last.month == 12 else (last.year, last.month + 1)
        return dt.date(year, month, 20) - dt.timedelta(days=1)

    def rate_on(self, day: dt.date) -> tuple[dt.date, Decimal] | None:
        """(effective date, percent) of the rate in force on `day`; None when unknown."""
        if not self.rates or day < self.rates[0][0] or day > (self.known_until or day):
            return None
        found = self.rates[0]
        for effective, rate in self.rates:
            if effective > day:
                break
            found = (effective, rate)
        return found

    def segments(self, start: dt.date, end: dt.date
                 ) -> tuple[list[tuple[dt.date, dt.date, dt.date, Decimal]],
                            list[tuple[dt.date, dt.date]]]:
        """The days `start`..`end` (both counted) split by the rate in force: (first day, last
        day, effective date, percent) each, and the runs of days with no known rate."""
        known: list[tuple[dt.date, dt.date, dt.date, Decimal]] = []
        missing: list[tuple[dt.date, dt.date]] = []
        day = start
        while day <= end:
            found = self.rate_on(day)
            if found is None:
                nxt = next((d for d, _ in self.rates if d > day), None)
                last = min(end, nxt - dt.timedelta(days=1)) if nxt else end
                missing.append((day, last))
            else:
                nxt = next((d for d, _ in self.rates if d > day), None)
                limit = nxt - dt.timedelta(days=1) if nxt else self.known_until or end
                last = min(end, limit)
                known.append((day, last, found[0], found[1]))
            day = last + dt.timedelta(days=1)
        return known, missing
