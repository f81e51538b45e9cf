"""The rounds' service worker: served under /inventory/rounds/ (its scope), to logged-in users,
never cached by the browser's HTTP cache, and named on the round page with its version."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from yunwei.core import context
from yunwei.inventory import views
from yunwei.inventory.testing import make_inventory

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_worker_is_served_from_the_rounds_path(world):
    for role in ("vendor_engineer", "supervisor", "requester"):  # the script holds no data
        response = login(world.a.users[role]).get("/inventory/rounds/sw.js")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        assert response["Cache-Control"] == "no-cache"
        body = response.content.decode()
        assert 'var PREFIX = "yunwei-rounds-";' in body and "caches.delete" in body
    assert Client().get("/inventory/rounds/sw.js")["Location"].startswith("/login/")


def test_the_round_page_registers_it_with_its_version(world):
    with context.acting(None, source="test"):
        rnd = make_inventory(world.a, "AAA")["inventory.inspectionround"]
    page = login(world.a.users["supervisor"]).get(f"/inventory/rounds/{rnd.pk}/")
    html = page.content.decode()
    found = re.search(r'id="round-cache" hidden data-sw="([^"]+)" data-scope="([^"]+)"', html)
    assert found, html[:500]
    assert found.group(1) == f"/inventory/rounds/sw.js?v={views.sw_version()}"
    assert found.group(2) == "/inventory/rounds/"
    assert "inventory/round_cache.js" in html


def test_the_version_follows_the_files(monkeypatch, tmp_path):
    """A changed file gives a new version (a new worker, old copies dropped)."""
    from django.contrib.staticfiles import finders

    real = finders.find
    copy = tmp_path / "round.css"

    def find(name, *args, **kwargs):
        return str(copy) if name == "inventory/round.css" else real(name, *args, **kwargs)

    monkeypatch.setattr(finders, "find", find)
    versions = []
    for text in ("a {}", "a {}", "a { color: red }"):
        copy.write_text(text)
        views.sw_version.cache_clear()
        versions.append(views.sw_version())
    views.sw_version.cache_clear()
    assert versions[0] == versions[1] != versions[2]
    assert all(re.fullmatch(r"[0-9a-f]{12}", v) for v in versions)
