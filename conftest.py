"""Shared pytest fixtures."""

from __future__ import annotations

import copy
import sys
import unittest
from typing import Any

import pytest

#: Fixtures that make a test transactional (pytest-django): such a test cannot run inside the
#: module's open transaction.
_TRANSACTIONAL_FIXTURES = ("transactional_db", "live_server", "django_db_reset_sequences",
                           "django_db_serialized_rollback")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fresh_world: build the world for every test of the module instead of once "
                   "per module (see the world fixture)")


def _module_shares_world(module: pytest.Module) -> bool:
    """Whether every selected test of the module may run inside the module's transaction: none
    is transactional, uses a live server or is a unittest case, and the module did not ask
    for a fresh world per test."""
    from pytest_django.fixtures import validate_django_db

    if module.get_closest_marker("fresh_world"):
        return False
    for item in module.session.items:
        if item.getparent(pytest.Module) is not module:
            continue
        if item.get_closest_marker("fresh_world"):
            return False
        cls = getattr(item, "cls", None)
        if cls is not None and issubclass(cls, unittest.TestCase):
            return False
        marker = item.get_closest_marker("django_db")
        if marker is not None:
            transaction, reset_sequences, _, serialized_rollback, _ = validate_django_db(marker)
            if transaction or reset_sequences or serialized_rollback:
                return False
        if any(name in getattr(item, "fixturenames", ()) for name in _TRANSACTIONAL_FIXTURES):
            return False
    return True


@pytest.fixture(scope="module")
def world_builder():
    """What builds a module's world (an app's conftest adds its own objects)."""
    from yunwei.testing import make_world

    return make_world


@pytest.fixture(scope="module")
def _module_world(request, world_builder, django_db_setup, django_db_blocker) -> Any:
    """The world built once for the module inside a transaction left open until the module
    ends and then rolled back (None when the module's tests need a world each). Each test runs
    in a savepoint inside it (pytest-django's db fixture), rolled back after the test."""
    if not _module_shares_world(request.node):
        yield None
        return
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # as Django's TestCase marks its own: a durable block inside a test is allowed
        outer._from_testcase = True
        outer.__enter__()
        try:
            built = world_builder()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _forget_cached_terms() -> None:
    """A freshly built world has new contracts and holiday data, which the per-process caches
    keyed by them never saw: a world reused after a rollback gets the same clean start."""
    from yunwei.calendars import provider
    from yunwei.contracts import terms

    terms.clear()
    provider.invalidate()
    with provider._lock:
        provider._cache.clear()


@pytest.fixture
def world(_module_world, world_builder, db):
    """Two contracts of different vendors with a user in every role on each.

    Built once per module (rolled back at its end; each test's writes are rolled back after
    it); each test gets its own copies of the objects, as a world built for it alone."""
    if _module_world is None:
        return world_builder()
    _forget_cached_terms()
    return copy.deepcopy(_module_world)


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """Argon2 is the production hasher (tested separately); tests use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request made in English by an earlier test
    leaves English active in the thread (the locale middleware does not reset it)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
