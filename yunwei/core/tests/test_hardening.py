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


# --- API rate limits ------------------------------------------------------------------------

@pytest.fixture
def rates(settings):
    """Low limits for the test, counted from zero."""
    from django.core.cache import cache

    cache.clear()
    settings.YUNWEI_THROTTLE_RATES = {"user": "3/min", "anon": "2/min"}
    yield settings.YUNWEI_THROTTLE_RATES
    cache.clear()


def _api(user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def test_api_user_over_the_rate_gets_429_in_chinese_and_english(world, rates):
    desk = _api(world.a.users["service_desk"])
    for _ in range(3):
        assert desk.get("/api/me/").status_code == 200
    response = desk.get("/api/workorders/")
    assert response.status_code == 429
    body = response.json()
    assert "请求过于频繁" in body["detail"] and "Too many requests" in body["detail_en"]
    assert 1 <= body["retry_after"] <= 60 and int(response["Retry-After"]) == body["retry_after"]
    assert body["request_id"] == response["X-Request-ID"]
    # the limit is per user: another token of another user is still served
    assert _api(world.a.users["vendor_pm"]).get("/api/me/").status_code == 200


def test_anonymous_rate_is_per_client_address(rates, settings):
    from rest_framework.permissions import AllowAny
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    class Open(APIView):
        permission_classes = [AllowAny]

        def get(self, request):
            return Response({"ok": True})

    settings.YUNWEI_TRUSTED_PROXIES = 1
    view, factory = Open.as_view(), APIRequestFactory()

    def call(forwarded: str) -> int:
        return view(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)) \
            .status_code

    assert [call("203.0.113.5") for _ in range(3)] == [200, 200, 429]
    assert call("198.51.100.7") == 200


def test_rates_are_off_in_the_test_suite_and_configurable():
    import yunwei.settings as configured

    assert configured.YUNWEI_THROTTLE_RATES == {"user": None, "anon": None}  # YUNWEI_TESTING=1
    assert configured.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "yunwei.core.api.throttling.UserRateThrottle",
        "yunwei.core.api.throttling.AnonRateThrottle"]
    assert configured._env_rate("NO_SUCH_VARIABLE", "1200/min") == "1200/min"
    assert configured._env_rate("NO_SUCH_VARIABLE", "off") is None
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        configured._env_rate("NO_SUCH_VARIABLE", "lots")


def test_production_defaults_limit_the_api(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "YUNWEI_DATA_DIR": str(tmp_path), "SECRET_KEY": "k" * 60}
    for name in ("YUNWEI_TESTING", "YUNWEI_THROTTLE_USER", "YUNWEI_THROTTLE_ANON"):
        env.pop(name, None)
    out = subprocess.run(
        [sys.executable, "-c", "import yunwei.settings as s; print(s.YUNWEI_THROTTLE_RATES)"],
        env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "{'user': '1200/min', 'anon': '60/min'}"


# --- no caching of what a logged-in user sees -----------------------------------------------

def test_pages_and_api_of_a_logged_in_user_are_not_stored(world):
    client = Client()
    client.force_login(world.a.users["service_desk"])
    for url in ("/", f"/contracts/{world.a.contract.pk}/", "/api/workorders/",
                "/workorders/?export=xlsx", "/no-such-page/"):
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url
    token = _api(world.a.users["vendor_pm"]).get("/api/me/")
    assert token.status_code == 200 and token["Cache-Control"] == "private, no-store"


def test_anonymous_pages_static_files_and_own_headers_are_left_alone(world, rf):
    from django.http import HttpResponse

    from yunwei.core.middleware import PrivateNoStoreMiddleware

    anonymous = Client().get("/healthz")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    client = Client()
    client.force_login(world.a.users["service_desk"])
    static = client.get("/static/core/yunwei.css")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")

    def own(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "max-age=60"
        return response

    request = rf.get("/somewhere/")
    request.user = world.a.users["service_desk"]
    assert PrivateNoStoreMiddleware(own)(request)["Cache-Control"] == "max-age=60"
