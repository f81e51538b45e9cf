"""The scheme's page shows every band's fine beside its points, what a threshold requires with
the items its filter chooses (cloud-db's DB-AVAIL: the database items only) and a hand-entered
threshold's unit, in the reader's language (Chinese full-width punctuation, English ": " and
" (…)"). Expected lines written by hand from the template files."""

from __future__ import annotations

import copy
import html

import pytest
from django.conf import settings

from yunwei.assessment import actions
from yunwei.assessment.models import PaymentMilestone, Scheme
from yunwei.assessment.tests.test_assessment import login
from yunwei.assessment.tests.test_scheme_page_language import page_text

pytestmark = pytest.mark.django_db


def pages(world, scheme: Scheme) -> tuple[str, str]:
    client = login(world.a.users["vendor_pm"])
    zh = html.unescape(page_text(client, scheme.get_absolute_url()))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = html.unescape(page_text(client, scheme.get_absolute_url()))
    return zh, en


def test_band_fines_and_a_hand_entered_thresholds_unit(world):
    scheme = Scheme.objects.get(contract=world.a.contract)  # prison-2025
    data = copy.deepcopy(scheme.definition)
    late = next(r for r in data["rules"] if r["code"] == "P-LATE")
    late["bands"][2]["fine"] = {"yuan": "500"}  # above 120 minutes: -0.5 and 500 yuan
    data["rules"].append({"code": "SURVEY", "kind": "threshold", "manual": True,
                          "title": {"zh": "满意度", "en": "satisfaction"}, "min": 90,
                          "unit": "%", "failed_period": True})
    actions.do_edit_definition(scheme, data)
    zh, en = pages(world, scheme)
    assert "> 120：-0.5" in zh and "> 120：¥500.00" in zh
    assert "> 120: -0.5" in en and "> 120: ¥500.00" in en
    assert "要求：≥ 90%" in zh
    assert "Required: ≥ 90%" in en
    # a fine-only band shows no empty points line; the pending band as before
    assert "≥ 60，≤ 120：待甲方决定" in zh


def test_the_filter_of_a_threshold_on_the_database_items(world):
    Scheme.objects.filter(contract=world.a.contract).delete()
    PaymentMilestone.objects.filter(contract=world.a.contract).delete()
    scheme = actions.do_create_scheme(world.a.contract, template="cloud-db-2022")
    zh, en = pages(world, scheme)
    assert "要求：运行率（配置项类型：database）≥ 99.9%" in zh
    assert "Required: availability (item type: database) ≥ 99.9%" in en
    assert "要求：特殊时期安全值守 ≥ 5" in zh  # DUTY: a count of events, no unit
