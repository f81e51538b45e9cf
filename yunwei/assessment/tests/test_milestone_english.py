"""Payment milestones have a Chinese and an English name (and condition): a template's
`{zh, en}` become the row's `name` / `name_en`, the reader sees the one of their language
(score page, list, the Excel statement), the PDF statement stays Chinese, the API keeps both.
The expected names are the seed file's (transport-video-2022: 首付款 / First payment)."""

from __future__ import annotations

import html
import importlib
import json
from decimal import Decimal

import pytest
from django.conf import settings

from yunwei.assessment import actions
from yunwei.assessment.models import PaymentMilestone, Scheme
from yunwei.assessment.tests.test_assessment import login
from yunwei.contracts.models import Contract

pytestmark = pytest.mark.django_db
D = Decimal


def transport(world) -> Scheme:
    """Contract A (1,118,000.00) with a scheme from transport-video-2022 and its milestones."""
    Scheme.objects.filter(contract=world.a.contract).delete()
    PaymentMilestone.objects.filter(contract=world.a.contract).delete()
    Contract.objects.filter(pk=world.a.contract.pk).update(amount=D("1118000.00"))
    return actions.do_create_scheme(Contract.objects.get(pk=world.a.contract.pk),
                                    template="transport-video-2022")


def names(contract) -> list[tuple[str, str, str, str]]:
    return [(p.name, p.name_en, p.condition, p.condition_en)
            for p in PaymentMilestone.objects.filter(contract=contract).order_by("seq")]


def test_a_template_gives_the_rows_both_names(world):
    scheme = transport(world)
    assert names(scheme.contract) == [
        ("首付款", "First payment", "合同生效且市财政拨付后 20 个工作日内",
         "Within 20 working days of the contract taking effect and the city's funds arriving"),
        ("尾款", "Final payment", "运维服务通过甲方最终审核后", "After the agency's final review")]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_pages_name_the_milestones_in_the_readers_language(world, lang):
    scheme = transport(world)
    client = login(world.a.users["agency_admin"])
    if lang == "en":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    mine, other = (("First payment", "After the agency's final review"), ("首付款", "尾款")) \
        if lang == "en" else (("首付款", "运维服务通过甲方最终审核后"),
                              ("First payment", "Final payment"))
    first = PaymentMilestone.objects.get(contract=scheme.contract, seq=1)
    for url in (f"/assessment/{scheme.pk}/score/?period=all",
                f"/assessment/payments/?contract={scheme.contract.pk}",
                first.get_absolute_url()):
        page = html.unescape(client.get(url).content.decode())
        if url == first.get_absolute_url():  # the record shows both fields, titled in one
            heading = page.split("<h1", 1)[1].split("</h1>", 1)[0]
            assert mine[0] in heading and other[0] not in heading, heading
            continue
        assert mine[0] in page and (mine[1] in page or "payments/" in url), url
        assert not any(t in page for t in other), url


def test_the_api_keeps_both_and_a_round_trip_changes_nothing(world):
    from yunwei.assessment.tests.test_api_steps import send

    scheme = transport(world)
    client = login(world.a.users["agency_admin"])
    first = PaymentMilestone.objects.get(contract=scheme.contract, seq=1)
    row = client.get(f"/api/payment-milestones/{first.pk}/").json()
    assert (row["name"], row["name_en"]) == ("首付款", "First payment")
    exchanged = client.get(f"/api/schemes/{scheme.pk}/").json()["definition"]
    assert exchanged["payments"]["milestones"][1]["name"] == {"zh": "尾款",
                                                              "en": "Final payment"}
    before = names(scheme.contract)
    assert send(client, "put", f"/api/schemes/{scheme.pk}/definition/",
                {"definition": exchanged}).status_code == 200
    assert names(scheme.contract) == before
    # a definition naming the milestone anew in English renames the row's English only
    changed = json.loads(json.dumps(exchanged))
    changed["payments"]["milestones"][1]["name"] = {"zh": "尾款", "en": "Balance"}
    assert send(client, "put", f"/api/schemes/{scheme.pk}/definition/",
                {"definition": changed}).status_code == 200
    assert names(scheme.contract)[1][:2] == ("尾款", "Balance")
    # PATCH the English name alone
    answer = send(client, "patch", f"/api/payment-milestones/{first.pk}/",
                  {"name_en": "Down payment"})
    assert answer.status_code == 200, answer.content
    first.refresh_from_db()
    assert (first.name, first.name_en) == ("首付款", "Down payment")


def test_without_an_english_name_the_chinese_one_is_shown(world):
    from django.utils import translation

    row = PaymentMilestone(name="首付款", percent=D(50))
    with translation.override("en"):
        assert (row.local_name, str(row)) == ("首付款", "首付款 (50%)")
    row.name_en = "First payment"
    with translation.override("en"):
        assert (row.local_name, str(row)) == ("First payment", "First payment (50%)")
    with translation.override("zh-hans"):
        assert (row.local_name, str(row)) == ("首付款", "首付款（50%）")


def test_the_migration_names_template_rows_in_english_and_leaves_others(world):
    from django.apps import apps

    migration = importlib.import_module("yunwei.assessment.migrations.0013_milestone_english")
    scheme = transport(world)
    PaymentMilestone.objects.filter(contract=scheme.contract).update(name_en="",
                                                                     condition_en="")
    PaymentMilestone.objects.filter(contract=scheme.contract, seq=2).update(name="余款")
    migration.forwards(apps, None)
    assert [n[:2] for n in names(scheme.contract)] == [("首付款", "First payment"),
                                                       ("余款", "")]  # renamed by hand
