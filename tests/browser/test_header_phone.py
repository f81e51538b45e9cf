"""The header on a phone, in English: the language switch, the user's name, "My account" and
"Log out" each stay on one line (they wrap to a new row as a whole, never word by word)."""

from __future__ import annotations

import pytest

from tests.browser.phone import phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: the heights of the header's tools, and the height of one line of their text
TOOLS_JS = """() => [...document.querySelectorAll('.tools > *')].map(e => {
  const r = e.getBoundingClientRect();
  return [e.innerText.trim(), r.height, parseFloat(getComputedStyle(e).lineHeight) ||
          parseFloat(getComputedStyle(e).fontSize) * 1.6];
})"""


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_header_tools_keep_to_one_line_each(browser, live_server, world, language):
    user = world.a.users["vendor_engineer"]
    user.first_name = "刘洋"
    user.save()
    context, page = phone_page(browser, live_server, user, language)
    try:
        tools = page.evaluate(TOOLS_JS)
        assert len(tools) >= 4
        broken = [(text, height) for text, height, line in tools if height > line * 1.5]
        assert not broken, broken
        assert page.evaluate("() => document.documentElement.scrollWidth"
                             " - document.documentElement.clientWidth") == 0
    finally:
        context.close()
