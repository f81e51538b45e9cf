"""Files attached to a work order (screenshots, mail attachments, written consents)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import AttachmentSource
from .scopes import UNDER_WORK_ORDER


class Attachment(AuditedModel):
    """One file; its content is addressed by its SHA-256."""

    work_order = models.ForeignKey("workorders.WorkOrder", models.CASCADE,
                                   related_name="attachments", verbose_name=_("work order"))
    file = models.FileField(_("file"), upload_to="workorders/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64)
    source = models.CharField(_("source"), max_length=8, choices=AttachmentSource.choices,
                              default=AttachmentSource.UPLOAD)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("uploaded by"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    scope = UNDER_WORK_ORDER

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ("work_order", "created", "id")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workorders:attachment_download", args=[self.pk])
