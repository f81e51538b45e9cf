"""API rate limits: per user (token or session) and per anonymous client address.

Rates come from `settings.YUNWEI_THROTTLE_RATES` (environment YUNWEI_THROTTLE_USER and
YUNWEI_THROTTLE_ANON, e.g. "1200/min"; "off" for none), read on each request. Counters live in
the default cache: Redis when REDIS_URL is set, so that every app server shares them; without
it each process counts on its own. The answer to a throttled request is 429 with a Chinese and
English message (core.api.exceptions).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import throttling

from ..clientip import client_ip


class _ConfiguredRate:
    """The rate of the throttle's scope from the settings (None: not limited), and the client
    address read past the trusted proxies."""

    scope: str

    def get_rate(self) -> str | None:
        return getattr(settings, "YUNWEI_THROTTLE_RATES", {}).get(self.scope)

    def get_ident(self, request: Any) -> str:
        return client_ip(request) or ""


class UserRateThrottle(_ConfiguredRate, throttling.UserRateThrottle):
    """Requests per authenticated user (anonymous ones are counted by address)."""


class AnonRateThrottle(_ConfiguredRate, throttling.AnonRateThrottle):
    """Requests per anonymous client address."""
