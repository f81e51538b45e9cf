"""The editor creates the penalty rules of the seed contracts with real fields: a rate over time
(per day, per started week, with a cap and a termination right), a count (a fixed amount each,
a termination right at the Nth), a fine as a percentage of the contract total with a
termination right, a threshold marking the period failed. Each is posted as a browser would
(hand-built POST data) and its simulated result is checked against a hand calculation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from yunwei.assessment import actions
from yunwei.assessment.compute import assess_periods
from yunwei.assessment.forms.definition import DefinitionForm
from yunwei.assessment.models import ManualEntry, Scheme
from yunwei.assessment.tests.test_assessment import login
from yunwei.assessment.tests.test_editor import body

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
END = dt.datetime(2027, 1, 1, tzinfo=TZ)
TODAY = dt.date(2026, 11, 30)  # 2026Q3 is the last closed quarter


@pytest.fixture
def blank(world):
    """Contract A at 998,000.00 with a blank scheme (no rules) split in quarters."""
    contract = world.a.contract
    contract.amount = Decimal("998000.00")
    contract.save()
    Scheme.objects.filter(contract=contract).delete()
    ManualEntry.objects.filter(contract=contract).delete()
    scheme = actions.do_create_scheme(contract, name="学生卡平台运维")
    client = login(world.a.users["agency_admin"])
    return scheme, client, f"/assessment/{scheme.pk}/rules/"


def add_rule(client, url: str, scheme: Scheme, **fields: str):
    """Post the editor with a new rule (`fields` without the "new-" prefix) and save."""
    definition = Scheme.objects.get(pk=scheme.pk).definition
    changes = {f"new-{k}": v for k, v in fields.items()}
    return client.post(url, body(definition, periods="quarters", save="1", **changes))


def entry(world, rule: str, day: dt.date, count: int = 1) -> ManualEntry:
    return ManualEntry.objects.create(contract=world.a.contract, rule=rule, date=day,
                                      count=count, evidence=f"{day} 监理通知单")


def test_a_rate_per_started_week_with_a_cap_and_a_termination_right(world, blank):
    # seed 002: 0.5 % of the contract price a started week (7 days), at most 30 %, a
    # termination right when the cap is reached
    scheme, client, url = blank
    response = add_rule(client, url, scheme, kind="rate", code="D-LATE", title="逾期提交技术服务",
                        percent="0.5", every_days="7", fine_of="contract_total",
                        cap_percent="30", cap_of="contract_total", term_at_cap="on")
    assert response.status_code == 302, response.content.decode()[:3000]
    rule = Scheme.objects.get(pk=scheme.pk).definition["rules"][0]
    assert rule == {"code": "D-LATE", "kind": "rate", "manual": True, "percent": "0.5",
                    "of": "contract_total", "every_days": 7,
                    "title": {"zh": "逾期提交技术服务", "en": "逾期提交技术服务"},
                    "cap": {"percent": 30, "of": "contract_total"},
                    "termination": {"at_cap": True}}
    entry(world, "D-LATE", dt.date(2026, 8, 10), 9)     # 9 days: 2 started weeks
    entry(world, "D-LATE", dt.date(2026, 11, 2), 420)   # 60 weeks
    a = assess_periods(Scheme.objects.get(pk=scheme.pk), as_of=END)
    assert a.problems == []
    q3, q4 = a.period("2026Q3"), a.period("2026Q4")
    # by hand: 998,000 x 0.5 % = 4,990 a week; 2 weeks = 9,980.00
    assert q3.fines == Decimal("9980.00") and q3.terminations == []
    # 60 weeks = 30 % = 299,400.00, but 9,980.00 of the cap is used: 289,420.00, and the
    # cap reached gives the termination right
    assert q4.fines == Decimal("289420.00")
    assert [t.rule for t in q4.terminations] == ["D-LATE"]
    assert a.result.fines == Decimal("299400.00")


def test_a_rate_per_day_with_a_termination_right_after_15_days(world, blank):
    # seed 003: 0.5 % of the total a day; a termination right beyond 15 days, 20 % then
    scheme, client, url = blank
    response = add_rule(client, url, scheme, kind="rate", code="C1-LATE", title="逾期交付",
                        percent="0.5", every_days="1", term_after_days="15",
                        term_on_percent="20")
    assert response.status_code == 302
    rule = Scheme.objects.get(pk=scheme.pk).definition["rules"][0]
    assert rule["termination"] == {"after_days": 15,
                                   "on_termination": {"percent": 20, "of": "contract_total"}}
    entry(world, "C1-LATE", dt.date(2026, 7, 3), 15)    # not more than 15 days
    entry(world, "C1-LATE", dt.date(2026, 9, 1), 16)
    q3 = assess_periods(Scheme.objects.get(pk=scheme.pk), as_of=END).period("2026Q3")
    # by hand: 998,000 x 0.5 % = 4,990 a day; 15 + 16 = 31 days = 154,690.00
    assert q3.fines == Decimal("154690.00")
    assert len(q3.terminations) == 1 and q3.terminations[0].rule == "C1-LATE"


def test_a_count_of_violations_with_a_termination_right_at_the_tenth(world, blank):
    # seed 003: 1,000 yuan a violation (not 0.100 % of 998,000 = 998), terminable at the 10th
    scheme, client, url = blank
    response = add_rule(client, url, scheme, kind="count", code="C3-VIOLATION",
                        title="工作不符合合同约定", fine_yuan="1000", scope="contract",
                        term_at="10")
    assert response.status_code == 302
    rule = Scheme.objects.get(pk=scheme.pk).definition["rules"][0]
    assert rule["fine"] == {"yuan": "1000.00"} and rule["termination"] == {"at": 10}
    entry(world, "C3-VIOLATION", dt.date(2026, 3, 5), 6)
    entry(world, "C3-VIOLATION", dt.date(2026, 8, 5), 3)
    a = assess_periods(Scheme.objects.get(pk=scheme.pk), as_of=END)
    assert (a.period("2026Q1").fines, a.period("2026Q3").fines) == (Decimal("6000.00"),
                                                                   Decimal("3000.00"))
    assert a.result.termination_rights == []             # 9 so far
    entry(world, "C3-VIOLATION", dt.date(2026, 10, 9))   # the 10th
    a = assess_periods(Scheme.objects.get(pk=scheme.pk), as_of=END)
    assert a.period("2026Q4").fines == Decimal("1000.00")
    assert [(t.rule, t.period) for t in a.result.termination_rights] == [
        ("C3-VIOLATION", "2026Q4")]


def test_a_fine_of_a_fifth_of_the_total_with_a_termination_right(world, blank):
    # seed 000: 20 % of the total service fee and a termination right for each breach
    scheme, client, url = blank
    response = add_rule(client, url, scheme, kind="manual", code="S-SECRET", title="违反保密义务",
                        fine_percent="20", fine_of="contract_total", term_always="on")
    assert response.status_code == 302
    rule = Scheme.objects.get(pk=scheme.pk).definition["rules"][0]
    assert rule["fine"] == {"percent": 20, "of": "contract_total"}
    assert rule["termination"] is True
    entry(world, "S-SECRET", dt.date(2026, 5, 20))
    q2 = assess_periods(Scheme.objects.get(pk=scheme.pk), as_of=END).period("2026Q2")
    assert q2.fines == Decimal("199600.00")   # 998,000 x 20 %
    assert [t.rule for t in q2.terminations] == ["S-SECRET"]


def test_a_threshold_on_a_measure_and_a_count_of_its_failed_periods(world, blank):
    # seed 003: database availability at least 99.9 % a period (failed otherwise), a failed
    # period counting as one violation of 第十二条第 3 项
    scheme, client, url = blank
    response = add_rule(client, url, scheme, kind="threshold", code="DB-AVAIL",
                        title="数据库运行率不低于 99.9%", measure="availability",
                        threshold_op="min", threshold_value="99.9", failed_period="on")
    assert response.status_code == 302, response.content.decode()[:3000]
    definition = Scheme.objects.get(pk=scheme.pk).definition
    assert definition["measures"]["availability"]["kind"] == "values"
    assert definition["rules"][0] == {
        "code": "DB-AVAIL", "kind": "threshold", "measure": "availability", "min": "99.9",
        "failed_period": True, "title": {"zh": "数据库运行率不低于 99.9%",
                                         "en": "数据库运行率不低于 99.9%"}}
    response = add_rule(client, url, scheme, kind="count", code="C3", title="违约",
                        fine_yuan="1000", failures_of="DB-AVAIL", term_at="10")
    assert response.status_code == 302
    count = Scheme.objects.get(pk=scheme.pk).definition["rules"][1]
    assert count["failures_of"] == ["DB-AVAIL"] and count["manual"] is True
    # the existing rule's termination right is a field too: at the 12th instead
    definition = Scheme.objects.get(pk=scheme.pk).definition
    response = client.post(url, body(definition, save="1", **{"rule-1-term_at": "12"}))
    assert response.status_code == 302
    assert Scheme.objects.get(pk=scheme.pk).definition["rules"][1]["termination"] == {"at": 12}


def test_an_untouched_save_keeps_the_rules_as_written(world, blank):
    scheme, client, url = blank
    add_rule(client, url, scheme, kind="rate", code="D-LATE", title="逾期", percent="0.5",
             every_days="7", cap_percent="30", term_at_cap="on", term_on_percent="")
    before = Scheme.objects.get(pk=scheme.pk).definition
    assert client.post(url, body(before, save="1")).status_code == 302
    assert Scheme.objects.get(pk=scheme.pk).definition == before


@pytest.mark.parametrize("fields, zh, en", [
    ({"kind": "rate", "percent": "0.5", "every_days": "7", "cap_percent": "-5"},
     "确保该值大于或等于", "Ensure this value is greater than or equal to 0"),
    ({"kind": "manual"}, "新规则需要效果", "A new rule needs an effect"),
    ({"kind": "count", "fine_yuan": "1000", "measure": "outage"},
     "平台不提供度量“outage”", "The platform does not supply the measure “outage”"),
    ({"kind": "threshold", "failed_period": "on"},  # (without a measure: a value by hand)
     "请填写达标值", "Give the threshold's value"),
    ({"kind": "rate", "every_days": "7"}, "请填写比例", "Give the rate's percentage"),
])
def test_bad_rules_are_refused_in_chinese_and_english_and_nothing_is_saved(
        world, blank, fields, zh, en):
    scheme, client, url = blank
    before = Scheme.objects.get(pk=scheme.pk).definition
    response = add_rule(client, url, scheme, code="X-BAD", title="有误的规则", **fields)
    assert response.status_code == 400
    assert zh in response.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).definition == before
    data = body(before, **{f"new-{k}": v for k, v in {"code": "X-BAD", **fields}.items()})
    with translation.override("en"):
        form = DefinitionForm(data, definition=before)
        assert not form.is_valid()
        assert en in " ".join(m for messages in form.errors.values() for m in messages)


def test_the_engine_refuses_a_duplicate_code_with_its_place(world, blank):
    scheme, client, url = blank
    add_rule(client, url, scheme, kind="manual", code="S-SECRET", fine_yuan="100")
    before = Scheme.objects.get(pk=scheme.pk).definition
    response = add_rule(client, url, scheme, kind="manual", code="S-SECRET", fine_yuan="200")
    assert response.status_code == 400 and "代码“S-SECRET”重复" in response.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).definition == before


def test_the_preview_shows_what_the_new_rule_counted(world, blank, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    scheme, client, url = blank
    entry(world, "D-LATE", dt.date(2026, 8, 10), 9)  # entered before the rule exists
    definition = Scheme.objects.get(pk=scheme.pk).definition
    response = client.post(url, body(definition, periods="quarters", preview="1", **{
        "new-kind": "rate", "new-code": "D-LATE", "new-title": "逾期提交技术服务",
        "new-percent": "0.5", "new-every_days": "7", "new-cap_percent": "30"}))
    assert response.status_code == 200
    rows = response.context["preview"]["rules"]
    assert [(r["code"], r["count"], r["fine"]) for r in rows] == [
        ("D-LATE", 1, Decimal("9980.00"))]
    page = response.content.decode()
    assert 'data-rule="D-LATE"' in page and "¥9980.00" in page
    assert Scheme.objects.get(pk=scheme.pk).definition == definition  # nothing saved


def test_the_history_reads_a_new_rate_and_a_changed_termination_right_in_words():
    from yunwei.assessment.history import definition_changes

    before = {"rules": [{"code": "C3", "kind": "count", "manual": True,
                         "title": {"zh": "违约", "en": "violation"}, "fine": {"yuan": "1000.00"},
                         "termination": {"at": 10}}]}
    after = {"rules": [{**before["rules"][0], "termination": {"at": 12}},
                       {"code": "D-LATE", "kind": "rate", "manual": True, "percent": "0.5",
                        "of": "contract_total", "every_days": 7,
                        "title": {"zh": "逾期", "en": "late"},
                        "cap": {"percent": 30, "of": "contract_total"},
                        "termination": {"at_cap": True}}]}
    with translation.override("zh-hans"):
        text = "\n".join(f"{a}: {b} -> {c}" for a, b, c in definition_changes(before, after))
    assert "第 10 次时甲方有权解除合同 -> 第 12 次时甲方有权解除合同" in text
    assert "每 7 天（不足按 7 天计）合同总额的 0.5%" in text
    assert "达到上限时甲方有权解除合同" in text
    assert "True" not in text and "{" not in text
    with translation.override("en"):
        text = "\n".join(f"{a}: {b} -> {c}" for a, b, c in definition_changes(before, after))
    assert "a termination right at occurrence 12" in text and "every 7 started days" in text


def test_a_hand_entered_breach_marks_the_period_failed_with_a_termination_right(world, blank):
    # seed 002: customer satisfaction under 90 % (no app supplies it yet): the agency enters
    # the finding by hand; the quarter fails and the agency may terminate
    scheme, client, url = blank
    response = add_rule(client, url, scheme, kind="manual", code="SAT", title="满意度低于 90%",
                        failed_period="on", term_always="on")
    assert response.status_code == 302
    rule = Scheme.objects.get(pk=scheme.pk).definition["rules"][0]
    assert (rule["failed_period"], rule["termination"], "fine" in rule) == (True, True, False)
    entry(world, "SAT", dt.date(2026, 12, 15))
    a = assess_periods(Scheme.objects.get(pk=scheme.pk), as_of=END)
    assert [(f.rule, f.period) for f in a.result.failed_periods] == [("SAT", "2026Q4")]
    assert [t.rule for t in a.result.termination_rights] == ["SAT"]
    assert a.result.fines == Decimal("0.00")
