"""The background jobs page: periodic jobs and failed runs, for system administrators."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from .. import jobs
from ..models import PeriodicJob

OUTCOMES = {
    "retry": _("retry scheduled"),
    "retrying": _("retrying now"),
    "recovered": _("succeeded later"),
    "failed again": _("failed again"),
    "given up": _("failed (given up)"),
}


class JobsView(View):
    """Periodic jobs with their state, and the latest failed runs with their errors."""

    access = "superuser"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied
        registered = {n for n, j in jobs.JOBS.items() if j.every_seconds}
        periodic = [(row, row.name in registered) for row in PeriodicJob.objects.all()]
        failed = [(f, OUTCOMES.get(f.outcome, f.outcome)) for f in jobs.failed_attempts()]
        return render(request, "core/jobs.html", {"periodic": periodic, "failed": failed})
