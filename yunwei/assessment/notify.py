"""Mail about the assessment's decisions, sent only after the transaction commits (a refused or
rolled-back change tells nobody; a mail outage undoes nothing), each in the reader's language
(My account), with a link to the page. The in-app notifications of the platform still belong
to work orders, so these are mail: to everyone concerned with an address, whatever channel
they chose, until the core's notifications take them over."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from yunwei.core.accounts import preferences_of
from yunwei.core.roles import Role

log = logging.getLogger("yunwei.notify")


def _people(contract_id: int, roles: Iterable[str], *also: Any) -> list[Any]:
    """The active users holding one of `roles` on the contract, and `also` (e.g. the filer)."""
    from django.contrib.auth import get_user_model

    from yunwei.contracts.models import Membership

    ids = Membership.objects.filter(contract_id=contract_id, role__in=list(roles)).values(
        "user_id")
    found = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids, is_active=True)}
    for user in also:
        if user is not None and user.is_active:
            found.setdefault(user.pk, user)
    return list(found.values())


def _mail(users: Iterable[Any], texts: dict[str, tuple[str, str]], url: str,
          actor: Any = None) -> list[str]:
    """Mail each user with an address (but the actor), on commit; `texts` maps a language to
    (subject, body). Returns the addresses."""
    people = {u.pk: u for u in users
              if u is not None and u.email and (actor is None or u.pk != actor.pk)}
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
                log.exception("assessment mail %r failed", subject)

    transaction.on_commit(deliver)
    return sorted(u.email for u in people.values())


def _name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _contract(contract_id: int) -> Any:
    from yunwei.contracts.models import Contract

    return Contract.objects.only("project_name", "number").get(pk=contract_id)


def objection_filed(objection: Any) -> list[str]:
    """Tell the contract's agency administrators that the vendor objects to a line."""
    contract = _contract(objection.contract_id)
    who, rule = _name(objection.filed_by), objection.rule
    return _mail(_people(objection.contract_id, [Role.AGENCY_ADMIN]), {
        "zh-hans": (f"[考核] {contract.project_name}：乙方对 {rule} 提出异议",
                    f"{who} 对考核扣分行提出异议，请答复。\n规则：{rule}\n"
                    f"扣分行：{objection.evidence}\n理由：{objection.text}"),
        "en": (f"[Assessment] {contract.project_name}: the vendor objects to {rule}",
               f"{who} objects to a line of the assessment; please answer.\nRule: {rule}\n"
               f"Line: {objection.evidence}\nGrounds: {objection.text}"),
    }, objection.get_absolute_url(), actor=objection.filed_by)


def objection_answered(objection: Any) -> list[str]:
    """Tell the vendor's project managers (and who filed it) how the agency answered."""
    contract = _contract(objection.contract_id)
    accepted = objection.status == "accepted"
    rule, answer = objection.rule, objection.answer
    zh_short = "已接受" if accepted else "被驳回"
    zh_verdict = "已接受，该扣分行撤销" if accepted else "被驳回"
    en_verdict = "was accepted: the line is withdrawn" if accepted else "was rejected"
    return _mail(_people(objection.contract_id, [Role.VENDOR_PM], objection.filed_by), {
        "zh-hans": (f"[考核] {contract.project_name}：对 {rule} 的异议{zh_short}",
                    f"您方对 {rule}（{objection.evidence}）的异议{zh_verdict}。\n"
                    f"甲方答复：{answer}"),
        "en": (f"[Assessment] {contract.project_name}: the objection to {rule} "
               f"{'was accepted' if accepted else 'was rejected'}",
               f"Your objection to {rule} ({objection.evidence}) {en_verdict}.\n"
               f"The agency's answer: {answer}"),
    }, objection.get_absolute_url(), actor=objection.answered_by)


def pending_decided(decision: Any, scheme: Any, label: str = "") -> list[str]:
    """Tell the vendor's project managers and the contract's other agency administrators how
    a line left to the agency (待甲方决定) was decided; `label` is the line's evidence as
    the score page shows it."""
    label = label or decision.ref
    contract = _contract(decision.contract_id)
    rule, reason = decision.rule, decision.reason
    whole = decision.period == "all"
    zh_period = "整个服务期" if whole else f"考核期 {decision.period}"
    en_period = "the whole service period" if whole else f"period {decision.period}"
    if decision.deduct:
        zh_what = f"计入（分值 {decision.points:g}，违约金 ¥{decision.fine:,.2f}）"
        en_what = f"counted ({decision.points:g} points, fine ¥{decision.fine:,.2f})"
    else:
        zh_what, en_what = "不计入", "not counted"
    url = reverse("assessment:scheme_score", args=[scheme.pk]) + f"?period={decision.period}"
    return _mail(_people(decision.contract_id, [Role.VENDOR_PM, Role.AGENCY_ADMIN]), {
        "zh-hans": (f"[考核] {contract.project_name}：待甲方决定的 {rule} 已决定",
                    f"{_name(decision.decided_by)} 对{zh_period}待甲方决定的 {rule}"
                    f"（{label}）作出决定：{zh_what}。\n理由：{reason}"),
        "en": (f"[Assessment] {contract.project_name}: the pending {rule} was decided",
               f"{_name(decision.decided_by)} decided the line {rule} ({label}) of "
               f"{en_period} that was left to the agency: {en_what}.\nReason: {reason}"),
    }, url, actor=decision.decided_by)
