"""Views of the calendars app: holiday arrangements, working calendars, SLA policies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yunwei.core.errors import Refused, in_language
from yunwei.core.scoping import contracts_for, get_scoped_object, restrict
from yunwei.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedView,
)
from yunwei.worktime import CalendarError
from yunwei.worktime.china import package_arrangement
from yunwei.worktime.engine import month_grid

from . import actions
from .choices import SubmissionStatus
from .filtersets import (
    HolidayYearFilterSet,
    PauseReasonFilterSet,
    SlaPolicyFilterSet,
    SlaTargetFilterSet,
    WorkingCalendarFilterSet,
)
from .forms import (
    DeadlineCalculatorForm,
    HolidayDayForm,
    NoticeImportForm,
    PauseReasonForm,
    SlaPolicyForm,
    SlaTargetForm,
    SubmissionRejectForm,
    WorkingCalendarForm,
)
from .models import (
    HolidayDay,
    HolidaySubmission,
    HolidayYear,
    PauseReason,
    SlaPolicy,
    SlaTarget,
    WorkingCalendar,
)
from .provider import national_calendar
from .tables import (
    HolidayYearTable,
    PauseReasonTable,
    SlaPolicyTable,
    SlaTargetTable,
    WorkingCalendarTable,
)


def _year_grids(year: int) -> list[tuple[int, list]]:
    cal = national_calendar()
    return [(month, month_grid(cal, year, month)) for month in range(1, 13)]


# -- holiday arrangements -------------------------------------------------------------------------
class HolidayYearListView(ObjectListView):
    """Years entered by administrators, and the years the built-in package knows."""

    scope_model = HolidayYear
    table_class = HolidayYearTable
    filterset_class = HolidayYearFilterSet
    template_name = "calendars/holidayyear_list.html"

    def extra_context(self) -> dict[str, Any]:
        _h, _w, years = package_arrangement()
        today = timezone.localdate()
        entered = set(HolidayYear.objects.filter(confirmed=True).values_list("year", flat=True))
        upcoming = [y for y in (today.year, today.year + 1) if y not in years | entered]
        user = self.request.user
        reviewer = actions.may_review_holiday_year(user)
        submitter = actions.may_submit_holiday_year(user)
        submissions = HolidaySubmission.objects.select_related("submitted_by")
        # national data: everyone reads the submissions (the latest ten); the reviewer, the
        # pending ones to confirm
        if reviewer:
            submissions = submissions.filter(status=SubmissionStatus.PENDING)
        else:
            submissions = submissions[:10]
        return {"package_years": (min(years), max(years)), "missing_years": upcoming,
                "can_review": reviewer, "can_submit": submitter,
                "submissions": list(submissions)}


class HolidayYearDetailView(ObjectDetailView):
    """One entered year: its days and the twelve months."""

    scope_model = HolidayYear
    template_name = "calendars/holidayyear_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"days": obj.days.order_by("date"), "grids": _year_grids(obj.year),
                "can_add_day": self.request.user.is_superuser}


class HolidayYearImportView(ScopedView):
    """Paste the State Council notice, review what was understood, then save it."""

    scope_model = HolidayYear
    scope_action = "add"
    template_name = "calendars/holiday_import.html"

    def _check(self, request: HttpRequest) -> None:
        if not contracts_for(request.user, HolidayYear, "add").exists():
            raise PermissionDenied

    def get(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        return render(request, self.template_name, {"form": NoticeImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = NoticeImportForm(request.POST)
        ctx: dict[str, Any] = {"form": form}
        if not form.is_valid():
            return render(request, self.template_name, ctx, status=400)
        try:
            notice = actions.preview_notice(form.cleaned_data["text"], form.cleaned_data["year"])
        except CalendarError as exc:
            ctx["error"] = exc
            return render(request, self.template_name, ctx, status=400)
        if "confirm" not in request.POST:
            ctx["notice"] = notice
            return render(request, self.template_name, ctx)
        record, recomputed = actions.do_save_arrangement(
            notice.year, notice.holidays, notice.workdays, notice_text=form.cleaned_data["text"])
        messages.success(request, _("The %(year)s arrangement was saved; %(n)s open deadlines "
                                    "were recomputed.") % {"year": notice.year, "n": recomputed})
        return HttpResponseRedirect(record.get_absolute_url())


class HolidaySubmitView(ScopedView):
    """An agency administrator pastes the notice, checks what was read, and submits it; a
    system administrator confirms it."""

    scope_model = HolidaySubmission
    template_name = "calendars/holiday_import.html"

    def _check(self, request: HttpRequest) -> None:
        if not actions.may_submit_holiday_year(request.user):
            raise PermissionDenied

    def get(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        return render(request, self.template_name, {"form": NoticeImportForm(), "submit": True})

    def post(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = NoticeImportForm(request.POST)
        ctx: dict[str, Any] = {"form": form, "submit": True}
        if not form.is_valid():
            return render(request, self.template_name, ctx, status=400)
        text, year = form.cleaned_data["text"], form.cleaned_data["year"]
        try:
            ctx["notice"] = actions.preview_notice(text, year)
        except CalendarError as exc:
            ctx["error"] = exc
            return render(request, self.template_name, ctx, status=400)
        if "confirm" not in request.POST:
            return render(request, self.template_name, ctx)
        try:
            submission = actions.do_submit_holiday_year(request.user, text, year)
        except Refused as exc:
            ctx["error"] = exc
            return render(request, self.template_name, ctx, status=400)
        messages.success(request, _("The %(year)s notice was submitted; a system administrator "
                                    "will confirm it.") % {"year": submission.year})
        return HttpResponseRedirect(submission.get_absolute_url())


class HolidaySubmissionDetailView(ScopedView):
    """A submitted notice, what was read from it, and (for the system administrator, while it
    is pending) confirm or reject."""

    scope_model = HolidaySubmission
    template_name = "calendars/holidaysubmission_detail.html"

    def get(self, request: HttpRequest, pk: Any, form: Any = None,
            status: int = 200) -> HttpResponse:
        submission = get_scoped_object(
            HolidaySubmission.objects.select_related("submitted_by", "reviewed_by"),
            request.user, "view", pk=pk)
        try:
            notice, error = actions.preview_notice(submission.notice_text, submission.year), None
        except CalendarError as exc:
            notice, error = None, exc
        pending = submission.status == SubmissionStatus.PENDING
        return render(request, self.template_name, {
            "object": submission, "notice": notice, "error": error, "pending": pending,
            "can_review": pending and actions.may_review_holiday_year(request.user),
            "reject_form": form or SubmissionRejectForm()}, status=status)


class HolidaySubmissionReviewView(ScopedView):
    """POST: the system administrator confirms or rejects a pending submission."""

    scope_model = HolidaySubmission
    decision = "confirm"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        submission = get_scoped_object(HolidaySubmission.objects.all(), request.user, "view",
                                       pk=pk)
        if not actions.may_review_holiday_year(request.user):
            raise PermissionDenied
        try:
            if self.decision == "confirm":
                _s, recomputed = actions.do_confirm_holiday_submission(request.user, submission)
                messages.success(request, _("The %(year)s arrangement was saved; %(n)s open "
                                            "deadlines were recomputed.")
                                 % {"year": submission.year, "n": recomputed})
                return HttpResponseRedirect(reverse("calendars:holidayyear_list"))
            form = SubmissionRejectForm(request.POST)
            if not form.is_valid():
                return HolidaySubmissionDetailView().get(request, pk, form=form, status=400)
            actions.do_reject_holiday_submission(request.user, submission,
                                                 form.cleaned_data["reason"])
            messages.success(request, _("The notice was rejected; the submitter is told why."))
        except Refused as exc:
            messages.error(request, in_language(exc))
        return HttpResponseRedirect(submission.get_absolute_url())


class HolidayYearDeleteView(ObjectDeleteView):
    """Remove an entered year (the package's data, or Mon-Fri, applies again)."""

    scope_model = HolidayYear
    success_url_name = "calendars:holidayyear_list"

    def delete_object(self, obj: Any) -> None:
        actions.do_delete_holiday_year(obj)


class HolidayDayEditView(ObjectEditView):
    """Enter or correct one day by hand."""

    scope_model = HolidayDay
    form_class = HolidayDayForm

    def save_object(self, form: Any) -> Any:
        return actions.do_save_holiday_day(form.save(commit=False))[0]


class HolidayDayDeleteView(ObjectDeleteView):
    """Remove one day."""

    scope_model = HolidayDay
    success_url_name = "calendars:holidayyear_list"

    def delete_object(self, obj: Any) -> None:
        actions.do_delete_holiday_day(obj)


# -- working calendars ---------------------------------------------------------------------------
class WorkingCalendarListView(ObjectListView):
    """Working calendars of the user's contracts."""

    scope_model = WorkingCalendar
    table_class = WorkingCalendarTable
    filterset_class = WorkingCalendarFilterSet

    def base_queryset(self) -> QuerySet:
        return WorkingCalendar.objects.select_related("contract")


class WorkingCalendarDetailView(ObjectDetailView):
    """One calendar, with this month and the next two."""

    scope_model = WorkingCalendar
    template_name = "calendars/workingcalendar_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        engine = obj.engine()
        today = timezone.localdate()
        months = []
        for i in range(3):
            y, m = divmod(today.month - 1 + i, 12)
            months.append((today.year + y, m + 1, month_grid(engine, today.year + y, m + 1)))
        return {"months": months,
                "missing": engine.missing_years(today, today + dt.timedelta(days=90))}


class WorkingCalendarEditView(ObjectEditView):
    """Create or edit a working calendar (agency administrators)."""

    scope_model = WorkingCalendar
    form_class = WorkingCalendarForm

    def save_object(self, form: Any) -> Any:
        return actions.do_save_calendar(form.save(commit=False))[0]


class WorkingCalendarDeleteView(ObjectDeleteView):
    """Delete a calendar no target uses."""

    scope_model = WorkingCalendar
    success_url_name = "calendars:workingcalendar_list"

    def delete_object(self, obj: Any) -> None:
        actions.do_delete_calendar(obj)


# -- SLA policies, targets, pause reasons ------------------------------------------------------
class SlaPolicyListView(ObjectListView):
    """SLA policies of the user's contracts."""

    scope_model = SlaPolicy
    table_class = SlaPolicyTable
    filterset_class = SlaPolicyFilterSet

    def base_queryset(self) -> QuerySet:
        return SlaPolicy.objects.select_related("contract")


class SlaPolicyDetailView(ObjectDetailView):
    """A policy: its targets, pause reasons, calendars and a deadline calculator."""

    scope_model = SlaPolicy
    template_name = "calendars/slapolicy_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        targets = restrict(SlaTarget.objects.filter(policy=obj), user).select_related("calendar")
        now = timezone.localtime().replace(second=0, microsecond=0)
        return {
            "targets": targets.order_by("level_code", "metric"),
            "reasons": restrict(PauseReason.objects.filter(policy=obj), user),
            "calendars": restrict(WorkingCalendar.objects.filter(contract=obj.contract_id), user),
            "calculator": DeadlineCalculatorForm(policy=obj, initial={
                "start": now.strftime("%Y-%m-%dT%H:%M")}),
        }


class SlaPolicyCalculateView(ScopedView):
    """The deadline calculator (htmx partial): target + start -> deadline, explained."""

    scope_model = SlaPolicy

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        policy = get_scoped_object(SlaPolicy.objects.all(), request.user, "view", pk=pk)
        form = DeadlineCalculatorForm(request.GET, policy=policy)
        ctx: dict[str, Any] = {"form": form}
        if form.is_valid():
            target = form.cleaned_data["target"]
            start = form.cleaned_data["start"]
            try:
                ctx["deadline"] = target.calendar.engine().deadline(
                    start, target.minutes * 60, label=_("start"))
            except CalendarError as exc:
                ctx["error"] = exc
        # Always 200: htmx swaps in successful responses only, and the errors must show.
        return render(request, "calendars/partials/deadline.html", ctx)


class SlaPolicyEditView(ObjectEditView):
    """Create or edit an SLA policy (agency administrators)."""

    scope_model = SlaPolicy
    form_class = SlaPolicyForm


class SlaPolicyDeleteView(ObjectDeleteView):
    """Delete an SLA policy."""

    scope_model = SlaPolicy
    success_url_name = "calendars:slapolicy_list"


class SlaTargetListView(ObjectListView):
    """SLA targets of the user's contracts."""

    scope_model = SlaTarget
    table_class = SlaTargetTable
    filterset_class = SlaTargetFilterSet

    def base_queryset(self) -> QuerySet:
        return SlaTarget.objects.select_related("policy", "calendar")


class SlaTargetDetailView(ObjectDetailView):
    """One target."""

    scope_model = SlaTarget

    def base_queryset(self) -> QuerySet:
        return SlaTarget.objects.select_related("policy", "calendar")


class SlaTargetEditView(ObjectEditView):
    """Create or edit an SLA target."""

    scope_model = SlaTarget
    form_class = SlaTargetForm

    def save_object(self, form: Any) -> Any:
        return actions.do_save_target(form.save(commit=False))


class SlaTargetDeleteView(ObjectDeleteView):
    """Delete an SLA target no clock uses."""

    scope_model = SlaTarget
    success_url_name = "calendars:slatarget_list"

    def delete_object(self, obj: Any) -> None:
        actions.do_delete_target(obj)


class PauseReasonListView(ObjectListView):
    """Pause reasons of the user's contracts."""

    scope_model = PauseReason
    table_class = PauseReasonTable
    filterset_class = PauseReasonFilterSet

    def base_queryset(self) -> QuerySet:
        return PauseReason.objects.select_related("policy")


class PauseReasonDetailView(ObjectDetailView):
    """One pause reason."""

    scope_model = PauseReason


class PauseReasonEditView(ObjectEditView):
    """Create or edit a pause reason."""

    scope_model = PauseReason
    form_class = PauseReasonForm


class PauseReasonDeleteView(ObjectDeleteView):
    """Delete a pause reason."""

    scope_model = PauseReason
    success_url_name = "calendars:pausereason_list"
