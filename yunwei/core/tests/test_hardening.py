"""Login lockouts per client behind the proxy, API rate limits, no caching of private pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from yunwei.core.clientip import client_ip

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"  # nginx, as every app server sees it


PASSWORD = "the-right-password-1"  # a test account's


def _user(world, role: str = "vendor_pm"):
    password = PASSWORD
    user = world.a.users[role]
    user.set_password(password)
    user.save()
    return user, password


def _post_login(client: Client, username: str, password: str, forwarded: str):
    return client.post("/login/", {"username": username, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def test_lockout_behind_the_proxy_is_per_client(world, settings):
    settings.YUNWEI_TRUSTED_PROXIES = 1
    user, password = _user(world)
    attacker, colleague = Client(), Client()
    # nginx appends the address it was reached from; the attacker's own header stays left
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _post_login(attacker, user.username, "wrong", "10.9.9.9, 203.0.113.5")
    assert response.status_code == 429
    assert _post_login(attacker, user.username, password, "203.0.113.5").status_code == 429
    # another client of the same proxy still logs in to the same account
    response = _post_login(colleague, user.username, password, "198.51.100.7")
    assert response.status_code == 302 and response["Location"] == "/"


def test_forged_header_is_ignored_without_trusted_proxies(world, settings):
    settings.YUNWEI_TRUSTED_PROXIES = 0
    user, password = _user(world)
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):  # a new forged address on every attempt
        response = _post_login(client, user.username, "wrong", f"203.0.113.{n + 1}")
    assert response.status_code == 429
    assert _post_login(Client(), user.username, password, "198.51.100.7").status_code == 429


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (0, "203.0.113.5", PROXY),
    (1, "", PROXY),
    (1, "203.0.113.5", "203.0.113.5"),
    (1, "10.9.9.9, 203.0.113.5", "203.0.113.5"),
    (2, "10.9.9.9, 203.0.113.5, 192.0.2.1", "203.0.113.5"),
    (2, "203.0.113.5", "203.0.113.5"),
    (1, "not-an-address", PROXY),
    (1, "2001:db8::1", "2001:db8::1"),
])
def test_client_address_table(rf, settings, proxies, forwarded, expected):
    settings.YUNWEI_TRUSTED_PROXIES = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = rf.get("/", REMOTE_ADDR=PROXY, **extra)
    assert client_ip(request) == expected


def test_axes_uses_the_platform_client_address():
    assert settings.AXES_CLIENT_IP_CALLABLE == "yunwei.core.clientip.client_ip"
