"""Every Excel export of the platform is written by core.xlsx.table(): its header frozen,
its columns sized, and its headers in the reader's language (English when the page is in
English). The expected headers are written here by hand; a workbook the inventory exports in
English still imports back."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import Workbook, load_workbook

pytestmark = pytest.mark.django_db

#: export -> (url builder, sheet's header row as the table starts, the Chinese header, English)
WORKORDERS = (["工单编号", "合同", "标题", "状态"], ["Work order number", "Contract", "Title",
                                                    "State"])
STATEMENT = (["规则", "分值", "违约金（元）", "证据", "说明"],
             ["Rule", "Points", "Fine (yuan)", "Evidence", "Explanation"])
AUDIT = (["#", "时间"], ["#", "time"])
INVENTORY = (["类型", "编号", "名称", "负责人", "重要程度", "状态", "数量"],
             ["Type", "Code", "Name", "Owner", "Criticality", "Status", "Quantity"])


def _client(user, language: str) -> Client:
    client = Client()
    client.force_login(user)
    if language == "en":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _book(response):
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content))


def _header_row(sheet) -> int:
    """The frozen pane is just below the header row (A2: row 1)."""
    return int(sheet.freeze_panes[1:]) - 1


def _check(sheet, expected: list[str]) -> None:
    assert sheet.freeze_panes is not None, sheet.title
    row = _header_row(sheet)
    header = [c.value for c in sheet[row]][:len(expected)]
    assert header == expected, (sheet.title, header)
    for i in range(len(expected)):
        letter = chr(65 + i)
        assert sheet.column_dimensions[letter].width >= 6, (sheet.title, letter)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_export_freezes_its_header_sizes_columns_and_speaks_the_readers_language(
        world, language):
    from yunwei.inventory import importer
    from yunwei.inventory.actions import do_ensure_standard_types
    from yunwei.inventory.models import ConfigItem, ItemType

    side = world.a
    pick = 1 if language == "en" else 0
    admin = _client(side.users["agency_admin"], language)
    # the work order list
    sheet = _book(admin.get("/workorders/", {"export": "xlsx"})).active
    _check(sheet, WORKORDERS[pick])
    # the period statement: title and totals above the frozen header of the lines
    sheet = _book(admin.get(f"/assessment/{side.scheme.pk}/statement.xlsx",
                            {"period": "all"})).active
    _check(sheet, STATEMENT[pick])
    assert sheet.freeze_panes != "A2"  # the title and totals stay in view too
    # the audit trail
    sheet = _book(admin.get("/audit/", {"export": "xlsx"})).active
    _check(sheet, AUDIT[pick])
    # the inventory: one sheet per type
    do_ensure_standard_types(side.contract)
    host = ItemType.objects.get(contract=side.contract, code="host")
    ConfigItem.objects.create(contract=side.contract, item_type=host, code="H-1",
                              name="gov-app-001", criticality="high", status="under_repair",
                              attrs={"os": "麒麟 V10", "ip": "10.1.0.2", "cpu": 8,
                                     "memory_gb": 32, "disk_gb": 500,
                                     "environment": "生产"})
    book = _book(admin.get("/inventory/export/", {"contract": side.contract.pk}))
    _check(book[host.name], INVENTORY[pick])
    rows = list(book[host.name].iter_rows(min_row=2, values_only=True))
    assert rows[0][4:6] == (("High", "Under repair") if pick else ("高", "维修中"))
    # ... and imports back unchanged, in either language
    only = Workbook()
    for row in book[host.name].iter_rows(values_only=True):
        only.active.append(list(row))
    out = io.BytesIO()
    only.save(out)
    result = importer.preview(side.contract, out.getvalue())
    assert result.errors == [] and not result.create, result.errors
    assert result.unchanged == 1, result.update


def test_english_work_order_export_has_no_chinese_labels(world):
    sheet = _book(_client(world.a.users["agency_admin"], "en").get(
        "/workorders/", {"export": "xlsx"})).active
    header = [c.value for c in sheet[1]]
    assert not any("\u4e00" <= ch <= "\u9fff" for h in header for ch in str(h)), header
    assert "Resolution met" in header and "Overdue" in header
    overdue = header.index("Overdue")
    for row in sheet.iter_rows(min_row=2, values_only=True):
        assert row[overdue] in ("Yes", "No")
        assert row[header.index("Resolution met")] in ("Met", "Late", "Running", "—")
