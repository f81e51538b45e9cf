"""Secure by default: argon2, login rate limit, sessions, headers, deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent


def test_passwords_are_hashed_with_argon2():
    import yunwei.settings as configured  # the tests themselves use a faster hasher

    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=configured.PASSWORD_HASHERS):
        assert identify_hasher(make_password("correct horse")).algorithm == "argon2"


@pytest.mark.django_db
def test_login_is_rate_limited(world):
    user = world.a.users["vendor_pm"]
    user.set_password("the-right-password-1")
    user.save()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/login/", {"username": user.username, "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 429
    response = client.post("/login/", {"username": user.username,
                                       "password": "the-right-password-1"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


@pytest.mark.django_db
def test_good_login_works(world):
    user = world.a.users["vendor_pm"]
    user.set_password("the-right-password-1")
    user.save()
    client = Client()
    response = client.post("/login/", {"username": user.username,
                                       "password": "the-right-password-1"})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_sessions_expire(world, monkeypatch):
    """A session ends with the browser (no persistent cookie) and, at the latest, 12 hours
    after logging in: the next request is sent to the login page."""
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    user = world.a.users["vendor_pm"]
    user.set_password("the-right-password-1")
    user.save()
    client = Client()
    response = client.post("/login/", {"username": user.username,
                                       "password": "the-right-password-1"})
    assert response.status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # gone when the browser closes
    assert cookie["httponly"]
    logged_in = timezone.now()
    expiry = Session.objects.get(session_key=cookie.value).expire_date
    assert expiry - logged_in <= dt.timedelta(hours=12)
    assert client.get("/").status_code == 200

    def at(moment: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    at(expiry - dt.timedelta(minutes=1))  # still valid a minute before it expires ...
    assert client.get("/").status_code == 200
    at(expiry + dt.timedelta(seconds=1))  # ... and it ends when it expires
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    response = client.get("/api/me/")
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_security_headers(world):
    response = Client().get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "http" not in csp  # nothing from outside
    assert len(response["X-Request-ID"]) >= 8


@pytest.mark.django_db
def test_pages_load_nothing_from_outside(world):
    client = Client()
    client.force_login(world.a.users["agency_admin"])
    for url in ("/", f"/contracts/{world.a.contract.pk}/", "/inventory/", "/login/"):
        html = client.get(url).content.decode()
        for needle in ("http://", "https://", "//cdn", "fonts.googleapis"):
            assert f'src="{needle}' not in html and f'href="{needle}' not in html, (url, needle)


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "YUNWEI_ENV": "production",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "yunwei.example.gov.cn",
        "YUNWEI_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "yunwei.settings",
    }
    env.pop("YUNWEI_TESTING", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "-m", "yunwei.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "YUNWEI_ENV": "production", "YUNWEI_DATA_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-m", "yunwei.cli", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_inactive_user_cannot_log_in(world):
    user = get_user_model().objects.create_user("gone", password="pw-long-enough-1",
                                                is_active=False)
    response = Client().post("/login/", {"username": user.username,
                                         "password": "pw-long-enough-1"})
    assert response.status_code == 200
