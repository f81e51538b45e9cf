"""Lists and pages write a date the same way in both languages (2026-12-10 09:00), as
core/formatting.py does: not 2026年12月10日 09:00 in Chinese nor 12/10/2026 9 a.m. in English."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import django_tables2 as tables
import pytest
from django.template import Context, Template
from django.utils import translation

SH = ZoneInfo("Asia/Shanghai")
WHEN = dt.datetime(2026, 12, 10, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai


class _Table(tables.Table):
    at = tables.DateTimeColumn()
    day = tables.DateColumn()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_table_columns_and_the_date_filter_write_numeric_dates(language):
    with translation.override(language):
        table = _Table([{"at": WHEN, "day": dt.date(2026, 12, 1)}])
        row = next(iter(table.rows))
        assert row.get_cell("at") == "2026-12-10 09:00"
        assert row.get_cell("day") == "2026-12-01"
        text = Template("{{ at|date }} / {{ day|date }}").render(
            Context({"at": WHEN.astimezone(SH), "day": dt.date(2026, 12, 1)}))
        assert text == "2026-12-10 / 2026-12-01"
