"""An accident's page on a phone, in both languages: the step forms (a long choice of evidence
kinds, a file input) stay within the phone's width."""

from __future__ import annotations

import pytest

from tests.browser.phone import open_on_phone, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_accident_forms_fit_a_phone(browser, live_server, world, language):
    from yunwei.operations.testing import make_operations

    accident = make_operations(world.a, "AAA")["operations.accident"]
    context, page = phone_page(browser, live_server, world.a.users["vendor_pm"], language)
    try:
        overflow = open_on_phone(page, live_server, f"/operations/{accident.pk}/", language,
                                 "vendor_pm")
        assert page.locator("form.step-form").count() >= 1  # the forms are on the page
        assert overflow == 0
    finally:
        context.close()
