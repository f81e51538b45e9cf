"""The contract's O&M mailbox (polled over IMAP) and the log of every message taken in."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import MailStatus
from .scopes import MAIL_MESSAGE, MAILBOX


class Mailbox(AuditedModel):
    """The vendor's dedicated O&M mailbox for a contract."""

    contract = models.ForeignKey("contracts.Contract", models.CASCADE, related_name="mailboxes",
                                 verbose_name=_("contract"))
    name = models.CharField(_("name"), max_length=100)
    host = models.CharField(_("IMAP host"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    use_ssl = models.BooleanField(_("SSL/TLS"), default=True)
    username = models.CharField(_("user name"), max_length=200)
    password = models.CharField(_("password"), max_length=200)
    folder = models.CharField(_("folder"), max_length=100, default="INBOX")
    enabled = models.BooleanField(_("enabled"), default=True)
    uidvalidity = models.BigIntegerField(null=True, blank=True, editable=False)
    last_uid = models.BigIntegerField(default=0, editable=False)
    last_polled = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    scope = MAILBOX
    audit_exclude = ("password", "last_polled", "last_error")

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ("contract", "name")

    def __str__(self) -> str:
        return f"{self.name} <{self.username}>"

    def get_absolute_url(self) -> str:
        return reverse("workorders:mailbox_detail", args=[self.pk])


class MailMessage(AuditedModel):
    """One incoming message: imported, a follow-up, or quarantined with the reason."""

    mailbox = models.ForeignKey(Mailbox, models.CASCADE, related_name="messages",
                                verbose_name=_("mailbox"))
    message_id = models.CharField(_("Message-ID"), max_length=255)
    uid = models.BigIntegerField(_("IMAP UID"), null=True, blank=True)
    internaldate = models.DateTimeField(_("received by the server"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    sender = models.CharField(_("from"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MailStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    work_order = models.ForeignKey("workorders.WorkOrder", models.SET_NULL, null=True,
                                   blank=True, related_name="mail_messages",
                                   verbose_name=_("work order"))
    raw = models.FileField(_("original message"), upload_to="mail/%Y/%m/", blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    scope = MAIL_MESSAGE

    class Meta:
        verbose_name = _("incoming message")
        verbose_name_plural = _("incoming messages")
        ordering = ("-created", "-id")
        constraints = [models.UniqueConstraint(fields=["mailbox", "message_id"],
                                               name="mailmessage_unique")]

    def __str__(self) -> str:
        return f"{self.subject or self.message_id}"

    def get_absolute_url(self) -> str:
        return reverse("workorders:mailmessage_detail", args=[self.pk])
