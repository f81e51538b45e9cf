"""Notices not tied to a work order: reminders before deadlines, told in the app and by mail.

An app registers its messages (a code and a translatable text with %(name)s parameters) from
its ready() and calls `notify()` inside its transaction: the in-app rows are written at once
(one per recipient and `key`, so a reminder is never given twice), the mails are sent only
after the commit, each person as they chose on My account (in the app, by e-mail, or both; an
e-mail-only row is kept already read) and in their own language. Times among the parameters
(`times`) are stored as ISO text and shown as local times (core.formatting.when).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from . import formatting
from .accounts import preferences_of
from .choices import NotifyChannel

log = logging.getLogger("yunwei.notify")


@dataclass(frozen=True)
class Message:
    """A message's text (lazily translated, with %(name)s parameters) and which parameters
    are times."""

    code: str
    text: Any
    times: tuple[str, ...] = ()


MESSAGES: dict[str, Message] = {}


def register_message(code: str, text: Any, times: tuple[str, ...] = ()) -> None:
    """Add (or replace) a message; apps call this from their ready()."""
    MESSAGES[code] = Message(code, text, times)


def render(code: str, params: dict[str, Any], lang: str | None = None) -> str:
    """The message in `lang` (the active language when None); an unknown code is shown as
    the parameters' title, never as the code."""
    message = MESSAGES.get(code)
    values = dict(params or {})
    with translation.override(lang or translation.get_language() or "zh-hans"):
        if message is None:
            return str(values.get("title") or "")
        for name in message.times:
            value = values.get(name)
            if isinstance(value, str) and value:
                with contextlib.suppress(ValueError):
                    values[name] = formatting.when(dt.datetime.fromisoformat(value))
        try:
            return str(message.text) % values
        except (KeyError, TypeError, ValueError):
            return str(message.text)


def _json(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.datetime) else v for k, v in params.items()}


def notify(users: Iterable[Any], code: str, params: dict[str, Any], *, key: str,
           url: str = "", contract_id: int | None = None) -> int:
    """Tell each user once per `key` the message `code`; returns how many were told now.
    Call it inside the transaction of the change (the mails leave on commit)."""
    from .models import Notice

    if code not in MESSAGES:
        raise LookupError(f"unknown notice message {code!r}")
    people = {u.pk: u for u in users if u is not None and getattr(u, "is_active", True)}
    if not people:
        return 0
    params = _json(params)
    chosen = preferences_of(people)
    now = timezone.now()
    mails: list[tuple[str, str]] = []
    told = 0
    for pk, user in people.items():
        channel, language = chosen[pk]
        by_mail = channel in (NotifyChannel.EMAIL, NotifyChannel.BOTH) and bool(user.email)
        in_app = channel != NotifyChannel.EMAIL or not by_mail
        try:
            with transaction.atomic():
                Notice.objects.create(user=user, code=code, params=params, url=url[:300],
                                      contract_id=contract_id, key=key[:200],
                                      read_at=None if in_app else now)
        except IntegrityError:
            continue  # told already
        told += 1
        if by_mail:
            mails.append((user.email, language))
    for language in sorted({lang for _address, lang in mails}):
        _mail(code, params, url, language, [a for a, lang in mails if lang == language])
    return told


def _mail(code: str, params: dict[str, Any], url: str, language: str,
          recipients: list[str]) -> None:
    text = render(code, params, language)
    link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else ""
    body = f"{text}\n\n{link}\n" if link else f"{text}\n"

    def deliver() -> None:
        try:
            send_mail(text[:120], body, None, recipients)
        except Exception:  # a mail server outage must not undo or block the work
            log.exception("notice mail %s failed", code)

    transaction.on_commit(deliver)


def unread_count(user: Any) -> int:
    """How many of the user's notices are unread."""
    from .models import Notice

    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def do_mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notices read (`ids`, or all when None); others' are untouched.
    Returns how many were marked."""
    from .models import Notice

    rows = Notice.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    with transaction.atomic():
        return rows.update(read_at=timezone.now())
