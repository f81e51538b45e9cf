"""The requester's sign-off: exactly one evaluation per work order."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yunwei.core.models import AuditedModel

from ..choices import ConfirmMethod, Rating
from .scopes import UNDER_WORK_ORDER


class Evaluation(AuditedModel):
    """一事一评价: who confirmed, how, when, and the rating."""

    work_order = models.OneToOneField("workorders.WorkOrder", models.CASCADE,
                                      related_name="evaluation", verbose_name=_("work order"))
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    method = models.CharField(_("confirmation"), max_length=8, choices=ConfirmMethod.choices)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("signed by"))
    confirmed_by_name = models.CharField(_("confirmed by"), max_length=100, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("recorded by"))

    scope = UNDER_WORK_ORDER

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.get_rating_display()} ({self.get_method_display()})"
