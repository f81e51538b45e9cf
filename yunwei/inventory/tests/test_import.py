"""Excel import with real-shaped ledgers written by the tests: a title row, a two-level merged
header, blank rows, notes, duplicates, unknown types, 300+ hosts; all or nothing; idempotent."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from yunwei.core.errors import Refused
from yunwei.core.models import AuditEvent
from yunwei.inventory import importer
from yunwei.inventory.actions import do_ensure_standard_types
from yunwei.inventory.models import ConfigItem

pytestmark = pytest.mark.django_db


def host_ledger(n: int, *, extra: list[list] | None = None) -> bytes:
    """A cloud host ledger as an agency keeps it: a merged title, a two-level header with
    "配置" merged over CPU / memory / disk, a blank row after the header, one host per row."""
    book = Workbook()
    ws = book.active
    ws.append(["XX市政务云主机台账（2026年3月）"])
    ws.merge_cells("A1:J1")
    ws.append(["序号", "类型", "主机名", "IP地址", "操作系统", "配置", None, None, "环境",
               "负责人"])
    ws.append([None, None, None, None, None, "CPU核数", "内存(GB)", "磁盘(GB)", None, None])
    for col in "ABCDEIJ":  # single-level columns span both header rows
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("F2:H2")
    ws.append([])  # a blank row
    for i in range(1, n + 1):
        ws.append([i, "主机", f"gov-app-{i:03d}", f"10.1.{i // 250}.{i % 250 + 1}",
                   "麒麟 V10", 8, 32, 500, "生产", "王工"])
        if i % 100 == 0:
            ws.append([None] * 10)  # blank rows in the middle
    for row in extra or []:
        ws.append(row)
    ws.append(["注：本表由信息中心维护"])  # a note row: a type of its own
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def contract(world):
    do_ensure_standard_types(world.a.contract)
    return world.a.contract


def test_finds_the_header_under_a_title_and_merged_cells(contract):
    rows = importer.read_rows(host_ledger(3))
    labels = importer._labels(list(contract.item_types.all()))
    header, cols = importer.find_header(rows, labels)
    assert header == 2  # the third row: the sub-header under "配置"
    assert cols[:10] == ["", "type", "name", "ip", "os", "cpu", "memory_gb", "disk_gb",
                         "environment", "owner"]


def test_a_note_under_the_table_is_skipped_like_a_blank_row(contract):
    # rows: title 1, header 2-3, blank 4, hosts 5-6, note 7 (in the unmapped 序号 column)
    preview = importer.preview(contract, host_ledger(2))
    assert preview.errors == [] and len(preview.create) == 2


def ledger_without_note(n: int, extra: list[list] | None = None) -> bytes:
    data = host_ledger(n, extra=extra)
    book = load_workbook(io.BytesIO(data))
    ws = book.active
    ws.delete_rows(ws.max_row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_320_hosts_import_once_and_again_changes_nothing(contract, world):
    data = ledger_without_note(320)
    preview = importer.preview(contract, data)
    assert preview.errors == [] and len(preview.create) == 320
    before = AuditEvent.objects.count()
    importer.do_import(contract, world.a.users["vendor_pm"], data)
    hosts = ConfigItem.objects.filter(contract=contract, item_type__code="host")
    assert hosts.count() == 320
    h = hosts.get(name="gov-app-007")
    assert h.attrs == {"os": "麒麟 V10", "ip": "10.1.0.8", "cpu": 8, "memory_gb": 32,
                       "disk_gb": 500, "environment": "生产"}
    assert h.owner == "王工" and h.code == "HOST-00007"
    assert AuditEvent.objects.count() - before == 320  # one create row per item
    # the same file again: nothing new, nothing changed, no audit row
    again = importer.do_import(contract, world.a.users["vendor_pm"], data)
    assert (len(again.create), len(again.update), again.unchanged) == (0, 0, 320)
    assert hosts.count() == 320
    assert AuditEvent.objects.count() - before == 320


def test_a_changed_field_updates_by_the_key_and_the_audit_names_it(contract, world):
    importer.do_import(contract, None, ledger_without_note(5))
    book = load_workbook(io.BytesIO(ledger_without_note(5)))
    ws = book.active
    ws["E6"] = "统信 UOS 20"  # host 2 (row 6): a new operating system, same IP (the key)
    out = io.BytesIO()
    book.save(out)
    result = importer.do_import(contract, None, out.getvalue())
    assert (len(result.create), len(result.update), result.unchanged) == (0, 1, 4)
    item = ConfigItem.objects.get(contract=contract, attrs__ip="10.1.0.3")
    assert item.attrs["os"] == "统信 UOS 20"
    event = AuditEvent.objects.filter(object_type="inventory.configitem",
                                      object_id=str(item.pk), action="update").get()
    assert event.before["attrs"]["os"] == "麒麟 V10"
    assert event.after["attrs"]["os"] == "统信 UOS 20"


def test_duplicates_unknown_types_and_bad_values_import_nothing(contract, world):
    extra = [
        [901, "主机", "dup", "10.1.0.2", "麒麟 V10", 8, 32, 500, "生产", "李工"],  # dup of host 1
        [902, "小型机", "aix-01", "10.9.9.9", "AIX", 8, 32, 500, "生产", "李工"],  # unknown type
        [903, "主机", "bad-ip", "10.1.300.1", "麒麟 V10", 8, 32, 500, "生产", "李工"],
        [904, "主机", "bad-env", "10.1.9.1", "麒麟 V10", "八", 32, 500, "预发", "李工"],
    ]
    data = ledger_without_note(3, extra)
    preview = importer.preview(contract, data)
    assert [e.row for e in preview.errors] == [8, 9, 10, 11]
    assert "与第 5 行重复" in preview.errors[0].zh
    assert preview.errors[1].zh == "未知类型“小型机”"
    assert "IP" in preview.errors[2].zh
    assert "CPU核数" in preview.errors[3].zh and "环境" in preview.errors[3].zh
    with pytest.raises(Refused):
        importer.do_import(contract, None, data)
    # nothing half-imported
    assert not ConfigItem.objects.filter(contract=contract, item_type__code="host").exists()


def test_without_a_type_column_the_chosen_type_applies(contract):
    book = Workbook()
    ws = book.active
    ws.append(["设备名称", "品牌", "型号", "序列号", "位置", "数量"])
    ws.append(["视频终端", "华为", "TE40", "SN001", "三楼会议室", 2])
    ws.append(["视频终端", "华为", "TE40", "SN002", "五楼会议室", 1])
    out = io.BytesIO()
    book.save(out)
    refused = importer.preview(contract, out.getvalue())
    assert "类型" in refused.errors[0].zh
    device = contract.item_types.get(code="device")
    ok = importer.preview(contract, out.getvalue(), device)
    assert ok.errors == [] and [i.attrs["serial"] for i in ok.create] == ["SN001", "SN002"]
    assert ok.create[0].quantity == 2


def test_a_role_that_may_not_add_items_is_refused(contract, world):
    with pytest.raises(Refused):
        importer.do_import(contract, world.a.users["supervisor"], ledger_without_note(2))
    with pytest.raises(Refused):
        importer.do_import(contract, world.a.users["expert"], ledger_without_note(2))
    assert not ConfigItem.objects.filter(contract=contract, item_type__code="host").exists()


def test_export_imports_back_unchanged(contract):
    importer.do_import(contract, None, ledger_without_note(12))
    data = importer.export(contract)
    book = load_workbook(io.BytesIO(data))
    assert "主机" in book.sheetnames
    # each sheet imports back: the host sheet alone, as its own workbook
    only = Workbook()
    ws = only.active
    for row in book["主机"].iter_rows(values_only=True):
        ws.append(list(row))
    out = io.BytesIO()
    only.save(out)
    result = importer.preview(contract, out.getvalue())
    assert result.errors == [] and result.unchanged == 12 and not result.create


def test_not_a_workbook_is_refused_with_a_reason(contract):
    result = importer.preview(contract, b"not a spreadsheet")
    assert result.errors and ".xlsx" in result.errors[0].zh


def test_import_page_previews_then_imports(contract, world, client):
    client.force_login(world.a.users["vendor_pm"])
    data = ledger_without_note(4)
    response = client.post("/inventory/import/", {
        "contract": contract.pk, "file": io.BytesIO(data)}, format="multipart")
    assert response.status_code == 200
    # a preview only
    assert not ConfigItem.objects.filter(contract=contract, item_type__code="host").exists()
    token = response.context["token"]
    response = client.post("/inventory/import/", {"token": token})
    assert response.status_code == 302
    assert ConfigItem.objects.filter(contract=contract,
                                     item_type__code="host").count() == 4
    bad = ledger_without_note(2, [[9, "小型机", "x", "10.9.9.9", "AIX", 1, 1, 1, "生产", ""]])
    response = client.post("/inventory/import/", {"contract": contract.pk,
                                                   "file": io.BytesIO(bad)})
    assert response.status_code == 400
    assert "未知类型".encode() in response.content


def test_import_page_refuses_a_foreign_contract(contract, world, client):
    do_ensure_standard_types(world.b.contract)
    client.force_login(world.a.users["vendor_pm"])
    response = client.post("/inventory/import/", {
        "contract": world.b.contract.pk, "file": io.BytesIO(ledger_without_note(2))})
    assert response.status_code == 400
    assert not ConfigItem.objects.filter(contract=world.b.contract,
                                         item_type__code="host").exists()
