"""A user's own account: their API token and their password, each change audited.

The audit rows never hold the password nor the token's key: a token is recorded under its
user's id (its primary key is the key itself), with its creation time only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from rest_framework.authtoken.models import Token

from . import audit
from .choices import AuditAction


def _token_row(token: Token) -> dict[str, Any]:
    return {"user_id": token.user_id, "created": audit._json_value(token.created)}


def _record_token(action: str, token: Token, user: AbstractBaseUser) -> None:
    row = _token_row(token)
    audit.record(action, token, None if action == AuditAction.CREATE else row,
                 row if action == AuditAction.CREATE else None,
                 object_id=str(user.pk), object_repr=f"API token of {user.get_username()}")


def do_create_api_token(user: AbstractBaseUser) -> Token:
    """Give the user a new API token, replacing the one they had (the old key stops working).
    The caller shows the new key once; it is not shown again."""
    with transaction.atomic():
        old = Token.objects.select_for_update().filter(user=user).first()
        if old is not None:
            old.delete()
            _record_token(AuditAction.DELETE, old, user)
        token = Token.objects.create(user=user)
        _record_token(AuditAction.CREATE, token, user)
    return token


def do_revoke_api_token(user: AbstractBaseUser) -> bool:
    """Delete the user's own API token; False when they had none."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is None:
            return False
        token.delete()
        _record_token(AuditAction.DELETE, token, user)
    return True


def do_change_password(user: AbstractBaseUser, new_password: str) -> None:
    """Set the user's password (already validated by the form); the audit row says only that
    it changed."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit.record(AuditAction.UPDATE, user, {"password_changed": False},
                     {"password_changed": True})
