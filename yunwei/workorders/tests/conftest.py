"""Fixtures: real IMAP and SMTP servers on loopback."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def dovecot():
    """A dovecot IMAP server (a failure under CI when it cannot start, a skip elsewhere)."""
    from tests.servers import start_dovecot

    try:
        server = start_dovecot()
    except (FileNotFoundError, RuntimeError) as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"dovecot is needed under CI: {exc}")
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def smtp(settings):
    """An SMTP server capturing messages, wired in as the default mailer."""
    from tests.servers import SmtpCapture

    server = SmtpCapture()
    settings.MAILERS = {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 10},
    }}
    yield server
    server.stop()
