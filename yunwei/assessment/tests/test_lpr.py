"""A late-payment clause following the one-year LPR on the platform: the rate table shipped
and maintained with `yunwei lpr`, the editor's fields, the clause in words and each late
milestone's interest worked out by hand; a day without a rate is a problem, not a guess."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from yunwei.assessment.definition import template_data
from yunwei.assessment.tests.test_editor_terms import edit
from yunwei.scoring.engine import load_scheme

D = Decimal
LPR = {"kind": "lpr", "from_working_day": 0, "multiplier": 1, "year_days": 360}


@pytest.mark.django_db
def test_the_shipped_rates_and_the_command(capsys):
    from yunwei.assessment.models import LoanPrimeRate, lpr_table

    table = lpr_table()
    assert table.rate_on(dt.date(2024, 10, 20)) == (dt.date(2024, 7, 22), D("3.35"))
    assert table.rate_on(dt.date(2025, 5, 20)) == (dt.date(2025, 5, 20), D("3.00"))
    assert table.known_until == dt.date(2025, 10, 19)  # last shipped: 2025-09-22
    call_command("lpr", "set", "2025-10-20", "3.00", "--note", "测试录入")
    assert lpr_table().known_until == dt.date(2025, 11, 19)
    assert LoanPrimeRate.objects.get(effective="2025-10-20").note == "测试录入"
    with pytest.raises(CommandError) as bad:
        call_command("lpr", "set", "2025-11-20", "-1")
    assert "利率应为" in str(bad.value) and "percentage between 0 and 100" in str(bad.value)
    with pytest.raises(CommandError):
        call_command("lpr", "set", "2025-13-20", "3")
    assert not LoanPrimeRate.objects.filter(effective__gte="2025-11-01").exists()
    call_command("lpr", "delete", "2025-10-20")
    call_command("lpr", "list")
    assert "2024-10-21 3.10%" in capsys.readouterr().out


def test_the_editor_offers_the_lpr_clause_and_refuses_a_negative_multiplier():
    prison = template_data("prison-2025")
    _form, out = edit(prison, **{"lp-kind": "lpr", "lp-multiplier": "1.5", "lp-plus_bp": "",
                                 "lp-lpr_on": "due_date", "lp-year_days": "365",
                                 "lp-from_working_day": "0", "lp-cap_percent": "5",
                                 "lp-exempt": "财政资金未到位"})
    assert out["payments"]["late_payment"] == {
        "kind": "lpr", "from_working_day": 0, "basis": "overdue", "multiplier": "1.5",
        "lpr_on": "due_date", "year_days": 365, "cap_percent": 5,
        "exempt": ["fiscal_treasury"]}
    loaded = load_scheme(out).payments["late_payment"]
    assert loaded["multiplier"] == D("1.5") and loaded["percent_per_day"] is None
    form, out = edit(prison, **{"lp-kind": "lpr", "lp-multiplier": "-1"})
    assert out is None and "lp-multiplier" in form.errors


def test_the_clause_in_words():
    from django.utils import translation

    from yunwei.assessment.settlement import late_payment_terms

    data = template_data("prison-2025")
    data["payments"] = {"late_payment": {**LPR, "multiplier": "1.5", "plus_bp": 20,
                                         "cap_percent": 5, "exempt": ["fiscal_treasury"]}}
    scheme = load_scheme(data)
    with translation.override("zh-hans"):
        zh = late_payment_terms(scheme)
    assert zh == ("自应付日起，按逾期期间每日适用的一年期 LPR的 1.5 倍加 20 个基点（年利率，一年按"
                  " 360 天计）就逾期金额计付逾期利息，累计不超过其 5%；以下原因延迟付款免责："
                  "财政资金未到位。")
    en = late_payment_terms(scheme, english=True)
    assert "1.5 × the one-year LPR in force on each day of delay plus 20 basis points" in en
    assert "divided by 360 days" in en and "fiscal funds not yet allocated" in en
    # "a year" follows the rate, not "each day of delay" (read as "delay a year")
    assert "basis points (a yearly rate, divided by 360 days), on the amount paid late" in en


@pytest.mark.django_db
def test_a_late_milestone_crossing_an_lpr_change_and_a_missing_rate():
    from yunwei.assessment.models import PaymentMilestone
    from yunwei.assessment.settlement import payment_rows
    from yunwei.contracts.models import Contract

    data = template_data("prison-2025")
    data["payments"] = {"late_payment": dict(LPR)}
    scheme = load_scheme(data)
    contract = Contract(amount=D("1000000.00"))
    # due Mon 2024-10-14 (the condition met that day, 0 working days), paid 2024-11-14:
    # 10-14 .. 10-20: 7 days at 3.35 %: 200,000 x 3.35 % = 6,700 x 7 / 360 = 130.277... -> 130.28
    # 10-21 .. 11-13: 24 days at 3.10 %: 6,200 x 24 / 360 = 413.333... -> 413.33
    # total 130.28 + 413.33 = 543.61
    m = PaymentMilestone(contract=contract, name="尾款", percent=D(20), amount=D("200000.00"),
                         condition_date=dt.date(2024, 10, 14), due_working_days=0,
                         status="paid", paid_on=dt.date(2024, 11, 14))
    assert m.due_date()[0] == dt.date(2024, 10, 14)
    row = payment_rows([m], scheme)[0]
    assert row["penalty"]["amount"] == D("543.61") and not row["penalty"]["problem"]
    assert "= 130.28 元" in row["penalty"]["explanation"]
    assert "= 413.33 元" in row["penalty"]["explanation"]
    # paid 2025-11-03 for a payment due 2025-10-09 (Thu): the rates are known until 10-19
    m.condition_date, m.paid_on = dt.date(2025, 10, 9), dt.date(2025, 11, 3)
    row = payment_rows([m], scheme, english=True)[0]
    assert row["penalty"]["problem"] and row["penalty"]["amount"] is None
    assert "2025-10-20 to 2025-11-02" in row["penalty"]["explanation"]


@pytest.mark.django_db
def test_the_page_is_the_system_administrators(world):
    from yunwei.assessment.models import LoanPrimeRate
    from yunwei.assessment.tests.test_assessment import login

    assert login(world.a.users["agency_admin"]).get("/assessment/lpr/").status_code == 403
    assert login(world.a.users["agency_admin"]).post(
        "/assessment/lpr/", {"effective": "2025-10-20", "percent": "3"}).status_code == 403
    root = login(world.root)
    page = root.get("/assessment/lpr/").content.decode()
    assert "2024-10-21" in page and "3.10%" in page and "利率已知至 2025-10-19" in page
    bad = root.post("/assessment/lpr/", {"effective": "2025-10-20", "percent": "-1"})
    assert bad.status_code == 400 and "大于或等于" in bad.content.decode()
    assert root.post("/assessment/lpr/", {"effective": "2025-10-20", "percent": "3.00",
                                          "note": "测试录入"}).status_code == 302
    row = LoanPrimeRate.objects.get(effective="2025-10-20")
    assert "利率已知至 2025-11-19" in root.get("/assessment/lpr/").content.decode()
    # deleting asks first: the list links to a confirmation, which alone posts the deletion
    page = root.get("/assessment/lpr/").content.decode()
    assert 'name="delete"' not in page and f'href="?delete={row.pk}"' in page
    confirm = root.get(f"/assessment/lpr/?delete={row.pk}").content.decode()
    assert "将删除利率 2025-10-20 3.00%" in confirm and "删除后无法恢复" in confirm
    assert f'name="delete" value="{row.pk}"' in confirm
    assert "<h1>删除贷款市场报价利率</h1>" in confirm
    assert LoanPrimeRate.objects.filter(pk=row.pk).exists()
    root.cookies["yunwei_language"] = "en"
    confirm = root.get(f"/assessment/lpr/?delete={row.pk}").content.decode()
    assert "The rate 2025-10-20 3.00% will be removed." in confirm
    assert "<h1>Delete a loan prime rate</h1>" in confirm
    for junk in ("x", "999999", "", "²", "9" * 30):  # nothing to confirm: the table as usual
        assert root.get(f"/assessment/lpr/?delete={junk}").status_code == 200
    assert login(world.a.users["agency_admin"]).get(
        f"/assessment/lpr/?delete={row.pk}").status_code == 403
    assert root.post("/assessment/lpr/", {"delete": str(row.pk)}).status_code == 302
    assert not LoanPrimeRate.objects.filter(effective="2025-10-20").exists()


@pytest.mark.django_db
def test_the_shipped_notes_read_in_english():
    """The published-change notes migration 0010 wrote in Chinese are shown in English to
    English readers; a note typed by hand is shown as written."""
    from django.utils import translation

    from yunwei.assessment.models import LoanPrimeRate

    notes = {r.effective.isoformat(): r for r in LoanPrimeRate.objects.all()}
    with translation.override("en"):
        assert notes["2024-10-21"].local_note == "cut by 25 basis points"
        assert notes["2025-09-22"].local_note == "unchanged"
        assert LoanPrimeRate(note="国务院常务会议").local_note == "国务院常务会议"
    with translation.override("zh-hans"):
        assert notes["2024-10-21"].local_note == "下调 25 个基点"
