"""The add page when every contract of the agency administrator already has a scheme: it says
why there is nothing to choose and links to those schemes (not another agency's); with a
contract left, the form as before."""

from __future__ import annotations

import pytest
from django.conf import settings

from yunwei.assessment.models import Scheme
from yunwei.assessment.tests.test_assessment import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang, reason", [
    ("zh-hans", "您的每个合同都已有考核方案"),
    ("en", "Each of your contracts already has an assessment scheme")])
def test_every_contract_has_a_scheme_says_so_and_links_to_them(world, lang, reason):
    client = login(world.a.users["agency_admin"])
    if lang == "en":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/assessment/add/")
    page = response.content.decode()
    assert response.status_code == 200
    assert reason in page
    assert f'href="{world.a.scheme.get_absolute_url()}"' in page
    assert f'href="{world.b.scheme.get_absolute_url()}"' not in page  # another agency's
    assert 'name="template"' not in page  # no form to fill in for nothing


def test_with_a_contract_left_the_form_is_shown(world):
    Scheme.objects.filter(contract=world.a.contract).delete()
    page = login(world.a.users["agency_admin"]).get("/assessment/add/").content.decode()
    assert 'name="template"' in page and "您的每个合同都已有考核方案" not in page
