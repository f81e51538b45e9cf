"""Every built-in template gives a contract a scheme on the platform: the add page offers only
templates that load against the measures the platform supplies, and a scheme made from each
opens its score page in Chinese and in English."""

from __future__ import annotations

import re
import shutil

import pytest
from django.test import Client

from yunwei.assessment.models import Scheme

pytestmark = pytest.mark.django_db

#: The template files shipped (the list of issue #11, not read from the code under test).
TEMPLATES = ("prison-2025", "transport-video-2022", "student-card-2024", "cloud-db-2022")
REFUSALS = ("平台不提供度量", "the platform does not supply", "Server Error", "无法计算方案")


def agency_admin(world) -> Client:
    client = Client()
    client.force_login(world.a.users["agency_admin"])
    return client


def offered(page: str) -> set[str]:
    """The template codes the add page's template field offers (its option values)."""
    select = re.search(r'<select name="template"[^>]*>(.*?)</select>', page, re.S)
    assert select, "no template field"
    return set(re.findall(r'<option value="([^"]*)"', select.group(1)))


@pytest.mark.parametrize("code", TEMPLATES)
def test_every_template_makes_a_scheme_whose_score_page_works(world, code):
    contract = world.a.contract
    Scheme.objects.filter(contract=contract).delete()
    client = agency_admin(world)
    response = client.post("/assessment/add/", {"contract": contract.pk, "template": code,
                                                "final_payment": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    scheme = Scheme.objects.get(contract=contract)
    assert scheme.template == code and response["Location"] == scheme.get_absolute_url()
    for language, lang_attr in (("zh-hans", "zh-hans"), ("en", "en")):
        assert client.post("/language/", {"language": language, "next": "/"}).status_code == 302
        for url in (f"/assessment/{scheme.pk}/score/", scheme.get_absolute_url()):
            response = client.get(url)
            page = response.content.decode()
            assert response.status_code == 200, (url, language)
            assert f'<html lang="{lang_attr}">' in page
            assert not [r for r in REFUSALS if r in page], (url, language)


def test_the_add_page_offers_only_templates_that_load(world, tmp_path, monkeypatch):
    from yunwei.assessment import definition
    from yunwei.scoring.engine import scheme as engine_scheme

    contract = world.a.contract
    Scheme.objects.filter(contract=contract).delete()
    client = agency_admin(world)
    assert offered(client.get("/assessment/add/").content.decode()) == {"", *TEMPLATES}
    # a template file reading a measure no app supplies is not offered, and choosing it
    # anyway is a form error, not a refusal after the click
    shutil.copy(definition.SCHEMES_DIR / "prison-2025.yaml", tmp_path / "prison-2025.yaml")
    text = (definition.SCHEMES_DIR / "prison-2025.yaml").read_text(encoding="utf-8")
    (tmp_path / "unknown-measure.yaml").write_text(
        text.replace("code: prison-2025", "code: unknown-measure")
        .replace("  praise:\n", "  satisfaction_survey:\n    kind: values\n"
                 "    label: {zh: 满意度, en: satisfaction}\n  praise:\n"), encoding="utf-8")
    monkeypatch.setattr(definition, "SCHEMES_DIR", tmp_path)
    monkeypatch.setattr(engine_scheme, "SCHEMES_DIR", tmp_path)
    assert offered(client.get("/assessment/add/").content.decode()) == {"", "prison-2025"}
    response = client.post("/assessment/add/", {"contract": contract.pk,
                                                "template": "unknown-measure",
                                                "final_payment": "0"})
    assert response.status_code == 400 and not Scheme.objects.filter(contract=contract).exists()
    assert "unknown-measure" in response.content.decode()  # the choice named in the error


def test_refused_for_the_vendor(world):
    client = Client()
    client.force_login(world.a.users["vendor_pm"])
    assert client.get("/assessment/add/").status_code == 403


def test_the_cloud_template_reads_the_monthly_availability_of_the_targeted_items(world,
                                                                                  monkeypatch):
    import datetime as dt
    from decimal import Decimal

    from yunwei.assessment import actions
    from yunwei.assessment.compute import assess_periods
    from yunwei.core import measures
    from yunwei.scoring.engine import Value

    def availability(contract, start, end):
        # two database items with a target in March, one in April; a month after the date
        # of assessment and a period code the monthly scheme does not have are left out
        return [Value("availability", "2026-03", Decimal("99.95"), "inventory.configitem:1"),
                Value("availability", "2026-03", Decimal("99.87"), "inventory.configitem:2"),
                Value("availability", "2026-04", Decimal("99.9"), "inventory.configitem:1"),
                Value("availability", "2026-06", Decimal("90"), "inventory.configitem:1"),
                Value("availability", "2026Q1", Decimal("90"), "inventory.configitem:1")]

    monkeypatch.setitem(measures.SOURCES["availability"], "inventory", availability)
    contract = world.a.contract
    Scheme.objects.filter(contract=contract).delete()
    scheme = actions.do_create_scheme(contract, template="cloud-db-2022")
    a = assess_periods(scheme, as_of=dt.datetime(2026, 5, 15, tzinfo=dt.timezone(
        dt.timedelta(hours=8))))
    assert a.result is not None  # (the fixture's prison entry and unmapped level aside)
    march, april, june = a.period("2026-03"), a.period("2026-04"), a.period("2026-06")
    # March: its lowest item 99.87 % < 99.9 %: failed, one violation of 第十二条第 3 项,
    # 1,000.00; April 99.9 % is "not below": passes; June has not begun: not judged
    assert [f.rule for f in march.failed] == ["DB-AVAIL"] and march.fines == Decimal("1000.00")
    assert april.failed == [] and april.fines == Decimal("0.00")
    assert june.failed == [] and not [p for p in june.pending if p.rule == "DB-AVAIL"]
    # May has begun and has no value: reported as not given, never guessed
    may = a.period("2026-05")
    assert [p.rule for p in may.pending if p.rule == "DB-AVAIL"] == ["DB-AVAIL"]
