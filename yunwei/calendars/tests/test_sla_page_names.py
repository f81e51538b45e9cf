"""The SLA terms page names levels and pause reasons by their names, in both languages; a code
shows only where a level has no name (the identifier the user typed is all there is)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_levels_and_pause_reasons_by_name(world, language):
    from yunwei.calendars.models import SlaTarget

    side = world.a
    SlaTarget.objects.create(policy=side.policy, level_code="p9", level_name="",
                             metric="response", minutes=30, calendar=side.calendar)
    client = Client()
    client.force_login(side.users["agency_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(f"/calendars/sla/{side.policy.pk}/")
    assert response.status_code == 200
    page = response.content.decode().split('id="history"')[0]  # the terms, not the audit
    # world: target urgent "AAA 紧急", pause reason wait "AAA 等待用户" (yunwei.testing)
    assert ">AAA 紧急</a>" in page and ">AAA 等待用户</a>" in page
    for code in (">urgent<", ">wait<", '<code class="small">'):
        assert code not in page, code
    assert ">p9</a>" in page  # no name: the code the user typed
