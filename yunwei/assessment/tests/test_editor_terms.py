"""The editor's terms beyond points and fines: a rule's condition, cap and scope, a band's
bounds and step, a threshold, the agency's late-payment clause and the performance bond —
validated before save, bad values refused with a clear message. Amounts worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yunwei.assessment.definition import template_data
from yunwei.assessment.forms.definition import DefinitionForm
from yunwei.assessment.tests.test_editor import body, rule_index
from yunwei.scoring.engine import SchemeError, load_scheme

D = Decimal


def edit(definition: dict, **changes: str) -> tuple[DefinitionForm, dict | None]:
    form = DefinitionForm(body(definition, **changes), definition=definition)
    return form, (form.edited() if form.is_valid() else None)


def test_an_untouched_form_changes_no_term():
    for code in ("prison-2025", "cloud-db-2022", "student-card-2024", "transport-video-2022"):
        data = template_data(code)
        _form, out = edit(data)
        assert out is not None
        before, after = load_scheme(data), load_scheme(out)
        assert after.rules == before.rules and after.tiers == before.tiers
        assert after.payments == before.payments, code
        for i, rule in enumerate(data["rules"]):  # conditions and caps written as they were
            assert out["rules"][i].get("when") == rule.get("when")
            assert out["rules"][i].get("cap") == rule.get("cap")


def test_conditions_caps_steps_and_thresholds_are_fields():
    prison = template_data("prison-2025")
    i = rule_index(prison, "A-L3")
    late = rule_index(prison, "W-LATE")
    band = next(j for j, b in enumerate(prison["rules"][late]["bands"])
                if b["code"] == "W-LATE-24")
    _form, out = edit(prison, **{
        f"rule-{i}-cond-0-value": "2", f"rule-{i}-cond-1-attr": "report_submitted",
        f"rule-{i}-cond-1-op": "present", f"rule-{i}-cond-1-value": "否",
        f"rule-{i}-cap_yuan": "5000", f"rule-{i}-scope": "period",
        f"rule-{late}-band-{band}-step_every": "12", f"rule-{late}-band-{band}-lower": "30"})
    rule = out["rules"][i]
    assert rule["when"] == {"level": "2", "report_submitted": {"present": False}}
    assert rule["cap"] == {"yuan": "5000.00"} and rule["scope"] == "period"
    part = out["rules"][late]["bands"][band]
    # above 24 (not included) became 30, still not included; a step every 12 hours
    assert part["above"] == 30 and "from" not in part
    assert part["step"] == {"every": 12, "beyond": 24, "points": "-0.1"}  # exact, as text
    loaded = load_scheme(out).rule("A-L3")
    assert loaded.cap.yuan == D("5000.00") and loaded.scope == "period"
    cloud = template_data("cloud-db-2022")
    k = rule_index(cloud, "DB-AVAIL")
    _form, out = edit(cloud, **{f"rule-{k}-threshold_op": "above",
                                f"rule-{k}-threshold_value": "99.5"})
    assert out["rules"][k]["above"] == "99.5" and "min" not in out["rules"][k]


def test_bad_values_are_refused_with_a_clear_message():
    prison = template_data("prison-2025")
    run = rule_index(prison, "W-RUN-3")
    form, out = edit(prison, **{f"rule-{run}-cond-0-value": "很久"})
    assert out is None and "不是数字" in str(form.errors)
    late = rule_index(prison, "W-LATE")
    form, out = edit(prison, **{f"rule-{late}-band-0-step_every": "0"})
    assert out is None and "大于零" in str(form.errors)
    form, out = edit(prison, **{"bond-kind": "percent"})
    assert out is None and "比例" in str(form.errors)
    form, out = edit(prison, **{"lp-kind": "daily"})
    assert out is None and "每日" in str(form.errors)
    # a level the measure does not have: the engine names the rule and the place
    i = rule_index(prison, "A-L3")
    _form, out = edit(prison, **{f"rule-{i}-cond-0-value": "9"})
    with pytest.raises(SchemeError) as exc:
        load_scheme(out)
    assert "A-L3" in exc.value.zh and "“9”不是属性“level”的取值" in exc.value.zh
    assert "'9' is not a value of 'level'" in exc.value.en


def test_the_late_payment_clause_and_the_bond_are_fields():
    prison = template_data("prison-2025")
    _form, out = edit(prison, **{
        "lp-kind": "daily", "lp-percent_per_day": "0.05", "lp-basis": "contract_total",
        "lp-from_working_day": "1", "lp-cap_percent": "2",
        "lp-exempt": "财政资金未到位、审计未完成",
        "bond-kind": "percent", "bond-percent": "10", "bond-form": "transfer",
        "bond-refund": "验收通过后无息退还", "bond-forfeit": "乙方违约时不予退还"})
    assert out["payments"]["late_payment"] == {
        "percent_per_day": "0.05", "from_working_day": 1, "basis": "contract_total",
        "cap_percent": 2, "exempt": ["fiscal_treasury", "审计未完成"]}
    assert out["payments"]["bond"] == {
        "percent": 10, "form": "transfer",
        "refund": {"zh": "验收通过后无息退还", "en": "验收通过后无息退还"},
        "forfeit": {"zh": "乙方违约时不予退还", "en": "乙方违约时不予退还"}}
    loaded = load_scheme(out)
    assert loaded.payments["late_payment"]["percent_per_day"] == D("0.05")
    transport = template_data("transport-video-2022")
    _form, out = edit(transport, **{"lp-kind": "", "bond-kind": "amount",
                                    "bond-amount": "50000"})
    assert "late_payment" not in out["payments"]
    assert out["payments"]["bond"] == {"amount": "50000.00"}


@pytest.mark.django_db
def test_the_score_pages_late_payment_follows_each_contracts_clause():
    from yunwei.assessment.models import PaymentMilestone
    from yunwei.assessment.settlement import payment_rows
    from yunwei.contracts.models import Contract

    contract = Contract(amount=D("1000000.00"))
    milestone = PaymentMilestone(contract=contract, name="尾款", percent=D(20),
                                 amount=D("200000.00"), condition_date=dt.date(2026, 3, 2),
                                 due_working_days=5, status="paid",
                                 paid_on=dt.date(2026, 4, 29))
    # 5 working days after Mon 03-02: 03,04,05,06,09 -> due Mon 03-09
    assert milestone.due_date()[0] == dt.date(2026, 3, 9)

    def scheme(late: dict | None) -> object:
        data = template_data("prison-2025")
        if late is not None:
            data["payments"] = {"late_payment": late}
        return load_scheme(data)

    # seed 000's clause: 15 working days after 03-09 is 03-30; 03-30 .. 04-28 = 30 days;
    # 200,000.00 x 0.03 % = 60.00 a day x 30 = 1,800.00
    row = payment_rows([milestone], scheme({"percent_per_day": 0.03, "from_working_day": 15,
                                            "cap_percent": 20}))[0]
    assert row["penalty"]["amount"] == D("1800.00") and "30 天" in row["penalty"]["explanation"]
    # another clause: 0.05 % a day of the contract total from working day 1 (03-10), at most
    # 2 %: 03-10 .. 04-28 = 50 days x 500.00 = 25,000.00 > 20,000.00 -> 20,000.00
    row = payment_rows([milestone], scheme({"percent_per_day": "0.05", "from_working_day": 1,
                                            "cap_percent": 2, "basis": "contract_total"}),
                       english=True)[0]
    assert row["penalty"]["amount"] == D("20000.00")
    assert "the contract total" in row["penalty"]["explanation"]
    # no clause: no penalty at all
    assert payment_rows([milestone], scheme(None))[0]["penalty"] is None
    # delayed for a reason the clause excuses: 0
    milestone.status, milestone.paid_on, milestone.delay_reason = "delayed", None, "财政资金未到位"
    row = payment_rows([milestone], scheme({"percent_per_day": 0.03, "from_working_day": 15,
                                            "exempt": ["fiscal_treasury"]}))[0]
    assert row["penalty"]["amount"] == D("0.00") and row["penalty"]["exempt"]


@pytest.mark.django_db
def test_the_agency_sets_the_bond_and_the_clause_and_the_score_page_explains_them(world,
                                                                                    monkeypatch):
    from django.utils import timezone

    from yunwei.assessment.models import Scheme
    from yunwei.assessment.tests.test_assessment import login

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 11, 30))
    scheme = Scheme.objects.get(pk=world.a.scheme.pk)
    before = scheme.definition
    client = login(world.a.users["agency_admin"])
    url = f"/assessment/{scheme.pk}/rules/"
    # a clause without its rate: refused, nothing saved
    bad = client.post(url, body(before, **{"lp-percent_per_day": "", "save": "1"}))
    assert bad.status_code == 400 and "请填写每日比例" in bad.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).definition == before
    changes = {"bond-kind": "percent", "bond-percent": "10", "bond-form": "transfer",
               "bond-refund": "验收通过后无息退还", "bond-forfeit": "乙方违约时不予退还",
               "lp-percent_per_day": "0.05", "lp-basis": "contract_total"}
    preview = client.post(url, body(before, preview="1", **changes))
    assert preview.status_code == 200
    assert Scheme.objects.get(pk=scheme.pk).definition == before  # a preview saves nothing
    assert client.post(url, body(before, save="1", **changes)).status_code == 302
    page = client.get(f"/assessment/{scheme.pk}/score/?period=all").content.decode()
    section = page[page.index('id="performance-bond"'):]
    # 10 % of the contract total 1,118,000.00 = 111,800.00
    assert "¥111,800.00" in section and "1,118,000.00 元 × 10% = 111,800.00 元" in section
    assert "验收通过后无息退还" in section and "乙方违约时不予退还" in section
    assert "转账" in section
    assert "每日按合同总额的 0.05% 计" in page
