"""The scheme's history reads rule by rule: which rule changed, old -> new points and fines,
in the reader's language; no data, codes of terms or True/False."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from django.utils import translation

from yunwei.assessment.definition import template_data
from yunwei.assessment.history import definition_changes, options_changes


def edited() -> tuple[dict, dict]:
    before = template_data("prison-2025")
    after = copy.deepcopy(before)
    rules = {r["code"]: r for r in after["rules"]}
    rules["A-L3"]["points"] = -3
    rules["A-L3"]["fine"] = {"yuan": "1000.00"}
    rules["A-L3"]["cap"] = {"yuan": "5000.00"}
    rules["A-L3"]["when"] = {"level": 2}
    after["rules"] = [r for r in after["rules"] if r["code"] != "W-MAIL"]
    after["tiers"][0]["pending"] = True
    after["payments"] = {"late_payment": {"percent_per_day": "0.03", "from_working_day": 15,
                                          "cap_percent": 20},
                         "bond": {"percent": 10, "refund": {"zh": "验收后退还",
                                                            "en": "after acceptance"}}}
    return before, after


def shown(rows) -> str:
    return "\n".join(f"{label}: {old} -> {new}" for label, old, new in rows)


def test_the_history_names_the_rule_and_its_old_and_new_terms_in_chinese():
    with translation.override("zh-hans"):
        text = shown(definition_changes(*edited()))
    assert "规则 A-L3" in text
    assert "分值: -2 -> -3" in text
    assert "违约金: 合同总额的 1% -> ¥1,000.00" in text
    assert "上限: 无 -> ¥5,000.00" in text
    assert "适用条件: 事故等级 等于 3 -> 事故等级 等于 2" in text
    assert "W-MAIL" in text and "已删除" in text
    assert "每日按逾期金额的 0.03%" in text and "累计不超过其 20%" in text
    assert "合同总额的 10%" in text and "验收后退还" in text
    assert "否 -> 是" in text  # the tier now decided by the agency
    for raw in ("{", "}", "True", "False", "percent_per_day", "'yuan'", "contract_total"):
        assert raw not in text, raw


def test_the_history_reads_in_english_for_an_english_reader():
    with translation.override("en"):
        text = shown(definition_changes(*edited()))
    assert "rule A-L3" in text and "points: -2 -> -3" in text
    assert "fine: 1% of the contract total -> ¥1,000.00" in text
    assert "0.03% a day of the amount paid late" in text
    assert "accident level is 3 -> accident level is 2" in text
    for raw in ("{", "True", "False", "percent_per_day", "规则"):
        assert raw not in text, raw


def test_a_new_scheme_and_the_options_read_as_words():
    with translation.override("zh-hans"):
        created = shown(definition_changes(None, template_data("prison-2025")))
        periods = shown(options_changes({}, {"periods": {
            "ranges": [{"code": "H1", "start": "2026-01-01", "end": "2026-06-30"}],
            "fees": {"H1": "50000"}}, "level_map": {"L1": "urgent"}}))
    assert "条规则" in created and "{" not in created
    assert "H1 2026-01-01–2026-06-30（¥50,000.00）" in periods and "L1 = urgent" in periods


@pytest.mark.django_db
def test_the_scheme_page_shows_the_readable_change(world):
    from yunwei.assessment import actions
    from yunwei.assessment.models import Scheme
    from yunwei.assessment.tests.test_assessment import login
    from yunwei.core import context

    scheme = Scheme.objects.get(pk=world.a.scheme.pk)
    data = copy.deepcopy(scheme.definition)
    for rule in data["rules"]:
        if rule["code"] == "A-L3":
            rule["points"] = -3
    with context.acting(world.a.users["agency_admin"], source="test"):
        actions.do_edit_definition(scheme, data)
    page = login(world.a.users["agency_admin"]).get(f"/assessment/{scheme.pk}/").content.decode()
    history = page[page.index('id="history"'):]
    assert "规则 A-L3" in history and "<del>-2</del> → -3" in history
    assert "percent_per_day" not in history and "{&quot;" not in history
    assert "True" not in history and "False" not in history


@pytest.mark.django_db
def test_the_migration_keeps_the_old_formula_where_the_contract_did_not_say_otherwise(world):
    import importlib

    from django.apps import apps

    from yunwei.assessment.compute import engine_of
    from yunwei.assessment.models import Scheme

    migration = importlib.import_module(
        "yunwei.assessment.migrations.0007_late_payment_as_contract_terms")
    import json

    # no clause: was charged the formula (as stored: JSON keys are text)
    prison = json.loads(json.dumps(template_data("prison-2025"), default=str))
    Scheme.objects.filter(pk=world.a.scheme.pk).update(definition=prison,
                                                       template="prison-2025")
    card = copy.deepcopy(prison)  # a scheme from a template whose contract has no clause
    Scheme.objects.filter(pk=world.b.scheme.pk).update(definition=card,
                                                       template="student-card-2024")
    migration.forwards(apps, None)
    clause = engine_of(Scheme.objects.get(pk=world.a.scheme.pk)).payments["late_payment"]
    assert (clause["percent_per_day"], clause["from_working_day"], clause["cap_percent"],
            clause["basis"]) == (Decimal("0.03"), 15, 20, "overdue")
    assert "payments" not in Scheme.objects.get(pk=world.b.scheme.pk).definition
    migration.backwards(apps, None)
    assert Scheme.objects.get(pk=world.a.scheme.pk).definition == prison
