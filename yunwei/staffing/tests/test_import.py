"""Attendance import: real-shaped DingTalk / WeCom / CSV files written here."""

import datetime as dt
import io

import openpyxl
import pytest

from yunwei.core.errors import Refused
from yunwei.staffing import actions, importing
from yunwei.staffing.models import ImportBatch, Punch
from yunwei.staffing.testing import make_world_with_staffing

pytestmark = pytest.mark.django_db


def xlsx(rows, merges=()):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for m in merges:
        sheet.merge_cells(m)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dingtalk_raw(name):
    """DingTalk 原始记录: a merged title row, a blank row, then the header."""
    return xlsx([
        ["原始记录  统计日期：2026-03-01 至 2026-03-31", None, None, None, None],
        [None, None, None, None, None],
        ["姓名", "考勤组", "部门", "工号", "打卡时间"],
        [name, "驻场", "运维部", "E1", "2026-03-02 08:55:12"],
        [None, None, None, None, None],
        [name, "驻场", "运维部", "E1", dt.datetime(2026, 3, 2, 17, 40)],
        [name, "驻场", "运维部", "E1", "2026-03-02 17:40:00"],  # duplicate punch
    ], merges=["A1:E1"])


def dingtalk_daily(name):
    """DingTalk 每日统计: two header rows, 上班1 / 下班1 merged over 打卡时间 + 打卡结果."""
    return xlsx([
        ["每日统计  统计日期：2026-03-01 至 2026-03-31"],
        ["姓名", "工号", "日期", "上班1", None, "下班1", None],
        [None, None, None, "打卡时间", "打卡结果", "打卡时间", "打卡结果"],
        [name, "E1", "26-03-02 星期一", "08:58", "正常", "17:35", "正常"],
        [name, "E1", "26-03-03 星期二", "缺卡", "缺卡", "18:00", "正常"],
        [name, "E1", "26-03-09 星期一", "19:58", "正常", "次日 08:03", "正常"],
    ], merges=["A1:G1", "D2:E2", "F2:G2", "A2:A3", "B2:B3", "C2:C3"])


def test_parse_dingtalk_raw_with_title_and_blank_rows():
    parsed = importing.parse(dingtalk_raw("王磊"), "原始记录.xlsx")
    assert parsed.format == "punches" and parsed.mapping["datetime"] == "打卡时间"
    assert [(p.row, p.time) for p in parsed.punches] == [
        (4, dt.datetime(2026, 3, 2, 8, 55, 12)), (6, dt.datetime(2026, 3, 2, 17, 40)),
        (7, dt.datetime(2026, 3, 2, 17, 40))]
    assert parsed.rows == 3 and not parsed.errors


def test_parse_dingtalk_daily_with_merged_two_row_header():
    parsed = importing.parse(dingtalk_daily("王磊"), "每日统计.xlsx")
    assert parsed.format == "daily"
    assert parsed.mapping["clock_in"] == "上班1打卡时间"
    assert [p.time for p in parsed.punches] == [
        dt.datetime(2026, 3, 2, 8, 58), dt.datetime(2026, 3, 2, 17, 35),
        dt.datetime(2026, 3, 3, 18, 0),
        dt.datetime(2026, 3, 9, 19, 58), dt.datetime(2026, 3, 10, 8, 3)]


def test_parse_wecom_and_gbk_csv():
    wecom = xlsx([["打卡记录"], ["日期", "姓名", "账号", "部门", "打卡时间", "打卡状态"],
                  ["2026/03/02 星期一", "王磊", "wanglei", "运维", "08:57", "正常"]])
    parsed = importing.parse(wecom, "企业微信.xlsx")
    assert [p.time for p in parsed.punches] == [dt.datetime(2026, 3, 2, 8, 57)]
    text = "姓名,打卡时间\n王磊,2026/3/2 8:57\n\n王磊,2026-03-02 17:31\n"
    for enc in ("gbk", "utf-8-sig", "utf-8"):
        parsed = importing.parse(text.encode(enc), "export.csv")
        assert [(p.row, p.name, p.time.hour) for p in parsed.punches] == [
            (2, "王磊", 8), (4, "王磊", 17)], enc


def test_mapping_by_user_header():
    parsed = importing.parse("员工,刷卡\n王磊,2026-03-02 08:00\n".encode(), "x.csv",
                             {"name": "员工", "datetime": "刷卡"})
    assert len(parsed.punches) == 1


def test_unreadable_files_are_refused():
    with pytest.raises(importing.ImportError_):
        importing.parse(b"a,b\n1,2\n", "x.csv")
    with pytest.raises(importing.ImportError_):
        importing.parse(b"not a zip", "x.xlsx")


@pytest.fixture(scope="module")
def world_builder():
    """The world with the staffing objects on contract A, built once for the module."""
    return make_world_with_staffing


@pytest.fixture
def st(world):
    data = dict(world.a.staffing)
    data["world"] = world
    return data


def test_import_is_idempotent_and_deduplicates(st):
    c = st["world"].a.contract
    wang = st["people"]["wang"]
    before = Punch.objects.filter(contract=c).count()
    data = dingtalk_raw(wang.name)
    batch = actions.do_import_attendance(c.pk, data, "原始记录.xlsx", actor=None)
    # 08:55:12 is new; 17:40 twice in the file; the fixture had 08:55 and 17:40 already
    assert batch.added == 1 and batch.rows == 3
    again = actions.do_import_attendance(c.pk, data, "原始记录.xlsx", actor=None)
    assert again.added == 0
    assert Punch.objects.filter(contract=c).count() == before + 1
    daily = actions.do_import_attendance(c.pk, dingtalk_daily(wang.name), "d.xlsx", actor=None)
    assert daily.added == 5


@pytest.mark.parametrize("bad_row, why", [
    ("陌生人,2026-03-02 09:00", "不是本合同的人员"),
    ("{wang},2025-12-31 09:00", "不在合同服务期内"),
    ("{wang},明天早上", "无法识别"),
])
def test_a_bad_row_is_named_and_nothing_is_imported(st, bad_row, why):
    c = st["world"].a.contract
    wang = st["people"]["wang"]
    before = (Punch.objects.count(), ImportBatch.objects.count())
    text = (f"姓名,打卡时间\n{wang.name},2026-03-20 09:00\n\n"
            + bad_row.format(wang=wang.name) + "\n")
    with pytest.raises(Refused) as exc:
        actions.do_import_attendance(c.pk, text.encode("gbk"), "bad.csv", actor=None)
    assert "第 4 行" in exc.value.zh and why in exc.value.zh
    assert "row 4" in exc.value.en
    assert (Punch.objects.count(), ImportBatch.objects.count()) == before


def test_import_view_previews_then_imports(st, client):
    c = st["world"].a.contract
    wang = st["people"]["wang"]
    client.force_login(st["world"].a.users["vendor_pm"])
    upload = io.BytesIO(f"姓名,打卡时间\n{wang.name},2026-04-01 08:50\n".encode("gbk"))
    upload.name = "april.csv"
    response = client.post("/staffing/import/", {"contract": c.pk, "file": upload,
                                                 "preview": "1"})
    assert response.status_code == 200 and "2026-04-01 08:50" in response.content.decode()
    token = response.context["token"]
    response = client.post("/staffing/import/", {"contract": c.pk, "token": token,
                                                 "confirm": "1"})
    assert response.status_code == 302
    assert Punch.objects.filter(person=wang, time__date=dt.date(2026, 4, 1)).count() == 1
    client.force_login(st["world"].a.users["vendor_engineer"])
    assert client.get("/staffing/import/").status_code == 403
