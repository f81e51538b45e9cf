"""Staffing notifications: mail to the people concerned, sent only after the transaction
commits (a refused or rolled-back change tells nobody; a mail outage undoes nothing)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

log = logging.getLogger("yunwei.notify")


def users_with_roles(contract_id: int, roles: Iterable[str]) -> list[Any]:
    """The active users holding one of `roles` on the contract."""
    from django.contrib.auth import get_user_model

    from yunwei.contracts.models import Membership

    ids = Membership.objects.filter(contract_id=contract_id, role__in=list(roles)).values(
        "user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def notify(users: Iterable[Any], subject: str, body: str, url: str = "") -> list[str]:
    """Mail each user with an address once, on commit; returns the addresses."""
    recipients = sorted({u.email for u in users if u is not None and u.email})
    if not recipients:
        return []
    text = body + (f"\n\n{settings.SITE_URL.rstrip('/')}{url}\n" if url else "\n")

    def deliver() -> None:
        try:
            send_mail(subject, text, None, recipients)
        except Exception:  # a mail server outage must not undo or block the work
            log.exception("staffing mail %r failed", subject)

    transaction.on_commit(deliver)
    return recipients
