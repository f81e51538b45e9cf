"""A rule's interpretation (how the clause is read) is given in Chinese and English by every
template, and the scheme's page shows the one of the reader's language. The expected texts
are written out here (prison-2025's P-LATE note), not read from the code."""

from __future__ import annotations

import html
import importlib
import re

import pytest
import yaml
from django.conf import settings

from yunwei.assessment.models import Scheme
from yunwei.assessment.tests.test_assessment import login

pytestmark = pytest.mark.django_db

ZH = "条款对 1 至 2 小时未作规定：标记为待甲方决定，不自行推定。"
EN = "The clause is silent on 1 to 2 hours: marked pending for the agency to decide, never assumed."
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")


def test_every_template_interpretation_has_both_languages():
    from yunwei.assessment.definition import SCHEMES_DIR
    from yunwei.scoring.templates import TEMPLATES

    found = 0
    for path in SCHEMES_DIR.glob("*.yaml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            if "interpretation" in rule:
                found += 1
                text = rule["interpretation"]
                assert isinstance(text, dict) and text["zh"] and text["en"], (path, rule["code"])
                assert not CJK.search(text["en"]), (path, rule["code"])
    assert found == 6  # cloud SLA, prison x2, student D-LATE and SAT, transport S-SERVICE
    for scheme in TEMPLATES.values():  # the built-in engine's copy of prison-2025
        for rule in scheme.rules:
            if rule.interpretation:
                assert rule.interpretation_en and not CJK.search(rule.interpretation_en)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_scheme_page_shows_the_interpretation_in_the_readers_language(world, lang):
    scheme = Scheme.objects.get(contract=world.a.contract)  # prison-2025
    client = login(world.a.users["vendor_pm"])
    if lang == "en":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html.unescape(client.get(scheme.get_absolute_url()).content.decode())
    mine, other = (EN, ZH) if lang == "en" else (ZH, EN)
    assert mine in page and other not in page


def test_the_migration_gives_stored_template_interpretations_both_languages(world):
    from django.apps import apps

    migration = importlib.import_module(
        "yunwei.assessment.migrations.0014_interpretation_in_both_languages")
    scheme = Scheme.objects.get(contract=world.a.contract)
    data = scheme.definition
    rules = {r["code"]: r for r in data["rules"]}
    rules["P-LATE"]["interpretation"] = ZH  # as stored before
    rules["P-LEAVE"]["interpretation"] = "甲方自己的解释"  # the agency's own words
    Scheme.objects.filter(pk=scheme.pk).update(definition=data)
    migration.forwards(apps, None)
    after = {r["code"]: r for r in Scheme.objects.get(pk=scheme.pk).definition["rules"]}
    assert after["P-LATE"]["interpretation"] == {"zh": ZH, "en": EN}
    assert after["P-LEAVE"]["interpretation"] == "甲方自己的解释"


def test_the_migration_still_knows_the_former_sat_note(world):
    """student-card-2024's SAT became a threshold on the hand-entered survey result and its
    note changed; a copy stored before 0014 still gets the former note in both languages."""
    from django.apps import apps

    migration = importlib.import_module(
        "yunwei.assessment.migrations.0014_interpretation_in_both_languages")
    former = "满意度不小于 90% 为达标：由甲方按当季满意度调查结果录入不达标的季度。"
    scheme = Scheme.objects.get(contract=world.a.contract)
    data = scheme.definition
    data["rules"].append({"code": "SAT", "kind": "manual", "title": "满意度低于 90%",
                          "failed_period": True, "termination": True,
                          "interpretation": former})
    Scheme.objects.filter(pk=scheme.pk).update(definition=data)
    migration.forwards(apps, None)
    sat = next(r for r in Scheme.objects.get(pk=scheme.pk).definition["rules"]
               if r["code"] == "SAT")
    assert sat["interpretation"] == {
        "zh": former, "en": "Satisfaction of 90 % or more passes: the agency enters a failed "
                            "quarter from that quarter's survey."}
    assert sat["kind"] == "manual"  # a stored copy keeps its rule: templates apply to new
    # schemes only (its entries of failed quarters carry no value)
