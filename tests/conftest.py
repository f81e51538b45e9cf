"""Fixtures of the page tests: one world and one crawl of it, shared by the crawler and the
language tests (one world per module, rolled back at its end)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="module")
def crawl_world(django_db_setup, django_db_blocker) -> Any:
    """The test world, built once for a module of crawling tests and rolled back at its end."""
    from django.db import transaction

    from tests import test_access_matrix
    from yunwei.testing import make_world

    with django_db_blocker.unblock(), transaction.atomic():
        built = make_world()
        test_access_matrix.WORLD_NATIONAL["year"] = built.holiday_year
        test_access_matrix.WORLD_NATIONAL["day"] = built.holiday_year.days.first()
        test_access_matrix._holiday_submission()  # a pending notice, linked before the crawl
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def crawled(crawl_world, django_db_blocker) -> dict[str, Any]:
    """Every role's crawl in Chinese: {role: (user, client, Crawl)}."""
    from tests.crawling import crawl, crawl_roles

    with django_db_blocker.unblock():
        return {key: (user, client, crawl(client))
                for key, (user, client) in crawl_roles(crawl_world).items()}
