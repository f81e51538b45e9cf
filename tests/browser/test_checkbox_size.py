"""A checkbox on a phone is drawn at its own size, at the start of its field (the leave form's
"emergency" was a box stretched across the form, as tall as a text input, centred)."""

from __future__ import annotations

import pytest

from tests.browser.phone import phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOX_JS = """(sel) => { const e = document.querySelector(sel);
  const r = e.getBoundingClientRect(), f = e.closest('.field').getBoundingClientRect();
  return [r.width, r.height, r.left - f.left]; }"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_leave_forms_emergency_checkbox_is_a_small_box(browser, live_server, world,
                                                           language):
    from yunwei.staffing.testing import make_staffing

    make_staffing(world.a, "A")
    context, page = phone_page(browser, live_server, world.a.users["vendor_engineer"],
                               language)
    try:
        response = page.goto(f"{live_server.url}/staffing/leave/add/")
        assert response is not None and response.status == 200
        width, height, offset = page.evaluate(BOX_JS, "#id_emergency")
        assert 10 <= width <= 28 and 10 <= height <= 28, (width, height)
        assert offset < 4  # at the start of its field, not centred
    finally:
        context.close()
