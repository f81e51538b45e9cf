"""Section headings start with a capital in English ("Work orders", not "work orders")."""

import pytest

pytestmark = pytest.mark.django_db


def test_accident_and_work_order_headings_in_english(world, client):
    accident = world.a.operations["accident"]
    client.force_login(world.a.users["vendor_pm"])
    client.cookies["yunwei_language"] = "en"
    html = client.get(f"/operations/{accident.pk}/").content.decode()
    for heading in ("Work orders", "Affected items", "Affected configuration items"):
        assert f"<h2>{heading}</h2>" in html, heading
    html = client.get(f"/workorders/{world.a.work_order.pk}/").content.decode()
    assert "<h2>description</h2>" not in html
