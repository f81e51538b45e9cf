"""Every Excel export writes text as text: a formula typed into a title stays a string."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from yunwei.core import context, xlsx
from yunwei.workorders import actions

pytestmark = pytest.mark.django_db

# What an outside sender can put in a mail subject (which becomes a work order's title), and
# what each must read back as: the same text, never a formula.
PLANTED = [
    '=HYPERLINK("http://evil.example/x","click")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "#N/A",
]


def _cells(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formula(content: bytes, expected_texts: list[str]) -> None:
    cells = _cells(content)
    formulas = [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert not formulas, formulas
    errors = [(c.coordinate, c.value) for c in cells if c.data_type == "e"]
    assert not errors, errors
    values = {c.value for c in cells}
    for text in expected_texts:
        assert text in values, text
    for cell in cells:  # shown as typed: Excel's quote prefix, no quote added to the value
        if isinstance(cell.value, str) and cell.value.startswith(xlsx.FORMULA_STARTS):
            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


def test_work_order_export_writes_formula_titles_as_text(world):
    desk = world.a.users["service_desk"]
    with context.acting(desk):
        for title in PLANTED:
            actions.do_create_workorder(world.a.contract, actor=desk, title=title,
                                        channel="email", requester_name="外部发件人",
                                        location="=cmd|' /C calc'!A0")
    client = Client()
    client.force_login(desk)
    response = client.get("/workorders/", {"export": "xlsx"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    _assert_no_formula(content, [*PLANTED, "=cmd|' /C calc'!A0"])
    # dates are still dates, not text
    sheet = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in next(sheet.iter_rows())]
    reported = [row[header.index("报告时间")].value for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(v, dt.datetime) for v in reported)


def test_statement_export_writes_formula_texts_as_text(world):
    contract = world.a.contract
    contract.project_name = "=1+1"
    contract.save()
    entry = world.a.records["manualentry"]
    entry.evidence = '=HYPERLINK("http://evil.example/x","click")'
    entry.save()
    client = Client()
    client.force_login(world.a.users["supervisor"])
    response = client.get(f"/assessment/{world.a.scheme.pk}/statement.xlsx?year=2026")
    assert response.status_code == 200
    _assert_no_formula(response.content, [])
    values = [c.value for c in _cells(response.content) if isinstance(c.value, str)]
    assert any("=1+1（" in v for v in values)  # the title row, as typed (after a 草稿 mark)
    assert any(v.startswith('=HYPERLINK("http://evil.example/x","click")') for v in values)
    numbers = [c.value for c in _cells(response.content) if isinstance(c.value, float | int)]
    assert numbers  # scores and amounts stay numbers


def test_helper_keeps_numbers_dates_and_plain_text(tmp_path):
    book = xlsx.workbook()
    sheet = book.create_sheet("t")
    when = dt.datetime(2026, 3, 1, 9, 30)
    xlsx.append(sheet, ["普通文本", 12, Decimal("1.5"), when, None, "=1+1", "bad\x0bchar",
                        "\t=1+1", "-1"])
    cells = _cells(xlsx.to_bytes(book))
    assert [c.value for c in cells] == ["普通文本", 12, 1.5, when, None, "=1+1", "badchar",
                                        "\t=1+1", "-1"]
    assert [c.quotePrefix for c in cells[-2:]] == [True, True]
    assert [c.data_type for c in cells][:4] == ["s", "n", "n", "d"]
    assert cells[5].data_type == "s" and cells[5].quotePrefix
    assert not cells[0].quotePrefix
def test_constants_match_openpyxl():
    from openpyxl.cell import cell

    assert frozenset(cell.ERROR_CODES) == xlsx.ERROR_CODES
    assert xlsx.ILLEGAL_CHARACTERS_RE.pattern == cell.ILLEGAL_CHARACTERS_RE.pattern
