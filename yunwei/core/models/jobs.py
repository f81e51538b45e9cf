"""The state of each periodic background job, shared by every worker process."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicJob(models.Model):
    """One periodic job: when it is next due, whether a worker holds it, its last failure.

    A worker takes a due job with one conditional UPDATE (see core.jobs.enqueue_due), so a job
    runs once per period and never twice at once, however many workers run. Not audited: it
    is the machinery's own bookkeeping, written every minute."""

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    every_seconds = models.FloatField(_("every (seconds)"))
    next_run = models.DateTimeField(_("next run"))
    running_since = models.DateTimeField(_("running since"), null=True, blank=True)
    last_started = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished = models.DateTimeField(_("last finished"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
