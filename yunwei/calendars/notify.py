"""Notices about submitted holiday notices (core.notices): in the app and by mail as each
person chose on My account, in their language, with a link; mails leave only after the
transaction commits (a refused or rolled-back change tells nobody)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from yunwei.core.notices import notify, register_message

from .choices import SubmissionStatus

MESSAGES = {
    "calendars.submitted": _(
        "[Holidays] The %(year)s holiday notice awaits confirmation: %(who)s submitted the "
        "State Council holiday notice; check what was read from it, then confirm or reject it."),
    "calendars.confirmed": _(
        "[Holidays] The %(year)s holiday arrangement was confirmed by the system administrator; "
        "the deadlines of every contract were recomputed."),
    "calendars.rejected": _(
        "[Holidays] The %(year)s holiday notice was rejected by the system administrator. "
        "Reason: %(reason)s"),
}


def register_messages() -> None:
    """The holiday notices' messages (called from the app's ready())."""
    for code, text in MESSAGES.items():
        register_message(code, text)


def _name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def submitted(submission: Any) -> int:
    """Tell the system administrators a notice awaits their confirmation."""
    admins = get_user_model().objects.filter(is_superuser=True, is_active=True)
    return notify(admins, "calendars.submitted",
                  {"year": str(submission.year), "who": _name(submission.submitted_by)},
                  key=f"holiday-submission:{submission.pk}:submitted",
                  url=submission.get_absolute_url())


def reviewed(submission: Any) -> int:
    """Tell the submitter that their notice was confirmed or rejected."""
    confirmed = submission.status == SubmissionStatus.CONFIRMED
    code = "calendars.confirmed" if confirmed else "calendars.rejected"
    return notify([submission.submitted_by], code,
                  {"year": str(submission.year), "reason": submission.reason},
                  key=f"holiday-submission:{submission.pk}:{code}",
                  url=submission.get_absolute_url())
