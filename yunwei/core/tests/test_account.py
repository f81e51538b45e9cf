"""My account: a user creates, replaces and revokes their own API token and changes their own
password, each audited without the secret; nobody else's token, and not anonymously."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from yunwei.core.models import AuditEvent

pytestmark = pytest.mark.django_db

OLD_PASSWORD = "old-password-long-1"
NEW_PASSWORD = "brand-new-passphrase-7"


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api_status(key: str) -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/me/").status_code


def _rows_after(last_id: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=last_id).order_by("id"))


def _last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _text(rows: list[AuditEvent]) -> str:
    return json.dumps([[r.object_id, r.object_repr, r.before, r.after] for r in rows],
                      ensure_ascii=False)


def test_menu_links_to_my_account(world):
    page = _login(world.a.users["requester"]).get("/").content.decode()
    assert 'href="/account/"' in page and "我的账户" in page
    account = _login(world.a.users["requester"]).get("/account/")
    assert account.status_code == 200 and "API 令牌" in account.content.decode()


def test_create_shows_the_key_once_and_it_works(world):
    user = world.a.users["vendor_engineer"]
    client = _login(user)
    start = _last_id()
    response = client.post("/account/token/")
    assert response.status_code == 200
    token = Token.objects.get(user=user)
    assert token.key in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert _api_status(token.key) == 200
    assert token.key not in client.get("/account/").content.decode()  # shown once only
    rows = _rows_after(start)
    assert [(r.action, r.object_type, r.object_id) for r in rows] == [
        ("create", "authtoken.token", str(user.pk))]
    assert rows[0].actor_username == user.username
    assert token.key not in _text(rows)


def test_replace_and_revoke_stop_the_old_key(world):
    user = world.a.users["vendor_engineer"]
    client = _login(user)
    client.post("/account/token/")
    first = Token.objects.get(user=user).key
    client.post("/account/token/")
    second = Token.objects.get(user=user).key
    assert first != second and _api_status(first) == 401 and _api_status(second) == 200
    start = _last_id()
    response = client.post("/account/token/revoke/")
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert not Token.objects.filter(user=user).exists() and _api_status(second) == 401
    rows = _rows_after(start)
    assert [(r.action, r.object_id) for r in rows] == [("delete", str(user.pk))]
    assert first not in _text(rows) and second not in _text(rows)
    again = client.post("/account/token/revoke/", follow=True)
    assert "没有 API 令牌" in again.content.decode()


def test_another_users_token_cannot_be_revoked(world):
    owner, other = world.a.users["vendor_pm"], world.b.users["vendor_pm"]
    theirs = Token.objects.create(user=other)
    client = _login(owner)
    # whatever the request names, only the logged-in user's own token is touched
    client.post("/account/token/revoke/", {"key": theirs.key, "user": other.pk,
                                           "user_id": other.pk})
    assert Token.objects.filter(key=theirs.key, user=other).exists()
    client.post("/account/token/", {"user": other.pk})
    assert Token.objects.get(user=other).key == theirs.key
    assert _api_status(theirs.key) == 200


def test_anonymous_is_refused(world):
    anonymous = Client()
    for url in ("/account/", "/account/password/"):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    count = Token.objects.count()
    for url in ("/account/token/", "/account/token/revoke/", "/account/password/"):
        response = anonymous.post(url, {"old_password": "x", "new_password1": NEW_PASSWORD,
                                        "new_password2": NEW_PASSWORD})
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert Token.objects.count() == count


def test_password_change_is_audited_without_the_password(world):
    user = world.a.users["supervisor"]
    user.set_password(OLD_PASSWORD)
    user.save()
    hashed_before = get_user_model().objects.get(pk=user.pk).password
    client = _login(user)
    page = client.get("/account/password/")
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    wrong = client.post("/account/password/", {"old_password": "not-it", "new_password1":
                                               NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200
    assert get_user_model().objects.get(pk=user.pk).password == hashed_before
    start = _last_id()
    response = client.post("/account/password/", {
        "old_password": OLD_PASSWORD, "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/"
    fresh = get_user_model().objects.get(pk=user.pk)
    assert fresh.check_password(NEW_PASSWORD)
    assert client.get("/account/").status_code == 200  # still logged in here
    rows = _rows_after(start)
    assert [(r.action, r.object_type, r.object_id) for r in rows] == [
        ("update", "auth.user", str(user.pk))]
    assert rows[0].after == {"password_changed": True}
    text = _text(rows)
    for secret in (OLD_PASSWORD, NEW_PASSWORD, fresh.password, hashed_before):
        assert secret not in text
    assert Client().post("/login/", {"username": user.username,
                                     "password": NEW_PASSWORD}).status_code == 302


def test_weak_new_password_is_refused_in_chinese(world):
    user = world.a.users["supervisor"]
    user.set_password(OLD_PASSWORD)
    user.save()
    response = _login(user).post("/account/password/", {
        "old_password": OLD_PASSWORD, "new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    assert "密码" in response.content.decode()
    assert get_user_model().objects.get(pk=user.pk).check_password(OLD_PASSWORD)
