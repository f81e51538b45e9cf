"""In-app notifications (SLA warnings and breaches, assignments)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scopes import NOTIFICATION


class Notification(models.Model):
    """A message to one user about a work order."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                             related_name="notifications", verbose_name=_("user"))
    work_order = models.ForeignKey("workorders.WorkOrder", models.CASCADE,
                                   related_name="notifications", verbose_name=_("work order"))
    kind = models.CharField(_("kind"), max_length=32)
    text = models.CharField(_("text"), max_length=500)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    scope = NOTIFICATION

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [models.UniqueConstraint(fields=["user", "work_order", "kind"],
                                               name="notification_once")]

    def __str__(self) -> str:
        return self.text
