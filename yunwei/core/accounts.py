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


def preferences_of(user_ids: Any) -> dict[int, tuple[str, str]]:
    """user id -> (notify channel, mail language) for these users, in one query; users who
    never chose are given the defaults (app and e-mail; Chinese)."""
    from .choices import NotifyChannel
    from .models import AccountSettings

    ids = [pk for pk in user_ids if pk is not None]
    found = {row.user_id: (row.notify_channel, row.language)
             for row in AccountSettings.objects.filter(user_id__in=ids)}
    return {pk: found.get(pk, (NotifyChannel.BOTH.value, "zh-hans")) for pk in ids}


def do_set_preferences(user: AbstractBaseUser, notify_channel: str, language: str) -> Any:
    """Save how the user is notified and the language of their mails (audited)."""
    from .choices import NotifyChannel
    from .errors import Refused
    from .models import AccountSettings

    if notify_channel not in NotifyChannel.values:
        raise Refused("请选择通知方式", "choose how you are notified", "notify_channel")
    if language not in ("zh-hans", "en"):
        raise Refused("请选择语言", "choose a language", "language")
    with transaction.atomic():
        row = AccountSettings.objects.select_for_update().filter(user=user).first()
        before = None if row is None else {"notify_channel": row.notify_channel,
                                           "language": row.language}
        if row is None:
            row = AccountSettings(user=user)
        row.notify_channel, row.language = notify_channel, language
        after = {"notify_channel": notify_channel, "language": language}
        if before != after:
            row.save()
            audit.record(AuditAction.CREATE if before is None else AuditAction.UPDATE, row,
                         before, after, object_repr=f"settings of {user.get_username()}")
    return row
