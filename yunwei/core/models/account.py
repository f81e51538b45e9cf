"""A person's own settings: how they are notified and the language of their mails."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import NotifyChannel


class AccountSettings(models.Model):
    """One user's preferences (a missing row means the defaults: app and e-mail, Chinese).
    Read and written only for the logged-in user themselves (My account), never listed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True,
                                related_name="account_settings", verbose_name=_("user"))
    notify_channel = models.CharField(_("notify me"), max_length=8,
                                      choices=NotifyChannel.choices,
                                      default=NotifyChannel.BOTH)
    language = models.CharField(_("language of my e-mails"), max_length=8,
                                choices=settings.LANGUAGES, default="zh-hans")

    class Meta:
        verbose_name = _("account settings")
        verbose_name_plural = _("account settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.notify_channel}"
