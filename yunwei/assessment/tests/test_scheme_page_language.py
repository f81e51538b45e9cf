"""The scheme's page reads naturally in each language: in English no Chinese and no full-width
punctuation (bands "≥ 60, ≤ 120: Pending decision", tiers "Passed (90 and above) (≥ 90)"),
labels that stand alone start with a capital; in Chinese full-width punctuation throughout
("退还：…"). Checked for every template file, as the vendor's project manager reads it."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings

from yunwei.assessment import actions
from yunwei.assessment.models import PaymentMilestone, Scheme
from yunwei.assessment.tests.test_assessment import login
from yunwei.assessment.tests.test_templates import TEMPLATES

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u3400-\u9fff]")
FULL_WIDTH = re.compile(r"[（）：，；、。]")


def page_text(client, url: str) -> str:
    from tests.pages_language import visible_text

    return "\n".join(visible_text(client.get(url).content.decode()))


def scheme_of(world, code: str) -> Scheme:
    Scheme.objects.filter(contract=world.a.contract).delete()
    PaymentMilestone.objects.filter(contract=world.a.contract).delete()
    return actions.do_create_scheme(world.a.contract, template=code)


def the_scheme_part(text: str, world, scheme: Scheme) -> str:
    """The scheme's own panels: the menu above and the (core's) history below left out, the
    agency's data removed (the contract's and the scheme's names, the contract's clause
    numbers quoted as the contract writes them, e.g. 第五章第二条)."""
    text = html.unescape(text)
    english = "Score and settlement" in text
    text = text.split("Score and settlement" if english else "得分与结算", 1)[-1]
    text = text.split("\nHistory\n" if english else "\n变更历史\n", 1)[0]
    clauses = [str(r.get("clause")) for r in scheme.definition.get("rules", [])
               if r.get("clause")]
    late = (scheme.definition.get("payments") or {}).get("late_payment") or {}
    if late.get("clause"):
        clauses.append(str(late["clause"]))
    for data in (str(world.a.contract), scheme.name, *clauses):
        text = text.replace(data, " ")
    return text


@pytest.mark.parametrize("code", TEMPLATES)
def test_the_english_scheme_page_has_no_chinese_text_or_punctuation(world, code):
    scheme = scheme_of(world, code)
    client = login(world.a.users["vendor_pm"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = the_scheme_part(page_text(client, scheme.get_absolute_url()), world, scheme)
    assert scheme.definition["name"]["en"] in text  # the template's English name
    assert not CJK.search(text), [ln for ln in text.splitlines() if CJK.search(ln)]
    assert not FULL_WIDTH.search(text), [ln for ln in text.splitlines()
                                         if FULL_WIDTH.search(ln)]
    for label in ("Contract", "Template", "Base score", "Assessment periods", "Code",
                  "Description", "Kind", "Points"):
        assert f"\n{label}\n" in text, label
    lowercase = [ln for ln in text.splitlines() if re.match(r"[a-z]", ln)]
    assert not lowercase, lowercase


def test_bands_and_tiers_in_english_and_chinese(world):
    scheme = Scheme.objects.get(contract=world.a.contract)  # prison-2025
    client = login(world.a.users["vendor_pm"])
    zh = page_text(client, scheme.get_absolute_url())
    assert "≥ 60，≤ 120：待甲方决定" in zh  # the 1-2 hours band of P-LATE
    assert "合格（90 分及以上）（≥ 90）" in zh
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = page_text(client, scheme.get_absolute_url())
    assert "≥ 60, ≤ 120: Pending decision" in en
    assert "Passed (90 and above) (≥ 90)" in en


def test_the_chinese_scheme_page_uses_full_width_punctuation(world):
    scheme = scheme_of(world, "student-card-2024")  # a bond returned on acceptance
    client = login(world.a.users["vendor_pm"])
    text = the_scheme_part(page_text(client, scheme.get_absolute_url()), world, scheme)
    assert "退还：项目验收通过后无息退还" in text
    ascii_colon = [ln for ln in text.splitlines() if re.search(r"[\u4e00-\u9fff]: ", ln)]
    assert not ascii_colon, ascii_colon
