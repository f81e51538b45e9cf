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
    # The text is stored as a code and parameters and rendered in the reader's language;
    # `text` keeps the Chinese rendering (and the whole text of rows without a code).
    code = models.CharField(_("message"), max_length=32, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
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
        return self.message()

    def message(self, lang: str | None = None) -> str:
        """The text in `lang` (the active language by default)."""
        from ..messages import current_language, render

        return render(self.code, self.params, lang or current_language()) or self.text
