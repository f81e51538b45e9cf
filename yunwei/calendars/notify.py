"""Mail about submitted holiday notices, sent only after the transaction commits (a refused
or rolled-back change tells nobody; a mail outage undoes nothing), each in the reader's
language. The in-app notifications of the platform belong to work orders, so these are mail."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from yunwei.core.accounts import preferences_of

from .choices import SubmissionStatus

log = logging.getLogger("yunwei.notify")


def _mail(users: Iterable[Any], texts: dict[str, tuple[str, str]], url: str) -> list[str]:
    """Mail each user with an address, on commit; `texts` maps a language to (subject,
    body). Returns the addresses."""
    people = {u.pk: u for u in users if u is not None and u.email}
    if not people:
        return []
    chosen = preferences_of(list(people))
    by_language: dict[str, list[str]] = {}
    for pk, user in people.items():
        language = chosen[pk][1] if chosen[pk][1] in texts else "zh-hans"
        by_language.setdefault(language, []).append(user.email)
    link = f"{settings.SITE_URL.rstrip('/')}{url}"

    def deliver() -> None:
        for language, recipients in sorted(by_language.items()):
            subject, body = texts[language]
            try:
                send_mail(subject, f"{body}\n\n{link}\n", None, sorted(recipients))
            except Exception:  # a mail server outage must not undo or block the work
                log.exception("holiday notice mail %r failed", subject)

    transaction.on_commit(deliver)
    return sorted(u.email for u in people.values())


def _name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def submitted(submission: Any) -> list[str]:
    """Tell the system administrators a notice awaits their confirmation."""
    admins = get_user_model().objects.filter(is_superuser=True, is_active=True)
    who, year = _name(submission.submitted_by), submission.year
    return _mail(admins, {
        "zh-hans": (f"[节假日] {year} 年节假日通知待确认",
                    f"{who} 提交了 {year} 年国务院节假日安排通知，请核对识别结果后确认或退回。"),
        "en": (f"[Holidays] The {year} holiday notice awaits confirmation",
               f"{who} submitted the State Council holiday notice for {year}; check what was "
               f"read from it, then confirm or reject it."),
    }, submission.get_absolute_url())


def reviewed(submission: Any) -> list[str]:
    """Tell the submitter that their notice was confirmed or rejected."""
    year, reason = submission.year, submission.reason
    if submission.status == SubmissionStatus.CONFIRMED:
        texts = {
            "zh-hans": (f"[节假日] {year} 年节假日安排已确认",
                        f"您提交的 {year} 年节假日通知已由系统管理员确认，所有合同的时限已按新安排"
                        f"重新计算。"),
            "en": (f"[Holidays] The {year} holiday arrangement was confirmed",
                   f"The {year} holiday notice you submitted was confirmed by the system "
                   f"administrator; the deadlines of every contract were recomputed."),
        }
    else:
        texts = {
            "zh-hans": (f"[节假日] {year} 年节假日通知被退回",
                        f"您提交的 {year} 年节假日通知被系统管理员退回，原因：{reason}"),
            "en": (f"[Holidays] The {year} holiday notice was rejected",
                   f"The {year} holiday notice you submitted was rejected by the system "
                   f"administrator. Reason: {reason}"),
        }
    return _mail([submission.submitted_by], texts, submission.get_absolute_url())
