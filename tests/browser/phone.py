"""Pages opened on a phone in chromium, shared by the phone-layout check (make test) and the
screenshot gallery (make screenshots): log in as a user in a language, open a page, and check
what a phone shows (answer 200, the page's language, no horizontal scroll)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

PASSWORD = "browser-test-password-1"
PHONE = {"width": 390, "height": 844}

#: The page's width beyond the phone's, in CSS pixels (0: nothing scrolls sideways).
OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def phone_page(browser: Any, live_server: Any, user: Any, language: str) -> tuple[Any, Any]:
    """A logged-in chromium page at phone size in `language`: (context, page)."""
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                          "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def open_on_phone(page: Any, live_server: Any, url: str, language: str, who: str) -> int:
    """Open `url`, check it answers 200 in `language`; return how far it scrolls sideways."""
    response = page.goto(f"{live_server.url}{url}")
    assert response is not None and response.status == 200, (who, url)
    assert page.locator("html").get_attribute("lang") == language, (who, url)
    return int(page.evaluate(OVERFLOW_JS))
