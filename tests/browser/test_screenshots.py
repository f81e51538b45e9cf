"""Screenshots of every page for every role in both languages, on a phone (issue #10).

The pages are those the crawler reaches by links (tests/crawling.py) for each role of the test
world and the system administrator; each is opened in chromium at 390x844 in Chinese and in
English and saved as artifacts/screenshots/pages/<language>/<role>/<page>.png. Every page must
answer 200 and show no horizontal scroll bar wider than the phone.
YUNWEI_SCREENSHOT_ROLES=agency_admin,requester limits the roles (for a quick look)."""

from __future__ import annotations

import os
import re

import pytest
from django.conf import settings

from tests.browser.conftest import ARTIFACTS
from tests.crawling import crawl, crawl_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password-1"
PHONE = {"width": 390, "height": 844}


def _slug(url: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", url).strip("_") or "home"


def test_every_page_of_every_role_in_both_languages(browser, live_server, world):
    from django.db import connection

    from tests import test_access_matrix

    if connection.vendor != "sqlite":
        pytest.skip("pages are drawn alike on every database: screenshots come from the "
                    "SQLite run")

    test_access_matrix.WORLD_NATIONAL["year"] = world.holiday_year
    test_access_matrix.WORLD_NATIONAL["day"] = world.holiday_year.days.first()
    wanted = {r for r in os.environ.get("YUNWEI_SCREENSHOT_ROLES", "").split(",") if r}
    taken = {"zh-hans": 0, "en": 0}
    routes_roles = 0
    for key, (user, client) in crawl_roles(world).items():
        if wanted and key not in wanted:
            continue
        result = crawl(client)
        routes_roles += len(result.reached)
        user.set_password(PASSWORD)
        user.save()
        for language in ("zh-hans", "en"):
            context = browser.new_context(viewport=PHONE, locale="zh-CN")
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                                  "url": live_server.url}])
            page = context.new_page()
            page.goto(f"{live_server.url}/login/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
            folder = ARTIFACTS / "pages" / language / key
            folder.mkdir(parents=True, exist_ok=True)
            for url in result.pages:
                if url.startswith("/api/"):
                    continue
                response = page.goto(f"{live_server.url}{url}")
                assert response is not None and response.status == 200, (key, url)
                assert page.locator("html").get_attribute("lang") == language, (key, url)
                page.screenshot(path=str(folder / f"{_slug(url)}.png"), full_page=True)
                taken[language] += 1
            context.close()
    print(f"screenshots: {routes_roles} routes x roles reached, "
          f"{taken['zh-hans']} pages in Chinese, {taken['en']} in English")
    assert taken["zh-hans"] == taken["en"] > 0
