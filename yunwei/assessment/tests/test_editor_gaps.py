"""What a scheme started blank could not express without a template (the editor's gaps):
fines claimed against a bond the contract does not set, a new band rule with its bands, a
threshold decided by the agency, a termination right with a yuan amount, a threshold on a
value entered by hand, and the scheme page's words for a rate. Every path through the page
and through the API; expected figures are worked out by hand in the comments."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from yunwei.assessment import actions
from yunwei.assessment.compute import assess_periods
from yunwei.assessment.forms.definition import DefinitionForm
from yunwei.assessment.models import ManualEntry, Scheme
from yunwei.assessment.tests.test_api_steps import refused_in_both, send
from yunwei.assessment.tests.test_assessment import login
from yunwei.assessment.tests.test_editor import body

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
END = dt.datetime(2027, 1, 1, tzinfo=TZ)
NO_BOND_ZH, NO_BOND_EN = "合同未约定履约保证金", "the contract sets no performance bond"


@pytest.fixture
def blank(world):
    """Contract A at 998,000.00 with a blank scheme (no rules, no bond) split in quarters."""
    contract = world.a.contract
    contract.amount = Decimal("998000.00")
    contract.save()
    Scheme.objects.filter(contract=contract).delete()
    ManualEntry.objects.filter(contract=contract).delete()
    scheme = actions.do_create_scheme(contract, name="学生卡平台运维")
    client = login(world.a.users["agency_admin"])
    return scheme, client, f"/assessment/{scheme.pk}/rules/"


def saved(scheme: Scheme) -> dict:
    return Scheme.objects.get(pk=scheme.pk).definition


def post(client, url: str, scheme: Scheme, **changes: str):
    return client.post(url, body(saved(scheme), periods="quarters", save="1", **changes))


# -- 5. fines claimed against a bond the contract does not set -------------------------------
def test_the_editor_refuses_fines_from_a_bond_that_is_not_set(world, blank):
    scheme, client, url = blank
    before = saved(scheme)
    response = post(client, url, scheme, fines_from="bond")
    assert response.status_code == 400
    assert NO_BOND_ZH in response.content.decode() and saved(scheme) == before
    # the same save with a bond of 10 % is accepted
    response = post(client, url, scheme, fines_from="bond", **{"bond-kind": "percent",
                                                              "bond-percent": "10"})
    assert response.status_code == 302, response.content.decode()[:2000]
    payments = saved(scheme)["payments"]
    assert payments["fines_from"] == "bond" and payments["bond"] == {"percent": 10}
    # removing the bond while fines are claimed against it is refused too
    response = post(client, url, scheme, **{"bond-kind": ""})
    assert response.status_code == 400 and NO_BOND_ZH in response.content.decode()
    assert saved(scheme)["payments"]["bond"] == {"percent": 10}


def test_the_refusal_reads_in_english(world, blank):
    from yunwei.core.errors import Refused

    scheme, _client, _url = blank
    data = {**saved(scheme), "payments": {"fines_from": "bond"}}
    with pytest.raises(Refused) as caught:
        actions.do_edit_definition(scheme, data)
    assert NO_BOND_ZH in caught.value.zh and NO_BOND_EN in caught.value.en


def test_the_scheme_form_refuses_the_guarantee_box_without_a_bond(world, blank):
    scheme, client, _url = blank
    url = f"/assessment/{scheme.pk}/edit/"
    data = {"name": "学生卡平台运维", "base": "100", "final_payment": "0", "level_map": ""}
    response = client.post(url, {**data, "guarantee": "on"})
    assert response.status_code == 400
    assert NO_BOND_ZH in response.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).fines_from == "next_payment"


def test_the_api_refuses_fines_from_a_bond_that_is_not_set(world, blank):
    scheme, client, _url = blank
    before = saved(scheme)
    # PATCH the guarantee box
    refused_in_both(send(client, "patch", f"/api/schemes/{scheme.pk}/", {"guarantee": True}),
                    NO_BOND_ZH, NO_BOND_EN)
    # PUT a definition claiming fines against no bond
    data = copy.deepcopy(before)
    data["payments"] = {"fines_from": "bond"}
    refused_in_both(send(client, "put", f"/api/schemes/{scheme.pk}/definition/",
                         {"definition": data}), NO_BOND_ZH, NO_BOND_EN)
    assert saved(scheme) == before
    # with a bond of 50,000.00 it is accepted
    data["payments"]["bond"] = {"amount": "50000.00"}
    response = send(client, "put", f"/api/schemes/{scheme.pk}/definition/",
                    {"definition": data})
    assert response.status_code == 200, response.content
    assert saved(scheme)["payments"] == {"fines_from": "bond",
                                         "bond": {"amount": "50000.00"}}
    assert send(client, "patch", f"/api/schemes/{scheme.pk}/",
                {"guarantee": True}).status_code == 200


def test_the_add_page_refuses_the_guarantee_box_for_a_template_without_a_bond(world):
    side = world.a
    Scheme.objects.filter(contract=side.contract).delete()
    client = login(side.users["agency_admin"])
    response = client.post("/assessment/add/", {
        "contract": side.contract.pk, "template": "prison-2025", "final_payment": "0",
        "guarantee": "on"})
    assert response.status_code == 400 and NO_BOND_ZH in response.content.decode()
    assert not Scheme.objects.filter(contract=side.contract).exists()
    # student-card-2024 sets a 10 % bond: accepted
    response = client.post("/assessment/add/", {
        "contract": side.contract.pk, "template": "student-card-2024", "final_payment": "0",
        "guarantee": "on"})
    assert response.status_code == 302
    assert Scheme.objects.get(contract=side.contract).fines_from == "bond"


def add_rule(client, url: str, scheme: Scheme, **fields: str):
    """Post the editor with a new rule (`fields` without the "new-" prefix) and save."""
    return post(client, url, scheme, **{f"new-{k}": v for k, v in fields.items()})


def entry(world, rule: str, day: dt.date, count: int = 1, value: str | None = None):
    return ManualEntry.objects.create(contract=world.a.contract, rule=rule, date=day,
                                      count=count, evidence=f"{day} 监理通知单",
                                      **({"value": Decimal(value)} if value else {}))


# -- 3. a termination right with a yuan amount -----------------------------------------------
def test_a_termination_right_with_a_fixed_amount(world, blank):
    # seed 000 style: 20 % of the total for a breach, a termination right; on termination a
    # fixed 50,000.00 yuan
    scheme, client, url = blank
    response = add_rule(client, url, scheme, kind="manual", code="S-SERVICE", title="服务违约",
                        fine_percent="20", fine_of="contract_total", term_always="on",
                        term_on_yuan="50000")
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = saved(scheme)["rules"][0]
    assert rule["termination"] == {"always": True, "on_termination": {"yuan": "50000.00"}}
    entry(world, "S-SERVICE", dt.date(2026, 5, 20))
    a = assess_periods(Scheme.objects.get(pk=scheme.pk), as_of=END)
    q2 = a.period("2026Q2")
    assert q2.fines == Decimal("199600.00")   # 998,000 x 20 %
    assert [(t.rule, t.fine_on_termination) for t in q2.terminations] == [
        ("S-SERVICE", Decimal("50000.00"))]
    # the existing rule's amount is a field too: 60,000.00 instead, then 10 % instead
    response = post(client, url, scheme, **{"rule-0-term_on_yuan": "60000"})
    assert response.status_code == 302
    assert saved(scheme)["rules"][0]["termination"]["on_termination"] == {"yuan": "60000.00"}
    response = post(client, url, scheme, **{"rule-0-term_on_yuan": "",
                                            "rule-0-term_on_percent": "10"})
    assert response.status_code == 302
    assert saved(scheme)["rules"][0]["termination"]["on_termination"] == {
        "percent": 10, "of": "contract_total"}


def test_a_termination_amount_in_yuan_and_percent_is_refused(world, blank):
    scheme, client, url = blank
    before = saved(scheme)
    response = add_rule(client, url, scheme, kind="manual", code="S-X", fine_yuan="100",
                        term_always="on", term_on_yuan="50000", term_on_percent="20")
    assert response.status_code == 400 and saved(scheme) == before
    assert "解除合同时的金额" in response.content.decode()
    data = body(before, **{"new-kind": "manual", "new-code": "S-X", "new-fine_yuan": "100",
                           "new-term_always": "on", "new-term_on_yuan": "50000",
                           "new-term_on_percent": "20"})
    with translation.override("en"):
        form = DefinitionForm(data, definition=before)
        assert not form.is_valid()
        assert "amount on termination either in yuan or as a percentage" in str(form.errors)


def test_the_api_takes_a_termination_right_with_a_fixed_amount(world, blank):
    scheme, client, _url = blank
    data = copy.deepcopy(saved(scheme))
    data["rules"] = [{"code": "S-SERVICE", "kind": "manual", "title": "服务违约",
                      "fine": {"percent": 20, "of": "contract_total"},
                      "termination": {"always": True, "on_termination": {"yuan": "50000.00"}}}]
    response = send(client, "put", f"/api/schemes/{scheme.pk}/definition/",
                    {"definition": data})
    assert response.status_code == 200, response.content
    # a negative amount is refused by the engine, in both languages, nothing saved
    data["rules"][0]["termination"]["on_termination"] = {"yuan": "-1.00"}
    refused_in_both(send(client, "put", f"/api/schemes/{scheme.pk}/definition/",
                         {"definition": data}), "金额不能为负", "the amount cannot be negative")
    assert saved(scheme)["rules"][0]["termination"]["on_termination"] == {"yuan": "50000.00"}


# -- 2. a threshold whose only effect is the agency's decision -------------------------------
def test_a_threshold_decided_by_the_agency(world, blank):
    from yunwei.scoring.engine import Contract, Value, assess, load_scheme, make_periods

    scheme, client, url = blank
    response = add_rule(client, url, scheme, kind="threshold", code="DB-AVAIL",
                        title="数据库运行率不低于 99.9%", measure="availability",
                        threshold_op="min", threshold_value="99.9", pending="on")
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = saved(scheme)["rules"][0]
    assert rule == {"code": "DB-AVAIL", "kind": "threshold", "measure": "availability",
                    "min": "99.9", "pending": True,
                    "title": {"zh": "数据库运行率不低于 99.9%", "en": "数据库运行率不低于 99.9%"}}
    # what the engine makes of it: a month at 99.5 % is a pending line (no points, no fine),
    # a month at 99.95 % passes
    engine = load_scheme(saved(scheme))
    contract = Contract(Decimal("998000.00"), dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    periods = make_periods(contract.start, contract.end, "quarters")
    a = assess(engine, contract, periods, values=[
        Value("availability", "2026Q1", Decimal("99.5")),
        Value("availability", "2026Q2", Decimal("99.95"))])
    q1, q2 = a.period("2026Q1"), a.period("2026Q2")
    assert [(ln.rule, ln.pending, ln.fine) for ln in q1.lines] == [
        ("DB-AVAIL", True, Decimal("0"))]
    assert [p.rule for p in q1.pending] == ["DB-AVAIL"] and q2.lines == []
    # the existing rule's box: unticked, the rule has no effect any more: the engine says so
    response = post(client, url, scheme, **{"rule-0-pending": ""})
    assert response.status_code == 400 and "规则没有效果" in response.content.decode()
    assert saved(scheme)["rules"][0]["pending"] is True


def test_only_a_threshold_or_a_record_rule_is_left_to_the_agency(world, blank):
    scheme, client, url = blank
    before = saved(scheme)
    response = add_rule(client, url, scheme, kind="count", code="C3", pending="on")
    assert response.status_code == 400 and saved(scheme) == before
    assert "只有达标线或按记录逐项计的规则" in response.content.decode()


def test_the_api_takes_a_threshold_decided_by_the_agency(world, blank):
    scheme, client, _url = blank
    data = copy.deepcopy(saved(scheme))
    data["measures"] = {"availability": {"kind": "values", "label": "运行率", "unit": "%"}}
    data["rules"] = [{"code": "DB-AVAIL", "kind": "threshold", "measure": "availability",
                      "title": "运行率", "min": 99.9, "pending": True}]
    response = send(client, "put", f"/api/schemes/{scheme.pk}/definition/",
                    {"definition": data})
    assert response.status_code == 200, response.content
    # a hand-entered rule cannot be "pending" (its entries are the agency's own findings)
    data["rules"] = [{"code": "M", "kind": "manual", "title": "手工", "pending": True}]
    refused_in_both(send(client, "put", f"/api/schemes/{scheme.pk}/definition/",
                         {"definition": data}), "未知的键“pending”", "unknown key 'pending'")


# -- 6. the scheme page states a rate with its rate, cap and termination right ---------------
def test_the_scheme_page_states_a_rate_and_its_cap_in_both_languages(world, blank):
    import html

    scheme, client, _url = blank
    data = copy.deepcopy(saved(scheme))
    data["rules"] = [
        {"code": "D-LATE", "kind": "rate", "manual": True, "title": "逾期提交技术服务",
         "percent": 0.5, "of": "contract_total", "every_days": 7,
         "cap": {"percent": 30, "of": "contract_total"}, "termination": {"at_cap": True}},
        {"code": "C1-LATE", "kind": "rate", "manual": True, "title": "逾期交付",
         "percent": 0.5, "of": "contract_total", "every_days": 1,
         "termination": {"after_days": 15,
                         "on_termination": {"yuan": "50000.00"}}},
        {"code": "X-LATE", "kind": "rate", "manual": True, "title": "逾期",
         "percent": 1, "of": "contract_total", "every_days": 10}]
    actions.do_edit_definition(scheme, data)
    url = f"/assessment/{scheme.pk}/"
    page = html.unescape(client.get(url).content.decode())
    assert "每开始一周 0.5%，上限 30%；达到上限时甲方有权解除合同" in page
    assert "每日 0.5%；逾期超过 15 天甲方有权解除合同；解除合同时违约金 ¥50,000.00" in page
    assert "每开始 10 天 1%" in page
    assert client.post("/language/", {"language": "en", "next": "/"}).status_code == 302
    page = html.unescape(client.get(url).content.decode())
    assert "0.5% per started week, capped at 30%; a termination right once the cap is " \
        "reached" in page
    assert "0.5% a day; a termination right after more than 15 days late; on termination " \
        "¥50,000.00" in page
    assert "1% per started 10 days" in page
    # a reader of the contract sees the same words
    reader = login(world.a.users["vendor_pm"]).get(url)
    assert "每开始一周 0.5%，上限 30%" in html.unescape(reader.content.decode())


# -- 1. a new band rule: work orders' lateness on the SLA clock --------------------------------
BANDS = {  # 4 h to 24 h (both included): -0.2; above 24 h: -0.2 and 200.00, -0.1 a started
    # further 24 h beyond 24 h
    "kind": "band", "code": "W-LATE", "title": "工单超时", "measure": "work_order",
    "value": "overdue_hours",
    "band-0-lower": "4", "band-0-upper": "24", "band-0-points": "-0.2",
    "band-1-lower": "24", "band-1-lower_incl": None, "band-1-points": "-0.2",
    "band-1-fine_yuan": "200", "band-1-step_every": "24", "band-1-step_beyond": "24",
    "band-1-step_points": "-0.1"}


def test_a_new_band_rule_on_the_sla_clock(world, blank):
    from yunwei.assessment.tests.test_lateness import T, order

    scheme, client, url = blank
    response = add_rule(client, url, scheme, **BANDS)
    assert response.status_code == 302, response.content.decode()[:3000]
    definition = saved(scheme)
    assert definition["rules"] == [{
        "code": "W-LATE", "kind": "band", "measure": "work_order", "value": "overdue_hours",
        "title": {"zh": "工单超时", "en": "工单超时"},
        "bands": [{"code": "W-LATE-1", "from": 4, "to": 24, "points": "-0.2"},
                  {"code": "W-LATE-2", "above": 24, "points": "-0.2",
                   "fine": {"yuan": "200.00"},
                   "step": {"every": 24, "beyond": 24, "points": "-0.1"}}]}]
    # the measure is declared with its attributes (the SLA clock's deadline and lateness)
    overdue = definition["measures"]["work_order"]["attributes"]["overdue_hours"]
    assert (overdue["type"], overdue["deadline"]) == ("overdue", "deadline")
    # Urgent orders, 8 working hours on 09:00-17:30 (the fixture's SLA target).
    # Issued Fri 03-13 15:00, due Mon 03-16 14:30, resolved Tue 03-17 14:30:
    # Mon 14:30-17:30 (3 h) + Tue 09:00-14:30 (5.5 h) = 8.5 h late: band 1, -0.2.
    first = order(world, T(2026, 3, 13, 15, 0), T(2026, 3, 17, 14, 30))
    # Issued Mon 03-23 09:00, due Mon 17:00, resolved Fri 03-27 13:00: 0.5 + 8.5 + 8.5 + 8.5
    # + 4 = 30 h late: band 2, -0.2 and 200.00, and one started 24 h beyond 24 h: -0.1.
    second = order(world, T(2026, 3, 23, 9, 0), T(2026, 3, 27, 13, 0))
    # Resolved within its 8 working hours: nothing.
    on_time = order(world, T(2026, 3, 2, 9, 0), T(2026, 3, 2, 16, 0))
    a = assess_periods(Scheme.objects.get(pk=scheme.pk), as_of=END)
    assert a.problems == []

    def of(wo):
        lines = [ln for ln in a.period("2026Q1").lines
                 if ln.rule == "W-LATE" and ln.evidence[0].label == wo.number]
        return sum((ln.points for ln in lines), Decimal(0)), \
            sum((ln.fine for ln in lines), Decimal(0)), {ln.code for ln in lines}

    assert of(first) == (Decimal("-0.2"), Decimal("0"), {"W-LATE-1"})
    assert of(second) == (Decimal("-0.3"), Decimal("200.00"), {"W-LATE-2"})
    assert of(on_time) == (Decimal("0"), Decimal("0"), set())


def test_overlapping_bands_are_refused_and_nothing_is_saved(world, blank):
    scheme, client, url = blank
    before = saved(scheme)
    overlapping = {**BANDS, "band-1-lower_incl": "on"}  # 24 in both bands
    response = add_rule(client, url, scheme, **overlapping)
    assert response.status_code == 400 and saved(scheme) == before
    assert "bands[1]：与第 1 档重叠" in response.content.decode()
    assert client.post("/language/", {"language": "en", "next": "/"}).status_code == 302
    response = add_rule(client, url, scheme, **overlapping)
    assert response.status_code == 400 and "bands[1]: overlaps band 1" in \
        response.content.decode()
    assert saved(scheme) == before


@pytest.mark.parametrize("fields, zh, en", [
    ({"band-0-lower": None}, "分档需要填写下限", "A band needs its lower bound"),
    ({"band-0-lower": None, "band-0-upper": None, "band-0-points": None,
      "band-1-lower": None, "band-1-points": None, "band-1-fine_yuan": None,
      "band-1-step_every": None, "band-1-step_beyond": None, "band-1-step_points": None},
     "请至少填写一档", "Give at least one band"),
    ({"measure": ""}, "分档规则读取平台提供的度量", "A band rule reads a measure"),
    ({"value": ""}, "请选择度量“工单”中用于分档的数值", "Choose a number of the measure"),
    ({"band-0-points": None}, "分档没有效果", "the band has no effect"),
])
def test_bad_band_rules_are_refused(world, blank, fields, zh, en):
    scheme, client, url = blank
    before = saved(scheme)
    response = add_rule(client, url, scheme, **{**BANDS, **fields})
    assert response.status_code == 400 and saved(scheme) == before
    assert zh in response.content.decode()
    assert client.post("/language/", {"language": "en", "next": "/"}).status_code == 302
    assert en in add_rule(client, url, scheme, **{**BANDS, **fields}).content.decode()


def test_a_band_is_added_to_an_existing_band_rule(world, blank):
    scheme, client, url = blank
    one = {k: v for k, v in BANDS.items() if not k.startswith("band-1-")}
    assert add_rule(client, url, scheme, **one).status_code == 302
    # above 24 h: -0.5 (the "add a band" row of the rule)
    response = post(client, url, scheme, **{"rule-0-addband-lower": "24",
                                            "rule-0-addband-lower_incl": None,
                                            "rule-0-addband-points": "-0.5"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert saved(scheme)["rules"][0]["bands"] == [
        {"code": "W-LATE-1", "from": 4, "to": 24, "points": "-0.2"},
        {"code": "W-LATE-2", "above": 24, "points": "-0.5"}]
    # a third band overlapping the second is refused, nothing saved
    before = saved(scheme)
    response = post(client, url, scheme, **{"rule-0-addband-lower": "30",
                                            "rule-0-addband-points": "-1"})
    assert response.status_code == 400 and "与第 2 档重叠" in response.content.decode()
    assert saved(scheme) == before
    # an untouched save keeps the rule as it is
    assert post(client, url, scheme).status_code == 302 and saved(scheme) == before


def test_the_api_takes_a_band_rule_under_the_same_rule(world, blank):
    from yunwei.assessment.definition import standard_measure

    scheme, client, _url = blank
    data = copy.deepcopy(saved(scheme))
    data["measures"] = {"work_order": standard_measure("work_order")}
    data["rules"] = [{"code": "W-LATE", "kind": "band", "measure": "work_order",
                      "value": "overdue_hours", "title": "工单超时",
                      "bands": [{"code": "W-LATE-1", "from": 4, "to": 24, "points": -0.2},
                                {"code": "W-LATE-2", "from": 24, "points": -0.5}]}]
    refused_in_both(send(client, "put", f"/api/schemes/{scheme.pk}/definition/",
                         {"definition": data}), "与第 1 档重叠", "overlaps band 1")
    assert saved(scheme)["rules"] == []
    data["rules"][0]["bands"][1] = {"code": "W-LATE-2", "above": 24, "points": -0.5}
    response = send(client, "put", f"/api/schemes/{scheme.pk}/definition/",
                    {"definition": data})
    assert response.status_code == 200, response.content
    assert [b["code"] for b in saved(scheme)["rules"][0]["bands"]] == ["W-LATE-1", "W-LATE-2"]


# -- 4. a threshold on a value entered by hand --------------------------------------------------
def test_a_threshold_on_a_value_entered_by_hand(world, blank):
    # seed 002: customer satisfaction at least 90 % a quarter (no app measures it): the agency
    # enters each quarter's survey result with its evidence; below 90 % the quarter fails, a
    # fine of 5,000.00 and a termination right
    scheme, client, url = blank
    response = add_rule(client, url, scheme, kind="threshold", code="SAT",
                        title="客户满意度不低于 90%", measure="", threshold_op="min",
                        threshold_value="90", unit="%", fine_yuan="5000", failed_period="on",
                        term_always="on")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert saved(scheme)["rules"] == [{
        "code": "SAT", "kind": "threshold", "manual": True, "min": 90, "unit": "%",
        "fine": {"yuan": "5000.00"}, "failed_period": True, "termination": True,
        "title": {"zh": "客户满意度不低于 90%", "en": "客户满意度不低于 90%"}}]
    # Q1 entered on the page: 87 (%), with its evidence
    page = client.post("/assessment/manual/add/", {
        "contract": world.a.contract.pk, "rule": "SAT", "date": "2026-03-31", "count": "1",
        "value": "87", "evidence": "2026 年第一季度满意度调查报告"})
    assert page.status_code == 302, page.content.decode()[:3000]
    # Q2 through the API: 90 exactly passes (at least 90)
    api = send(client, "post", "/api/manual-entries/", {
        "contract": world.a.contract.pk, "rule": "SAT", "date": "2026-06-30", "count": 1,
        "value": "90", "evidence": "第二季度满意度调查报告"})
    assert api.status_code == 201, api.content
    a = assess_periods(Scheme.objects.get(pk=scheme.pk), as_of=END)
    assert a.problems == []
    q1, q2, q3 = a.period("2026Q1"), a.period("2026Q2"), a.period("2026Q3")
    # by hand: 87 < 90: the quarter fails, 5,000.00, a termination right
    assert q1.fines == Decimal("5000.00")
    assert [(ln.rule, ln.fine) for ln in q1.lines] == [("SAT", Decimal("5000.00"))]
    assert "2026Q1 客户满意度不低于 90% 87%，要求 ≥ 90%" in q1.lines[0].zh
    assert [f.rule for f in a.result.failed_periods] == ["SAT"]
    assert [(t.rule, t.period) for t in a.result.termination_rights] == [("SAT", "2026Q1")]
    assert q2.lines == [] and q2.fines == Decimal("0.00")
    # Q3 has no entry: pending, never guessed
    assert any(p.rule == "SAT" and "未录入" in p.zh for p in q3.pending)


def test_a_hand_value_is_required_for_such_a_rule_and_refused_for_others(world, blank):
    scheme, client, url = blank
    assert add_rule(client, url, scheme, kind="threshold", code="SAT", title="满意度",
                    threshold_op="min", threshold_value="90", failed_period="on",
                    ).status_code == 302
    assert add_rule(client, url, scheme, kind="manual", code="S-SECRET", title="泄密",
                    fine_yuan="100").status_code == 302
    base = {"contract": world.a.contract.pk, "date": "2026-03-31", "count": 1,
            "evidence": "调查报告"}
    # the page
    page = client.post("/assessment/manual/add/", {**base, "rule": "SAT"})
    assert page.status_code == 400 and "请填写该考核期的数值" in page.content.decode()
    page = client.post("/assessment/manual/add/", {**base, "rule": "S-SECRET", "value": "3"})
    assert page.status_code == 400 and "只有按手工录入数值判断的达标线" in page.content.decode()
    # the API, in both languages
    refused_in_both(send(client, "post", "/api/manual-entries/", {**base, "rule": "SAT"}),
                    "请填写该考核期的数值", "give the period's value")
    refused_in_both(send(client, "post", "/api/manual-entries/",
                         {**base, "rule": "S-SECRET", "value": "3"}),
                    "只有按手工录入数值判断的达标线", "Only a threshold on a value entered")
    assert not ManualEntry.objects.filter(contract=world.a.contract).exists()
    # a unit is the hand threshold's only: a measure has its own
    before = saved(scheme)
    response = add_rule(client, url, scheme, kind="threshold", code="DB", title="运行率",
                        measure="availability", threshold_value="99.9", unit="%",
                        failed_period="on")
    assert response.status_code == 400 and "度量自带单位" in response.content.decode()
    assert saved(scheme) == before
