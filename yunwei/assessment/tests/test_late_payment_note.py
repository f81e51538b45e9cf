"""The note migration 0007 wrote as the clause of the former formula is stored in both
languages (0015) and shown in the reader's language on the scheme and score pages and in the
editor; the editor's untouched save keeps it in both."""

from __future__ import annotations

import html
import importlib

import pytest
from django.apps import apps
from django.conf import settings

from yunwei.assessment.models import Scheme
from yunwei.assessment.tests.test_assessment import login

pytestmark = pytest.mark.django_db
ZH = "原统一按此计算，请按合同核对"
EN = "The formula formerly applied to every contract: check it against the contract"


def migrated(world) -> Scheme:
    """Contract A's scheme without a clause, through 0007 (as then) and 0015."""
    scheme = Scheme.objects.get(contract=world.a.contract)
    data = scheme.definition
    data["payments"].pop("late_payment")
    Scheme.objects.filter(pk=scheme.pk).update(definition=data, template="")
    for name in ("0007_late_payment_as_contract_terms",
                 "0015_late_payment_note_in_both_languages"):
        importlib.import_module(f"yunwei.assessment.migrations.{name}").forwards(apps, None)
    return Scheme.objects.get(pk=scheme.pk)


def test_the_note_is_stored_in_both_languages(world):
    scheme = migrated(world)
    assert scheme.definition["payments"]["late_payment"]["clause"] == {"zh": ZH, "en": EN}
    assert scheme.definition["payments"]["late_payment"]["percent_per_day"] == "0.03"


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_pages_show_the_note_in_the_readers_language(world, lang):
    scheme = migrated(world)
    client = login(world.a.users["agency_admin"])
    if lang == "en":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    mine, other = (EN, ZH) if lang == "en" else (ZH, EN)
    for url in (scheme.get_absolute_url(), f"/assessment/{scheme.pk}/score/?period=all",
                f"/assessment/{scheme.pk}/rules/"):
        page = html.unescape(client.get(url).content.decode())
        page = page.split('id="history"', 1)[0]  # past states are shown as they were
        assert mine in page and other not in page, url


def test_a_contract_clause_number_stays_as_written(world):
    from yunwei.assessment.settlement import clause_ref

    assert clause_ref({"clause": "第五章第二条"}, english=True) == "第五章第二条"
    assert clause_ref({"clause": {"zh": ZH, "en": EN}}, english=True) == EN
    assert clause_ref({"clause": {"zh": ZH, "en": EN}}) == ZH


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_editor_keeps_the_note_in_both_unless_it_is_rewritten(lang):
    from django.utils import translation

    from yunwei.assessment.definition import template_data
    from yunwei.assessment.tests.test_editor_terms import edit

    data = template_data("transport-video-2022")
    data["payments"]["late_payment"]["clause"] = {"zh": ZH, "en": EN}
    with translation.override(lang):
        _form, out = edit(data, **{"lp-cap_percent": "25"})  # another term of the clause
        assert out["payments"]["late_payment"]["clause"] == {"zh": ZH, "en": EN}
        _form, out = edit(data, **{"lp-clause": "第五章第二条"})
        assert out["payments"]["late_payment"]["clause"] == "第五章第二条"
