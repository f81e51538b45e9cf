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

from yunwei.assessment import actions
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
