"""Notices of the assessment's decisions (core.notices): in the app and by mail as each person
chose on My account, in their own language, with a link to the page; mails leave only after
the transaction commits (a refused or rolled-back change tells nobody). Whoever acted is not
told of their own act."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core import formatting
from yunwei.core.notices import notify, register_message
from yunwei.core.roles import Role

FILED = "assessment.objection_filed"
ACCEPTED = "assessment.objection_accepted"
REJECTED = "assessment.objection_rejected"
COUNTED = "assessment.pending_counted"
NOT_COUNTED = "assessment.pending_not_counted"


def register_messages() -> None:
    """The assessment's messages (called from the app's ready())."""
    register_message(FILED, _(
        "[Assessment] %(project)s: the vendor objects to %(rule)s (%(who)s): %(line)s. "
        "Grounds: %(grounds)s. Please answer."))
    register_message(ACCEPTED, _(
        "[Assessment] %(project)s: the objection to %(rule)s was accepted, the line is "
        "withdrawn (%(line)s). The agency's answer: %(answer)s"))
    register_message(REJECTED, _(
        "[Assessment] %(project)s: the objection to %(rule)s was rejected (%(line)s). "
        "The agency's answer: %(answer)s"))
    register_message(COUNTED, _(
        "[Assessment] %(project)s: the pending %(rule)s was decided: counted (%(points)s "
        "points, fine %(fine)s) — %(line)s, by %(who)s. Reason: %(reason)s"))
    register_message(NOT_COUNTED, _(
        "[Assessment] %(project)s: the pending %(rule)s was decided: not counted — %(line)s, "
        "by %(who)s. Reason: %(reason)s"))


def _people(contract_id: int, roles: Iterable[str], *also: Any, actor: Any = None) -> list[Any]:
    """The active users holding one of `roles` on the contract, and `also` (e.g. the filer),
    but not the actor."""
    from django.contrib.auth import get_user_model

    from yunwei.contracts.models import Membership

    ids = Membership.objects.filter(contract_id=contract_id, role__in=list(roles)).values(
        "user_id")
    found = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids, is_active=True)}
    for user in also:
        if user is not None and user.is_active:
            found.setdefault(user.pk, user)
    if actor is not None:
        found.pop(actor.pk, None)
    return list(found.values())


def _name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _project(contract_id: int) -> str:
    from yunwei.contracts.models import Contract

    return Contract.objects.only("project_name").get(pk=contract_id).project_name


def objection_filed(objection: Any) -> int:
    """Tell the contract's agency administrators that the vendor objects to a line."""
    return notify(
        _people(objection.contract_id, [Role.AGENCY_ADMIN], actor=objection.filed_by), FILED,
        {"project": _project(objection.contract_id), "rule": objection.rule,
         "who": _name(objection.filed_by), "line": objection.evidence,
         "grounds": objection.text},
        key=f"{FILED}:{objection.pk}", url=objection.get_absolute_url(),
        contract_id=objection.contract_id)


def objection_answered(objection: Any) -> int:
    """Tell the vendor's project managers (and who filed it) how the agency answered."""
    code = ACCEPTED if objection.status == "accepted" else REJECTED
    return notify(
        _people(objection.contract_id, [Role.VENDOR_PM], objection.filed_by,
                actor=objection.answered_by), code,
        {"project": _project(objection.contract_id), "rule": objection.rule,
         "line": objection.evidence, "answer": objection.answer},
        key=f"assessment.objection_answered:{objection.pk}", url=objection.get_absolute_url(),
        contract_id=objection.contract_id)


def pending_decided(decision: Any, scheme: Any, label: str = "") -> int:
    """Tell the vendor's project managers and the contract's other agency administrators how
    a line left to the agency (待甲方决定) was decided; `label` is the line's evidence as
    the score page shows it."""
    url = reverse("assessment:scheme_score", args=[scheme.pk]) + f"?period={decision.period}"
    params = {"project": _project(decision.contract_id), "rule": decision.rule,
              "line": label or decision.ref, "who": _name(decision.decided_by),
              "reason": decision.reason}
    if decision.deduct:
        params |= {"points": f"{decision.points:g}", "fine": formatting.money(decision.fine)}
    return notify(
        _people(decision.contract_id, [Role.VENDOR_PM, Role.AGENCY_ADMIN],
                actor=decision.decided_by), COUNTED if decision.deduct else NOT_COUNTED,
        params, key=f"assessment.pending:{decision.pk}:{decision.decided_at.isoformat()}",
        url=url, contract_id=decision.contract_id)
