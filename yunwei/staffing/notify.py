"""Staffing notices (core.notices): rosters published or withdrawn, shift swaps asked, answered
and decided; in the app and by mail as each person chose on My account, in their language,
with a link. Mails leave only after the transaction commits (a refused or rolled-back change
tells nobody; a mail outage undoes nothing)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from yunwei.core.notices import notify as tell
from yunwei.core.notices import register_message

MESSAGES = {
    "staffing.roster_published": _("The roster of %(month)s was published."),
    "staffing.roster_published_short": _(
        "The roster of %(month)s was published, %(short)s person-shifts short."),
    "staffing.roster_withdrawn": _(
        "The roster of %(month)s was withdrawn to draft. Reason: %(reason)s"),
    "staffing.swap_asked": _("Shift swap request: %(swap)s. Do you agree?"),
    "staffing.swap_to_approve": _("Shift swap to approve: %(swap)s (the colleague agreed)."),
    "staffing.swap_declined": _("Shift swap declined by the colleague: %(swap)s."),
    "staffing.swap_approved": _("Shift swap approved: %(swap)s; coverage met that day. %(note)s"),
    "staffing.swap_approved_short": _(
        "Shift swap approved: %(swap)s; %(short)s person-shifts short that day. %(note)s"),
    "staffing.swap_refused": _("Shift swap refused: %(swap)s. %(note)s"),
    "staffing.leave_asked": _("Leave to decide: %(person)s, %(starts)s to %(ends)s."),
    "staffing.leave_approved": _("Leave approved: %(person)s, %(starts)s to %(ends)s."),
    "staffing.leave_refused": _("Leave refused: %(person)s, %(starts)s to %(ends)s."),
}
#: the parameters given as times (shown in Asia/Shanghai, core.notices)
TIMES = {code: ("starts", "ends") for code in MESSAGES if code.startswith("staffing.leave_")}


def register_messages() -> None:
    """Staffing's messages (called from the app's ready())."""
    for code, text in MESSAGES.items():
        register_message(code, text, TIMES.get(code, ()))


def users_with_roles(contract_id: int, roles: Iterable[str]) -> list[Any]:
    """The active users holding one of `roles` on the contract."""
    from django.contrib.auth import get_user_model

    from yunwei.contracts.models import Membership

    ids = Membership.objects.filter(contract_id=contract_id, role__in=list(roles)).values(
        "user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def notify(users: Iterable[Any], code: str, params: dict[str, Any], *, key: str, url: str = "",
           contract_id: int | None = None) -> int:
    """Tell each user once per `key` (core.notices.notify); returns how many were told."""
    return tell(users, code, params, key=key, url=url, contract_id=contract_id)
