"""The flag of an unconfirmed year reads in the reader's language: the explanation's English
line is English, and a flag stored in Chinese (or several joined) is given in English."""

import datetime as dt

from yunwei.worktime.engine import TZ, WorkCalendar, flag_text

ZH_2027 = "2027 年节假日安排尚未录入，按周一至周五计算"
EN_2027 = "The 2027 holiday arrangement is not entered yet: counted Monday to Friday"


def test_explanation_flag_line_in_both_languages():
    cal = WorkCalendar("09:00-17:00", known_years=[2026])
    # 2026-12-31 16:00 + 8 working hours runs into 2027, a year not entered
    result = cal.deadline(dt.datetime(2026, 12, 31, 16, 0, tzinfo=TZ), 8 * 3600)
    assert result.flags == (ZH_2027,)  # stored as computed
    flag_steps = [s for s in result.steps if s.kind == "flag"]
    assert [(s.text_zh, s.text_en) for s in flag_steps] == [(ZH_2027, EN_2027)]


def test_stored_flags_in_english_and_left_alone_in_chinese():
    joined = f"{ZH_2027}; 2028 年节假日安排尚未录入，按周一至周五计算"
    assert flag_text(joined, "en") == (
        f"{EN_2027}; The 2028 holiday arrangement is not entered yet: counted Monday to Friday")
    assert flag_text(joined, "zh") == joined
    assert flag_text("其他提示", "en") == "其他提示"
