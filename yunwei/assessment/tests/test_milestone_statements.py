"""The period's statements show the contract's payment milestones: the Excel statement a
sheet of them (in the reader's language), the PDF (a Chinese document) a table; the score
page the date a contract fixes. Amounts by hand: 50 % x 1,118,000.00 = 559,000.00."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.conf import settings
from openpyxl import load_workbook

from yunwei.assessment.models import PaymentMilestone
from yunwei.assessment.tests.test_assessment import login

pytestmark = pytest.mark.django_db
D = Decimal


def second(world) -> PaymentMilestone:
    return PaymentMilestone.objects.create(
        contract=world.a.contract, seq=2, name="尾款", name_en="Final payment", percent=D(50),
        amount=D("559000.00"), amount_capitals="人民币伍拾伍万玖仟元整",
        due_on=dt.date(2026, 12, 31))


def sheet(client, world, lang: str) -> list[tuple]:
    response = client.get(f"/assessment/{world.a.scheme.pk}/statement.xlsx?period=all",
                          HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    return [row for row in book.worksheets[-1].iter_rows(values_only=True)], book.sheetnames


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_excel_statement_has_a_sheet_of_the_milestones(world, lang):
    second(world)
    client = login(world.a.users["agency_admin"])
    if lang == "en":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    score = client.get(f"/assessment/{world.a.scheme.pk}/score/?period=all")
    fines = score.context["r"].fine_yuan
    rows, names = sheet(client, world, lang)
    header, first, last = rows[0], rows[1], rows[2]
    if lang == "en":
        assert names[-1] == "Payment milestones"
        assert header[:3] == ("Payment", "Share (%)", "Amount (yuan)")
        assert (first[7], last[7]) == ("Planned", "Planned")
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in "".join(map(str, header)))
    else:
        assert names[-1] == "付款节点"
        assert header[:3] == ("付款", "比例（%）", "金额（元）")
        assert (first[7], last[7]) == ("计划", "计划")
    # each milestone named in the reader's language (the test world's are in both)
    first_row = world.a.records["paymentmilestone"]
    name, condition, final = (first_row.name_en, "Contract in force", "Final payment") \
        if lang == "en" else (first_row.name, "合同生效", "尾款")
    assert first[:6] == (name, 50, 559000, "人民币伍拾伍万玖仟元整", condition, "2026-09-01")
    assert last[:3] == (final, 50, 559000) and last[6] == "2026-12-31"  # the contract's date
    # the period's fines come off the last unpaid payment: 559,000.00 - fines
    deduction = min(fines, D("559000.00"))
    assert (D(str(last[8])), D(str(last[9]))) == (deduction, D("559000.00") - deduction)
    assert (first[8], first[9]) == (0, 559000)
    page = score.content.decode()
    assert ("date in the contract: 2026-12-31" if lang == "en" else "合同约定日期：2026-12-31") \
        in page


def test_the_pdf_statement_lists_the_milestones_in_chinese(world, monkeypatch):
    from django.template.loader import render_to_string

    from yunwei.core import pdf

    monkeypatch.setattr(pdf, "render_pdf",
                        lambda template, context: render_to_string(template, context).encode())
    second(world)
    client = login(world.a.users["agency_admin"])
    # an English reader gets the Chinese document
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/assessment/{world.a.scheme.pk}/statement.pdf?period=all") \
        .content.decode()
    assert "付款节点" in html and "尾款" in html and "2026-12-31" in html
    assert "Final payment" not in html and "Contract in force" not in html
    assert "559,000.00" in html and "人民币伍拾伍万玖仟元整" in html
    assert "计划" in html and "Planned" not in html
