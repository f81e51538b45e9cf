"""Every route on a phone, in both languages (run by `make test`; the full gallery of every
page for every role is `make screenshots`, tests/browser/test_screenshots.py).

The crawler (tests/crawling.py) finds the pages each role of the test world and the system
administrator reach by links. Each route (URL name) is opened once per language, as the first
role that reaches it, in chromium at 390x844: it must answer 200, in the language asked, with
nothing wider than the phone (no horizontal scroll). The text of every page, for every role,
is checked to be in one language by tests/pages_language.py (the HTML the server sends)."""

from __future__ import annotations

import pytest

from tests.browser.phone import open_on_phone, phone_page
from tests.crawling import crawl, crawl_roles, url_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Routes wider than the phone today (URL name -> what was measured), found when this check
#: was written: a page listed here that fits again fails the test, so that the entry is
#: removed with the fix (as the access matrix's KNOWN_BUGS).
KNOWN_WIDE: dict[str, str] = {}


def test_every_route_on_a_phone_in_both_languages(browser, live_server, world):
    from django.db import connection

    from tests import test_access_matrix

    if connection.vendor != "sqlite":
        pytest.skip("pages are drawn alike on every database: the phone check runs on SQLite "
                    "(tests/test_pages.py checks the pages' HTML on both)")

    test_access_matrix.WORLD_NATIONAL["year"] = world.holiday_year
    test_access_matrix.WORLD_NATIONAL["day"] = world.holiday_year.days.first()
    roles = crawl_roles(world)
    chosen: dict[str, list[str]] = {}  # role -> the URLs it opens
    routes: set[str | None] = set()
    for key, (_user, client) in roles.items():
        for url in crawl(client).pages:
            name = url_name(url.split("?", 1)[0])
            if url.startswith("/api/") or name in routes:
                continue
            routes.add(name)
            chosen.setdefault(key, []).append(url)
    wide: list[tuple[str, str, str, int]] = []
    opened = {"zh-hans": 0, "en": 0}
    for key, urls in chosen.items():
        user = roles[key][0]
        for language in ("zh-hans", "en"):
            context, page = phone_page(browser, live_server, user, language)
            for url in urls:
                overflow = open_on_phone(page, live_server, url, language, key)
                if overflow > 0:
                    wide.append((language, key, url, overflow))
                opened[language] += 1
            context.close()
    print(f"phone: {len(routes)} routes, {opened['zh-hans']} pages in Chinese, "
          f"{opened['en']} in English, as {len(chosen)} roles")
    assert opened["zh-hans"] == opened["en"] == len(routes) > 50
    unknown = [row for row in wide if url_name(row[2].split("?", 1)[0]) not in KNOWN_WIDE]
    assert not unknown, "pages wider than the phone (language, role, url, px):\n" + "\n".join(
        map(str, unknown))
    fitting = set(KNOWN_WIDE) - {url_name(row[2].split("?", 1)[0]) for row in wide}
    assert not fitting, f"these pages fit the phone now: remove them from KNOWN_WIDE: {fitting}"
