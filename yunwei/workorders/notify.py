"""Notifications: in-app rows now, e-mail only after the transaction commits, each as the
person chose on My account (in the app, by e-mail, or both), each in the reader's language."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from yunwei.core.accounts import preferences_of
from yunwei.core.choices import NotifyChannel

from .messages import render
from .models import Notification, WorkOrder

log = logging.getLogger("yunwei.notify")


def notify(users: Iterable[Any], work_order: WorkOrder, kind: str, code: str,
           params: dict[str, Any]) -> int:
    """Tell each user once per (work order, kind) the message `code` with `params`.

    The in-app row is kept for everyone (it makes the once-only rule); it is unread for those
    told in the app and read already for those told by e-mail only. A person who chose e-mail
    but has no address is told in the app."""
    people = {u.pk: u for u in users if u is not None}
    if not people:
        return 0
    chosen = preferences_of(people)
    zh_text = render(code, params, "zh-hans") or code
    now = timezone.now()
    sent = 0
    mails: list[tuple[str, str]] = []  # (address, language)
    for pk, user in people.items():
        channel, language = chosen[pk]
        by_mail = channel in (NotifyChannel.EMAIL, NotifyChannel.BOTH) and bool(user.email)
        in_app = channel != NotifyChannel.EMAIL or not by_mail
        try:
            with transaction.atomic():
                Notification.objects.create(user=user, work_order=work_order, kind=kind,
                                            code=code, params=params, text=zh_text[:500],
                                            read_at=None if in_app else now)
        except IntegrityError:
            continue  # already told
        sent += 1
        if by_mail:
            mails.append((user.email, language))
    for language in sorted({lang for _, lang in mails}):
        _mail(work_order, kind, code, params, language,
              [address for address, lang in mails if lang == language])
    return sent


def _mail(work_order: WorkOrder, kind: str, code: str, params: dict[str, Any], language: str,
          recipients: list[str]) -> None:
    text = render(code, params, language) or code
    with translation.override(language):
        link = f"{settings.SITE_URL.rstrip('/')}{work_order.get_absolute_url()}"
    subject = f"[{work_order.number}] {text[:80]}"
    body = f"{text}\n\n{work_order.number} {work_order.title}\n{link}\n"

    def deliver() -> None:
        try:
            send_mail(subject, body, None, recipients)
        except Exception:  # a mail server outage must not undo or block the work
            log.exception("mail for %s %s failed", work_order.number, kind)

    transaction.on_commit(deliver)
