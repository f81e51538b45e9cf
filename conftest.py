"""Shared pytest fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture
def world(db):
    """Two contracts of different vendors with a user in every role on each."""
    from yunwei.testing import make_world

    return make_world()


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
