"""Notifications: in-app rows now, e-mail only after the transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Notification, WorkOrder

log = logging.getLogger("yunwei.notify")


def notify(users: Iterable[Any], work_order: WorkOrder, kind: str, text: str,
           subject: str | None = None) -> int:
    """Tell each user once per (work order, kind); mail those with an address on commit."""
    sent = 0
    recipients: list[str] = []
    for user in {u.pk: u for u in users if u is not None}.values():
        try:
            with transaction.atomic():
                Notification.objects.create(user=user, work_order=work_order, kind=kind,
                                            text=text[:500])
        except IntegrityError:
            continue  # already told
        sent += 1
        if user.email:
            recipients.append(user.email)
    if recipients:
        mail_subject = subject or f"[{work_order.number}] {text[:80]}"
        body = (f"{text}\n\n{work_order.number} {work_order.title}\n"
                f"{settings.SITE_URL.rstrip('/')}{work_order.get_absolute_url()}\n")

        def deliver() -> None:
            try:
                send_mail(mail_subject, body, None, recipients)
            except Exception:  # a mail server outage must not undo or block the work
                log.exception("mail for %s %s failed", work_order.number, kind)

        transaction.on_commit(deliver)
    return sent
