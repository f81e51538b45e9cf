"""Parsing the State Council's holiday notice; typos are errors, never wrong dates."""

from __future__ import annotations

import datetime as dt

import pytest

from yunwei.worktime import CalendarError
from yunwei.worktime.china import package_arrangement
from yunwei.worktime.notice import parse_notice

NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
"""


def test_parses_a_whole_notice_and_agrees_with_the_package():
    notice = parse_notice(NOTICE_2026)
    assert notice.year == 2026
    holidays, workdays, _ = package_arrangement()
    assert set(notice.holidays) == {d for d in holidays if d.year == 2026}
    assert set(notice.workdays) == {d for d in workdays if d.year == 2026}
    assert notice.workdays[dt.date(2026, 1, 4)] == "元旦"
    assert "春节：放假 02-15 至 02-23，共 9 天" in notice.summary()


def test_issue_example_line():
    line = "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。"
    notice = parse_notice(line, year=2026)
    assert sorted(notice.holidays) == [dt.date(2026, 1, d) for d in (1, 2, 3)]
    assert list(notice.workdays) == [dt.date(2026, 1, 4)]


@pytest.mark.parametrize(("line", "fragment"), [
    ("一、元旦：1月1日（周五）至3日（周六）放假调休，共3天。", "通知写的是周五"),
    ("一、元旦：1月1日（周四）至3日（周六）放假调休，共4天。", "共 4 天，但日期共 3 天"),
    ("一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月5日（周一）上班。", "不是周末"),
    ("一、元旦：1月3日至1日放假，共3天。", "早于开始日"),
    ("一、元旦：2月30日放假。", "日期无效"),
    ("一、元旦：1月1日至3日休息。", "没有“放假”"),
    ("一、元旦：放假调休，共3天。", "没有放假日期"),
])
def test_typos_are_errors(line, fragment):
    with pytest.raises(CalendarError, match=fragment):
        parse_notice(line, year=2026)


def test_duplicate_dates_and_empty_notices_are_errors():
    with pytest.raises(CalendarError, match="已出现"):
        parse_notice("一、元旦：1月1日放假。\n二、又一个：1月1日放假。", year=2026)
    with pytest.raises(CalendarError, match="没有找到节假日条目"):
        parse_notice("这不是一份通知", year=2026)
    with pytest.raises(CalendarError, match="未能从通知中识别年份"):
        parse_notice("一、元旦：1月1日放假。")
