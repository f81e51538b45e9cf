"""The work order timeline: every transition and comment, in order."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from .scopes import UNDER_WORK_ORDER


class WorkOrderEvent(AuditedModel):
    """One step of a work order's history as its people see it."""

    work_order = models.ForeignKey("workorders.WorkOrder", models.CASCADE,
                                   related_name="events", verbose_name=_("work order"))
    kind = models.CharField(_("kind"), max_length=32)
    from_state = models.CharField(_("from"), max_length=24, blank=True)
    to_state = models.CharField(_("to"), max_length=24, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("actor"))
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    at = models.DateTimeField(_("time"), db_index=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    scope = UNDER_WORK_ORDER

    class Meta:
        verbose_name = _("work order event")
        verbose_name_plural = _("work order events")
        ordering = ("work_order", "at", "id")

    def __str__(self) -> str:
        return f"{self.kind} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
