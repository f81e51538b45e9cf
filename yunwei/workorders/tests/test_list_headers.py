"""List headers start with a capital in English ("Number", "Resolution due"), as the field
tables and forms do; the phone's cards use the same words."""

import pytest

pytestmark = pytest.mark.django_db


def test_work_order_list_headers_in_english(world, client):
    client.force_login(world.a.users["service_desk"])
    client.cookies["yunwei_language"] = "en"
    html = client.get("/workorders/?queue=all").content.decode()
    for header in ("Number", "Title", "Resolution due"):
        assert f'data-label="{header}"' in html, header
    assert 'data-label="number"' not in html
    assert ">Number" in html  # the header row too


def test_other_lists_headers_in_english(world, client):
    client.force_login(world.a.users["vendor_pm"])
    client.cookies["yunwei_language"] = "en"
    html = client.get("/contracts/").content.decode()
    assert 'data-label="Project name"' in html and 'data-label="project name"' not in html
