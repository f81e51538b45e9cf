"""API token authentication: DRF's answers, one plain join per request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _client(key: str, language: str = "zh-hans") -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_a_valid_token_is_its_user_in_one_query(world):
    user = world.a.users["service_desk"]
    token = Token.objects.create(user=user)
    api = _client(token.key)
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/me/")
    assert response.status_code == 200 and response.json()["username"] == user.username
    auth = [q["sql"] for q in queries.captured_queries if "authtoken_token" in q["sql"]]
    assert len(auth) == 1 and "JOIN" in auth[0]


@pytest.mark.parametrize("key", ["0" * 40, "x' OR '1'='1", "", "a" * 500,
                                 "中文令牌".encode().decode("latin-1")])  # as WSGI sees UTF-8
def test_unknown_or_hostile_tokens_are_refused_in_chinese_and_english(world, key):
    response = _client(key).get("/api/me/")
    assert response.status_code == 401
    assert "认证令牌" in response.json()["detail"] or key == ""  # "" sends no token at all
    english = _client(key, "en").get("/api/me/")
    assert english.status_code == 401


def test_an_inactive_user_is_refused(world):
    user = world.a.users["vendor_engineer"]
    token = Token.objects.create(user=user)
    user.is_active = False
    user.save()
    response = _client(token.key).get("/api/me/")
    assert response.status_code == 401 and "未激活" in response.json()["detail"]
