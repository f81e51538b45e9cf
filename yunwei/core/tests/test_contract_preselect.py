"""A form that asks for a contract has it chosen already when the user may act on one contract
only; with several, the user chooses; a posted form is never filled in on its own."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

#: Forms built on the shared contract choices (core.forms.offer_contracts), and a role of
#: contract A that may add there: ScopedModelForm (operations, inventory, staffing) and the
#: plain forms of the desk's intake and the attendance import.
PAGES = [("/operations/records/add/", "vendor_pm"), ("/inventory/add/", "vendor_pm"),
         ("/staffing/people/add/", "vendor_pm"), ("/workorders/add/", "service_desk"),
         ("/staffing/import/", "vendor_pm")]


def contract_select(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.search(r'<select name="contract"[^>]*id="id_contract".*?</select>',
                     response.content.decode(), re.S).group(0)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("url", "role"), PAGES)
def test_the_only_contract_is_chosen(world, url, role):
    select = contract_select(login(world.a.users[role]), url)
    assert f'<option value="{world.a.contract.pk}" selected>' in select
    assert str(world.b.contract.pk) + '"' not in select.replace('value=""', "")


@pytest.mark.parametrize(("url", "role"), PAGES[:1])
def test_several_contracts_are_left_to_choose(world, url, role):
    select = contract_select(login(world.root), url)
    assert '<option value="" selected>' in select
    assert f'value="{world.a.contract.pk}"' in select and f'value="{world.b.contract.pk}"' in select


def test_a_posted_form_without_a_contract_is_refused_not_filled_in(world):
    client = login(world.a.users["vendor_pm"])
    response = client.post("/operations/records/add/", {})
    assert response.status_code in (200, 400)
    select = re.search(r'<select name="contract".*?</select>', response.content.decode(),
                       re.S).group(0)
    assert " selected>" not in select.replace('value="" selected>', "")
