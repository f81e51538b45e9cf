"""China's statutory arrangement from the chinese-calendar package, plus entered overrides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .engine import Intervals, WorkCalendar

#: chinese-calendar's English holiday names -> the names used in notices.
NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def package_arrangement() -> tuple[dict[dt.date, str], dict[dt.date, str], set[int]]:
    """(holidays, make-up workdays, years covered) as shipped by chinese-calendar."""
    from chinese_calendar import constants

    def name(value: object) -> str:
        text = getattr(value, "value", value)
        text = text[0] if isinstance(text, tuple) else text
        return NAMES_ZH.get(str(text), str(text))

    holidays = {d: name(v) for d, v in constants.holidays.items()}
    workdays = {d: name(v) for d, v in constants.workdays.items()}
    years = {d.year for d in holidays} | {d.year for d in workdays}
    return holidays, workdays, years


def china_calendar(
    hours: Intervals | str | None = None,
    entered: Mapping[int, tuple[Mapping[dt.date, str], Mapping[dt.date, str]]] | None = None,
    weekday_hours: Mapping[int, Intervals | str] | None = None,
    name: str = "",
) -> WorkCalendar:
    """A calendar on China's arrangement; `entered` years (year -> (holidays, workdays))
    replace the package's data for those years and count as confirmed."""
    holidays, workdays, years = package_arrangement()
    for year, (h, w) in (entered or {}).items():
        holidays = {d: n for d, n in holidays.items() if d.year != year}
        workdays = {d: n for d, n in workdays.items() if d.year != year}
        holidays.update(h)
        workdays.update(w)
        years.add(year)
    return WorkCalendar(hours, holidays, workdays, known_years=years,
                        weekday_hours=weekday_hours, name=name)
