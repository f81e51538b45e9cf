"""Phone-first notices: the desk phones the engineer; a work order follows only if unsolved."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from .scopes import PHONE_NOTICE

USER = settings.AUTH_USER_MODEL


class PhoneNotice(AuditedModel):
    """A problem passed to an engineer by phone; issued as a work order when not solved in time."""

    contract = models.ForeignKey("contracts.Contract", models.PROTECT,
                                 related_name="phone_notices", verbose_name=_("contract"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    requester = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("requester"))
    requester_name = models.CharField(_("requester name"), max_length=100, blank=True)
    requester_contact = models.CharField(_("contact"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    level_code = models.CharField(_("level"), max_length=32, blank=True)
    engineer = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("engineer phoned"))
    called_at = models.DateTimeField(_("phoned at"), db_index=True)
    due_at = models.DateTimeField(_("issue formally at"), db_index=True)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    solved_note = models.TextField(_("how it was solved"), blank=True)
    work_order = models.OneToOneField("workorders.WorkOrder", models.PROTECT, null=True,
                                      blank=True, related_name="phone_notice",
                                      verbose_name=_("work order"))
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("logged by"))

    scope = PHONE_NOTICE

    class Meta:
        verbose_name = _("phone-first notice")
        verbose_name_plural = _("phone-first notices")
        ordering = ("-called_at",)

    def __str__(self) -> str:
        return f"{timezone.localtime(self.called_at):%m-%d %H:%M} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("workorders:phonenotice_detail", args=[self.pk])
