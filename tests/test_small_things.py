"""Small things a user sees (issue #10): the favicon, a way back from the API docs, and a
refusal that is one log line, not a traceback."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_favicon_is_served_and_linked(world):
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("core/favicon.svg")
    client.force_login(world.a.users["service_desk"])
    assert 'rel="icon"' in client.get("/").content.decode()


def test_api_docs_link_back_to_the_application(world):
    client = Client()
    client.force_login(world.a.users["vendor_engineer"])
    page = client.get("/api/docs/").content.decode()
    assert 'href="/"' in page and "返回运维平台" in page


def test_a_refusal_logs_no_traceback(world, caplog):
    client = Client()
    client.force_login(world.a.users["requester"])
    handler_filter = logging.getLogger().handlers[0].filters if logging.getLogger().handlers \
        else []
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/jobs/")  # system administrators only
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "Django logs the refusal"
    from yunwei.core.logfilters import NoTracebackForClientErrors

    for record in records:
        NoTracebackForClientErrors().filter(record)
        assert record.exc_info is None
    assert handler_filter is not None
