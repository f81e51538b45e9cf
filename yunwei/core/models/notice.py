"""In-app notices not tied to a work order (reminders before deadlines), one per recipient
and key."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """A message to one user: a code and its parameters, rendered in the reader's language
    (core.notices), with a link to the record it is about. `key` makes it once-only: the same
    reminder of the same deadline is never given twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notices",
                             verbose_name=_("user"))
    code = models.CharField(_("message"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    contract_id = models.PositiveIntegerField(_("contract"), null=True, blank=True)
    key = models.CharField("key", max_length=200)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_read")]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notice_once")]

    def __str__(self) -> str:
        return self.message()

    def message(self, lang: str | None = None) -> str:
        """The text in `lang` (the active language by default)."""
        from ..notices import render

        return render(self.code, self.params, lang)
