"""Excel exports read like a prepared sheet: header frozen, columns as wide as their content
(a CJK character counting double), and the work-order export carries SLA and rating columns."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from yunwei.core import xlsx

# (value, cells it takes) — counted by hand
WIDTHS = [("abc", 3), ("运维平台", 8), ("A运维1", 6), ("ｆｕｌｌ", 8), (12345, 5), (None, 0),
          (dt.datetime(2026, 11, 30, 14, 5), 16), (dt.date(2026, 11, 30), 10),
          ("短\n一行很长的说明", 14)]


@pytest.mark.parametrize(("value", "cells"), WIDTHS)
def test_display_width_counts_cjk_double(value, cells):
    assert xlsx.display_width(value) == cells


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"),
                                                 (701, "ZZ"), (702, "AAA")])
def test_column_letters(index, letter):
    assert xlsx.column_letter(index) == letter


def test_table_freezes_the_header_and_sizes_columns():
    book = xlsx.workbook()
    xlsx.table(book, "t", ["编号", "标题", "x"],
               [["A-1", "会议室投影无信号", 1], ["A-2", "短", 2], ["A-3", "长" * 100, 3]])
    sheet = load_workbook(io.BytesIO(xlsx.to_bytes(book)))["t"]
    assert sheet.freeze_panes == "A2"
    widths = {c: sheet.column_dimensions[c].width for c in "ABC"}
    assert widths == {"A": 6, "B": 60, "C": 6}  # 4+2 -> 6; 200 -> capped at 60; min 6
    assert [c.value for c in sheet[1]] == ["编号", "标题", "x"]


def test_dates_read_as_the_platform_shows_them():
    book = xlsx.workbook()
    sheet = book.create_sheet("t")
    aware = dt.datetime(2026, 11, 30, 6, 5, tzinfo=dt.UTC)
    xlsx.append(sheet, [aware, dt.date(2026, 11, 30)])
    cells = list(load_workbook(io.BytesIO(xlsx.to_bytes(book)))["t"][1])
    assert cells[0].value == dt.datetime(2026, 11, 30, 14, 5)  # Asia/Shanghai
    assert cells[0].number_format == "yyyy-mm-dd hh:mm"
    assert cells[1].number_format == "yyyy-mm-dd"


@pytest.mark.django_db
def test_work_order_export_has_sla_and_rating_columns(world):
    from yunwei.workorders.models import Evaluation, WorkOrder

    wo = world.a.work_order
    Evaluation.objects.create(work_order=wo, rating="satisfied", method="phone",
                              comment="很及时", confirmed_by_name="张三",
                              confirmed_at=timezone.now())
    client = Client()
    client.force_login(world.a.users["agency_admin"])
    response = client.get("/workorders/", {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    for name in ("响应时限", "响应是否达标", "解决时限", "解决是否达标", "评价", "评价意见"):
        assert name in header
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=2)}
    row = rows[wo.number]
    assert row[header.index("评价")] == "满意"
    assert row[header.index("评价意见")] == "很及时"
    assert row[header.index("解决是否达标")] in ("达标", "超时", "进行中", "—")
    wo = WorkOrder.objects.get(pk=wo.pk)
    if wo.resolution_deadline:
        assert isinstance(row[header.index("解决时限")], dt.datetime)
    title_width = sheet.column_dimensions[xlsx.column_letter(header.index("标题"))].width
    assert title_width >= xlsx.display_width(wo.title) + 2 or title_width == xlsx.MAX_WIDTH


def test_verdicts():
    from types import SimpleNamespace as C

    from yunwei.workorders.exports import verdict

    assert verdict(None) == "—"
    assert verdict(C(breached=True, met=None)) == "超时"
    assert verdict(C(breached=False, met=False)) == "超时"
    assert verdict(C(breached=False, met=True)) == "达标"
    assert verdict(C(breached=False, met=None)) == "进行中"
