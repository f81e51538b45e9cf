"""E-mail intake: poll each contract's IMAP mailbox and turn messages into work orders.

- The official issue time is the server's receipt time (IMAP INTERNALDATE), not the Date header.
- Idempotent by Message-ID (or a hash of the message when it has none): polling twice, or a
  crash in the middle of an import, never duplicates or loses a message. Each message is taken
  in one transaction; the mailbox's last UID advances only after that transaction commits.
- A reply (work order number in the subject, or In-Reply-To/References of a known message)
  becomes a follow-up on that work order, with its attachments.
- A message that cannot be read is quarantined with the reason and can be retried.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import imaplib
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from yunwei.contracts.models import Membership
from yunwei.core import context
from yunwei.core.roles import Role

from .. import actions
from ..choices import AttachmentSource, Channel, MailStatus
from ..models import Mailbox, MailMessage, WorkOrder

log = logging.getLogger("yunwei.mail")
NUMBER = re.compile(r"\b([A-Z0-9]{2,12}-\d{4}-\d{6})\b")
MSGID = re.compile(r"<[^<>\s]+>")


@dataclass
class PollResult:
    """What one poll did."""

    taken: int = 0
    duplicates: int = 0
    quarantined: int = 0
    error: str = ""


def _after_create() -> None:
    """Test hook: called inside the import transaction after the work order is created."""


def _message_id(parsed: Any, raw: bytes) -> str:
    values = parsed.headers.get("message-id", ())
    match = MSGID.search(" ".join(values)) if values else None
    if match:
        return match.group(0)[:255]
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _body(parsed: Any) -> str:
    text = (parsed.text or "").strip()
    if not text and parsed.html:
        text = strip_tags(re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", parsed.html))
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:20000]


def _sender(parsed: Any) -> tuple[str, str]:
    """(name, address) of the sender, also when a client encoded the whole From header
    (name and address) as one encoded-word, as some do."""
    value = parsed.from_values
    if value is not None and value.email:
        return value.name or "", value.email
    import email.header
    import email.utils

    raw = " ".join(parsed.headers.get("from", ()))
    try:
        decoded = str(email.header.make_header(email.header.decode_header(raw)))
    except (UnicodeError, LookupError, ValueError):
        decoded = raw
    name, address = email.utils.parseaddr(decoded)
    return name, address if "@" in address else ""


def _find_work_order(mailbox: Mailbox, parsed: Any) -> WorkOrder | None:
    match = NUMBER.search(parsed.subject or "")
    if match:
        wo = WorkOrder.objects.filter(contract_id=mailbox.contract_id,
                                      number=match.group(1)).first()
        if wo is not None:
            return wo
    refs: list[str] = []
    for name in ("in-reply-to", "references"):
        for value in parsed.headers.get(name, ()):
            refs += MSGID.findall(value)
    if refs:
        known = MailMessage.objects.filter(mailbox__contract_id=mailbox.contract_id,
                                           message_id__in=refs, work_order__isnull=False).first()
        if known is not None:
            return known.work_order
        return WorkOrder.objects.filter(contract_id=mailbox.contract_id,
                                        source_message_id__in=refs).first()
    return None


def _requester(mailbox: Mailbox, address: str) -> Any:
    if not address:
        return None
    user = get_user_model().objects.filter(email__iexact=address, is_active=True).first()
    if user and Membership.objects.filter(user=user, contract_id=mailbox.contract_id,
                                          role=Role.REQUESTER).exists():
        return user
    return None


def take_message(mailbox: Mailbox, raw: bytes, internaldate: dt.datetime | None,
                 uid: int | None = None) -> str:
    """Import one raw message (one transaction); returns imported/followup/duplicate/
    quarantined."""
    from imap_tools import MailMessage as Parsed

    try:
        parsed = Parsed.from_bytes(raw)
        message_id = _message_id(parsed, raw)
    except Exception as exc:  # unreadable beyond headers: quarantine under a content hash
        return _quarantine(mailbox, raw, "sha256:" + hashlib.sha256(raw).hexdigest(), uid,
                           internaldate, f"无法解析邮件 / cannot parse: {exc}")
    if MailMessage.objects.filter(mailbox=mailbox, message_id=message_id).exists():
        return "duplicate"
    try:
        with transaction.atomic():
            sender_name, sender = _sender(parsed)
            if not sender:
                raise ValueError("缺少发件人 / no sender")
            subject = (parsed.subject or "").strip() or "（无主题）"
            body = _body(parsed)
            record = MailMessage(mailbox=mailbox, message_id=message_id, uid=uid,
                                 internaldate=internaldate, subject=subject[:300],
                                 sender=(f"{sender_name} <{sender}>" if sender_name
                                         else sender)[:300])
            record.raw.save(f"{mailbox.pk}-{uid or 'x'}.eml", ContentFile(raw), save=False)
            wo = _find_work_order(mailbox, parsed)
            if wo is not None:
                actions.do_comment(wo, actor=None, note=f"来信 {sender}：{subject}\n\n{body}"
                                   if body else f"来信 {sender}：{subject}")
                record.status = MailStatus.FOLLOWUP
            else:
                requester = _requester(mailbox, sender)
                wo = actions.do_create_workorder(
                    mailbox.contract, actor=None, title=subject[:200], description=body,
                    channel=Channel.EMAIL, requester=requester,
                    requester_name=sender_name or sender, requester_contact=sender,
                    reported_at=internaldate or timezone.now(), source_message_id=message_id)
                record.status = MailStatus.IMPORTED
            _after_create()
            for att in parsed.attachments:
                actions.do_add_attachment(wo, actor=None, name=att.filename or "attachment",
                                          content=att.payload, content_type=att.content_type,
                                          source=AttachmentSource.EMAIL)
            record.work_order = wo
            record.save()
            return record.status
    except IntegrityError:
        return "duplicate"  # the same message taken by a concurrent poll
    except (ValueError, actions.InputError, UnicodeError, LookupError) as exc:
        return _quarantine(mailbox, raw, message_id, uid, internaldate, str(exc), parsed)


def _quarantine(mailbox: Mailbox, raw: bytes, message_id: str, uid: int | None,
                internaldate: dt.datetime | None, reason: str, parsed: Any = None) -> str:
    with transaction.atomic():
        existing = MailMessage.objects.select_for_update().filter(
            mailbox=mailbox, message_id=message_id).first()
        if existing is not None:
            return "duplicate"
        record = MailMessage(mailbox=mailbox, message_id=message_id, uid=uid,
                             internaldate=internaldate, status=MailStatus.QUARANTINED,
                             reason=reason[:2000],
                             subject=(getattr(parsed, "subject", "") or "")[:300])
        record.raw.save(f"{mailbox.pk}-{uid or 'x'}.eml", ContentFile(raw), save=False)
        record.save()
    log.warning("quarantined message %s in mailbox %s: %s", message_id, mailbox.pk, reason)
    return MailStatus.QUARANTINED


def retry_message(message_id: int) -> str:
    """Take a quarantined message again (e.g. after the cause was fixed)."""
    record = MailMessage.objects.select_related("mailbox__contract").get(pk=message_id)
    if record.status != MailStatus.QUARANTINED:
        return "只有隔离的邮件可以重试 / only quarantined messages can be retried"
    raw = record.raw.read() if record.raw else b""
    mailbox, uid, internaldate = record.mailbox, record.uid, record.internaldate
    with transaction.atomic():
        record.delete()
        outcome = take_message(mailbox, raw, internaldate, uid)
        if outcome == MailStatus.QUARANTINED:
            MailMessage.objects.filter(mailbox=mailbox, uid=uid).update(
                attempts=record.attempts + 1)
    return outcome


def _fetch(client: imaplib.IMAP4, uids: list[str]) -> list[tuple[int, dt.datetime | None, bytes]]:
    """(uid, INTERNALDATE, raw bytes as stored on the server) for each UID, unread flags kept."""
    status, data = client.uid("fetch", ",".join(uids), "(UID INTERNALDATE BODY.PEEK[])")
    if status != "OK":
        raise OSError(f"FETCH failed: {status}")
    rows = []
    for item in data:
        if not isinstance(item, tuple):
            continue
        head, raw = item[0], item[1]
        uid = re.search(rb"UID (\d+)", head)
        when = re.search(rb'INTERNALDATE "([^"]+)"', head)
        if uid is None:
            continue
        stamp = (dt.datetime.strptime(when.group(1).decode().strip(), "%d-%b-%Y %H:%M:%S %z")
                 if when else None)
        rows.append((int(uid.group(1)), stamp, raw))
    rows.sort()
    return rows


def poll_mailbox(mailbox_id: int, batch: int = 20) -> PollResult:
    """Fetch the mailbox's new messages (UID > last UID) and take each one."""
    from imap_tools import AND, MailBox, MailBoxUnencrypted

    result = PollResult()
    mailbox = Mailbox.objects.select_related("contract").get(pk=mailbox_id)
    box_class = MailBox if mailbox.use_ssl else MailBoxUnencrypted
    try:
        with box_class(mailbox.host, mailbox.port, timeout=30) as box, \
                context.acting(None, source=f"mail:{mailbox.pk}"):
            box.login(mailbox.username, mailbox.password, initial_folder=mailbox.folder)
            validity = int(box.folder.status(mailbox.folder, ["UIDVALIDITY"])["UIDVALIDITY"])
            if mailbox.uidvalidity != validity:
                # A new UID space: read everything again; Message-IDs keep it idempotent.
                Mailbox.objects.filter(pk=mailbox.pk).update(uidvalidity=validity, last_uid=0)
                mailbox.uidvalidity, mailbox.last_uid = validity, 0
            uids = [u for u in box.uids(AND(all=True)) if int(u) > mailbox.last_uid]
            uids.sort(key=int)
            for start in range(0, len(uids), batch):
                for uid, internaldate, raw in _fetch(box.client, uids[start:start + batch]):
                    outcome = take_message(mailbox, raw, internaldate, uid)
                    if outcome == "duplicate":
                        result.duplicates += 1
                    elif outcome == MailStatus.QUARANTINED:
                        result.quarantined += 1
                    else:
                        result.taken += 1
                    Mailbox.objects.filter(pk=mailbox.pk, last_uid__lt=uid).update(last_uid=uid)
        Mailbox.objects.filter(pk=mailbox.pk).update(last_polled=timezone.now(), last_error="")
    except Exception as exc:  # the server is down, a password changed...: say so, retry later
        result.error = f"{type(exc).__name__}: {exc}"[:500]
        Mailbox.objects.filter(pk=mailbox.pk).update(last_polled=timezone.now(),
                                                    last_error=result.error)
        log.warning("polling mailbox %s failed: %s", mailbox.pk, result.error)
    return result


def poll_all() -> dict[str, Any]:
    """Worker job: poll every enabled mailbox."""
    results = {}
    for mailbox_id in Mailbox.objects.filter(enabled=True).values_list("pk", flat=True):
        results[str(mailbox_id)] = poll_mailbox(mailbox_id).__dict__
    return results
