"""Views of the staffing app: thin, they translate input and call the actions."""

from __future__ import annotations

import calendar as pycal
import datetime as dt
import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yunwei.core.errors import Refused
from yunwei.core.scoping import can, can_on_contract, get_scoped_object, restrict, roles_on
from yunwei.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedView,
)
from yunwei.worktime import TZ

from . import actions, filtersets, forms, importing, tables
from .models import (
    AttendanceRecord,
    ImportBatch,
    LeaveRequest,
    Person,
    Post,
    ReplacementRequest,
    RosterShift,
    ShiftPattern,
    SpecialPeriod,
    StaffingTerms,
)
from .models.person import PERSONAL_DATA_ROLES


class _Edit(ObjectEditView):
    """Edit views preset the contract from ?contract=."""

    def get_form(self, request: HttpRequest, obj: Any, data: Any = None) -> Any:
        form = super().get_form(request, obj, data)
        if obj.pk is None and request.GET.get("contract") and "contract" in form.fields:
            form.fields["contract"].initial = request.GET.get("contract")
        return form


def _crud(model: type[Model], form: type, table: type | None, filterset: type | None,
          detail_template: str = "", after_delete: str = "") -> dict[str, type]:
    name = model.__name__
    views: dict[str, type] = {
        "detail": type(f"{name}DetailView", (ObjectDetailView,), {
            "scope_model": model, "__doc__": f"One {name}.",
            **({"template_name": detail_template} if detail_template else {})}),
        "edit": type(f"{name}EditView", (_Edit,), {
            "scope_model": model, "form_class": form, "__doc__": f"Add or edit a {name}."}),
        "delete": type(f"{name}DeleteView", (ObjectDeleteView,), {
            "scope_model": model,
            "success_url_name": after_delete or f"staffing:{name.lower()}_list",
            "__doc__": f"Delete a {name}."}),
    }
    if table is not None:
        views["list"] = type(f"{name}ListView", (ObjectListView,), {
            "scope_model": model, "table_class": table, "filterset_class": filterset,
            "__doc__": f"{name} objects of the user's contracts."})
    return views


CRUD = {
    "post": _crud(Post, forms.PostForm, tables.PostTable, filtersets.PostFilterSet),
    "shiftpattern": _crud(ShiftPattern, forms.ShiftPatternForm, tables.ShiftPatternTable,
                          filtersets.ShiftPatternFilterSet),
    "specialperiod": _crud(SpecialPeriod, forms.SpecialPeriodForm, tables.SpecialPeriodTable,
                           filtersets.SpecialPeriodFilterSet),
    "staffingterms": _crud(StaffingTerms, forms.StaffingTermsForm, None, None,
                           after_delete="staffing:post_list"),
    "attendancerecord": _crud(AttendanceRecord, forms.AttendanceRecordForm,
                              tables.AttendanceRecordTable, filtersets.AttendanceRecordFilterSet),
}


class _HandCorrection(CRUD["attendancerecord"]["edit"]):  # type: ignore[misc,valid-type]
    """A hand-entered or corrected attendance record (derived=False: derivation keeps it)."""

    def get_object(self, request: HttpRequest, pk: Any | None) -> Model:
        obj = super().get_object(request, pk)
        obj.derived = False
        return obj


CRUD["attendancerecord"]["edit"] = _HandCorrection


# -- people ---------------------------------------------------------------------------------------
class PersonListView(ObjectListView):
    """The staff of the user's contracts (no personal data listed)."""

    scope_model = Person
    table_class = tables.PersonTable
    filterset_class = filtersets.PersonFilterSet

    def base_queryset(self) -> QuerySet:
        return Person.objects.select_related("contract")


class PersonDetailView(ObjectDetailView):
    """A staff member: posts, qualifications, entry check, personal data masked unless the
    viewer is the contract's agency admin or vendor PM (whose history is then shown too)."""

    scope_model = Person
    template_name = "staffing/person_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        roles = roles_on(self.request.user, obj.contract_id)
        full = self.request.user.is_superuser or bool(roles & PERSONAL_DATA_ROLES)
        return {
            "personal": obj.personal(roles if not self.request.user.is_superuser
                                     else PERSONAL_DATA_ROLES),
            "full_personal": full,
            "posts": obj.posts.all(),
            "qualifications": obj.qualifications.all(),
            "can_check": can_on_contract(self.request.user, Person, "change", obj.contract_id)
            and ("agency_admin" in roles or self.request.user.is_superuser)
            and obj.entry_status == "pending",
            "decision_form": forms.DecisionForm(),
            "qualification_form": forms.QualificationForm(),
            "upcoming": obj.shifts.filter(ends__gte=timezone.now()).select_related(
                "pattern__post").order_by("starts")[:14],
        }


class PersonEditView(_Edit):
    """Add or edit a staff member (the vendor PM)."""

    scope_model = Person
    form_class = forms.PersonForm


class PersonDeleteView(ObjectDeleteView):
    """Delete a staff member."""

    scope_model = Person
    success_url_name = "staffing:person_list"


class PersonEntryView(ScopedView):
    """The agency's entry check of a person (approve or refuse)."""

    scope_model = Person
    scope_action = "change"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        person = get_scoped_object(Person.objects.all(), request.user, "change", pk=pk)
        form = forms.DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose approve or refuse."))
            return HttpResponseRedirect(person.get_absolute_url())
        try:
            actions.do_check_entry(person, actor=request.user,
                                   approve=form.cleaned_data["approve"],
                                   note=form.cleaned_data["note"])
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The entry check was recorded."))
        return HttpResponseRedirect(person.get_absolute_url())


class QualificationAddView(ScopedView):
    """Add a qualification with its evidence file to a person (the vendor PM)."""

    scope_model = Person
    scope_action = "change"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        person = get_scoped_object(Person.objects.all(), request.user, "change", pk=pk)
        if "vendor_pm" not in roles_on(request.user, person.contract_id) \
                and not request.user.is_superuser:
            raise PermissionDenied
        form = forms.QualificationForm(request.POST, request.FILES)
        if form.is_valid():
            q = form.save(commit=False)
            q.person, q.contract_id = person, person.contract_id
            q.save()
            messages.success(request, _("The qualification was added."))
        else:
            messages.error(request, _("Enter the qualification's name."))
        return HttpResponseRedirect(person.get_absolute_url())


class PersonCalendarView(ScopedView):
    """A person's shifts as an iCalendar feed."""

    scope_model = Person

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        import icalendar

        person = get_scoped_object(Person.objects.all(), request.user, "view", pk=pk)
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Yunwei//staffing//CN")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", f"{person.name} 值班")
        since = timezone.now() - dt.timedelta(days=31)
        for shift in person.shifts.filter(ends__gte=since).select_related("pattern__post"):
            event = icalendar.Event()
            event.add("uid", f"staffing-shift-{shift.pk}@yunwei")
            event.add("summary", f"{shift.pattern.post.name} {shift.pattern.name}")
            event.add("dtstart", timezone.localtime(shift.starts, TZ))
            event.add("dtend", timezone.localtime(shift.ends, TZ))
            event.add("dtstamp", timezone.now())
            cal.add_component(event)
        response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="shifts-{person.pk}.ics"'
        return response


# -- leave and replacement ------------------------------------------------------------------------
class LeaveListView(ObjectListView):
    """Leave requests."""

    scope_model = LeaveRequest
    table_class = tables.LeaveRequestTable
    filterset_class = filtersets.LeaveRequestFilterSet

    def base_queryset(self) -> QuerySet:
        return LeaveRequest.objects.select_related("person", "contract")


class LeaveDetailView(ObjectDetailView):
    """A leave request with the agency's decision."""

    scope_model = LeaveRequest
    template_name = "staffing/leave_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"can_decide": can(self.request.user, obj, "change") and obj.status == "pending",
                "decision_form": forms.DecisionForm()}


class LeaveAddView(ScopedView):
    """Ask for leave (an engineer for themselves, the PM for the team); phone-sized."""

    scope_model = LeaveRequest
    scope_action = "add"
    template_name = "staffing/leave_form.html"

    def _check(self, request: HttpRequest) -> None:
        from yunwei.core.scoping import can_anywhere

        if not can_anywhere(request.user, LeaveRequest, "add"):
            raise PermissionDenied

    def get(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = forms.LeaveForm(user=request.user, initial={"person": request.GET.get("person")})
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = forms.LeaveForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        data = form.cleaned_data
        try:
            leave = actions.do_request_leave(
                data["person"], actor=request.user, starts=data["starts"], ends=data["ends"],
                reason=data["reason"], emergency=data["emergency"])
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return render(request, self.template_name, {"form": form}, status=400)
        messages.success(request, _("The leave request was sent to the agency."))
        return HttpResponseRedirect(leave.get_absolute_url())


class LeaveDecideView(ScopedView):
    """The agency approves or refuses a leave request."""

    scope_model = LeaveRequest
    scope_action = "change"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        leave = get_scoped_object(LeaveRequest.objects.all(), request.user, "change", pk=pk)
        form = forms.DecisionForm(request.POST)
        if form.is_valid():
            try:
                actions.do_decide_leave(leave, actor=request.user,
                                        approve=form.cleaned_data["approve"])
                messages.success(request, _("The decision was recorded."))
            except Refused as exc:
                messages.error(request, exc.message)
        return HttpResponseRedirect(leave.get_absolute_url())


class ReplacementListView(ObjectListView):
    """Replacement requests."""

    scope_model = ReplacementRequest
    table_class = tables.ReplacementRequestTable
    filterset_class = filtersets.ReplacementRequestFilterSet


class ReplacementAddView(ScopedView):
    """The vendor PM replaces a person (notice checked against the terms)."""

    scope_model = ReplacementRequest
    scope_action = "add"
    template_name = "staffing/leave_form.html"

    def _form(self, request: HttpRequest, data: Any = None) -> forms.ReplacementForm:
        from yunwei.core.scoping import contracts_for

        if not contracts_for(request.user, ReplacementRequest, "add").exists():
            raise PermissionDenied
        return forms.ReplacementForm(data, user=request.user)

    def _render(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        from yunwei.core.scoping import contracts_for

        ctx = {"form": form, "heading": _("Replace a staff member")}
        if not form.fields["leaving"].queryset.exists():
            # Nobody to replace yet (a new contract): say so instead of refusing the page.
            ctx["form"] = None
            ctx["empty"] = _("Nobody is on the staff of your contracts yet, so nobody can be "
                             "replaced. Add the staff members first.")
            if contracts_for(request.user, Person, "add").exists():
                ctx["empty_link"] = {"url": reverse("staffing:person_add"),
                                     "label": _("Add a staff member")}
        return render(request, self.template_name, ctx, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST)
        if not form.is_valid():
            return self._render(request, form, 400)
        data = form.cleaned_data
        try:
            replacement = actions.do_request_replacement(
                data["leaving"], data["joining"], actor=request.user,
                effective_on=data["effective_on"], emergency=data["emergency"],
                reason=data["reason"])
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self._render(request, form, 400)
        if not replacement.with_notice:
            messages.warning(request, _("The notice is shorter than the contract requires: "
                                        "this replacement is recorded as a violation."))
        else:
            messages.success(request, _("The replacement was recorded."))
        return HttpResponseRedirect(replacement.get_absolute_url())


class ReplacementDetailView(ObjectDetailView):
    """One replacement request."""

    scope_model = ReplacementRequest


# -- rosters --------------------------------------------------------------------------------------
def _month_param(request: HttpRequest) -> tuple[int, int]:
    text = request.GET.get("month") or timezone.localdate().strftime("%Y-%m")
    try:
        year, month = (int(x) for x in text.split("-"))
        dt.date(year, month, 1)
    except ValueError:
        today = timezone.localdate()
        return today.year, today.month
    return year, month


def _contract_param(request: HttpRequest, model: type[Model], action: str = "view") -> Any:
    from yunwei.core.scoping import contracts_for

    contracts = contracts_for(request.user, model, action)
    wanted = request.GET.get("contract") or request.POST.get("contract")
    if wanted:
        try:
            return contracts.get(pk=int(wanted))
        except (ValueError, contracts.model.DoesNotExist):
            raise Http404 from None
    return contracts.order_by("-service_start").first()


class RosterMonthView(ScopedView):
    """A month's roster of a contract: people per post's shift per day, and the coverage
    (required vs rostered) with shortfalls highlighted."""

    scope_model = RosterShift
    template_name = "staffing/roster.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        contract = _contract_param(request, RosterShift)
        year, month = _month_param(request)
        ctx: dict[str, Any] = {"contract": contract, "month": f"{year:04d}-{month:02d}"}
        if contract is not None:
            first = dt.date(year, month, 1)
            last = dt.date(year, month, pycal.monthrange(year, month)[1])
            rows = actions.coverage(contract.pk, first, last)
            people: dict[tuple[dt.date, int], list[RosterShift]] = defaultdict(list)
            for s in RosterShift.objects.filter(contract=contract, day__gte=first,
                                                day__lte=last).select_related("person"):
                people[(s.day, s.pattern_id)].append(s)
            patterns = {p.pk: p for p in ShiftPattern.objects.filter(
                contract=contract).select_related("post")}
            ctx["rows"] = [{"row": r, "pattern": patterns.get(r.pattern),
                            "shifts": people.get((r.day, r.pattern), [])} for r in rows]
            ctx["shortfall"] = sum(r.shortfall for r in rows)
            ctx["month_shifts"] = [s for r in ctx["rows"] for s in r["shifts"]]
            ctx["can_edit"] = can_on_contract(request.user, RosterShift, "add", contract.pk)
            ctx["add_form"] = forms.ShiftAddForm(user=request.user) if ctx["can_edit"] else None
            prev_m = first - dt.timedelta(days=1)
            next_m = last + dt.timedelta(days=1)
            ctx["prev"], ctx["next"] = f"{prev_m:%Y-%m}", f"{next_m:%Y-%m}"
        return render(request, self.template_name, ctx)


class RosterGenerateView(ScopedView):
    """The vendor PM generates (fills) a month's roster."""

    scope_model = RosterShift
    scope_action = "add"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.MonthForm(request.POST, user=request.user, model=RosterShift,
                               action="add")
        if not form.is_valid():
            if not form.fields["contract"].queryset.exists():
                raise PermissionDenied
            return HttpResponse(_("Choose a contract and a month."), status=400)
        contract = form.cleaned_data["contract"]
        year, month = form.year_month()
        try:
            added = actions.do_generate_roster(contract.pk, year, month, actor=request.user)
            messages.success(request, _("%(n)d shifts were added to the roster.") % {"n": added})
        except Refused as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(
            f"{reverse('staffing:roster')}?contract={contract.pk}&month={year:04d}-{month:02d}")


class RosterShiftAddView(ScopedView):
    """The vendor PM puts a person on a shift (e.g. to fix a shortfall)."""

    scope_model = RosterShift
    scope_action = "add"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.ShiftAddForm(request.POST, user=request.user)
        if not form.fields["person"].queryset.exists():
            raise PermissionDenied
        if not form.is_valid():
            return HttpResponse(_("Choose a person, a shift and a day."), status=400)
        data = form.cleaned_data
        try:
            actions.do_add_shift(data["person"], data["pattern"], data["day"],
                                 actor=request.user)
            messages.success(request, _("The shift was added."))
        except Refused as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(f"{reverse('staffing:roster')}?contract="
                                    f"{data['pattern'].contract_id}&month={data['day']:%Y-%m}")


class RosterSwapView(ScopedView):
    """The vendor PM swaps two people's shifts (each must hold the other's post and be free)."""

    scope_model = RosterShift
    scope_action = "change"

    def post(self, request: HttpRequest) -> HttpResponse:
        from yunwei.core.scoping import can_anywhere

        if not can_anywhere(request.user, RosterShift, "change"):
            raise PermissionDenied
        mine = restrict(RosterShift.objects.select_related("pattern__post", "person"),
                        request.user, "change")
        try:
            a = mine.get(pk=int(request.POST.get("first", "")))
            b = mine.get(pk=int(request.POST.get("second", "")))
        except (ValueError, RosterShift.DoesNotExist):
            return HttpResponse(_("Choose two shifts."), status=400)
        try:
            actions.do_swap_shifts(a, b, actor=request.user)
            messages.success(request, _("The shifts were swapped."))
        except Refused as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(f"{reverse('staffing:roster')}?contract={a.contract_id}"
                                    f"&month={a.day:%Y-%m}")


class RosterShiftDetailView(ObjectDetailView):
    """One rostered shift."""

    scope_model = RosterShift


class RosterShiftDeleteView(ObjectDeleteView):
    """Take a shift off the roster."""

    scope_model = RosterShift
    success_url_name = "staffing:roster"


class OnDutyView(ScopedView):
    """Who is on duty now, with tap-to-call phones for those who may see them."""

    scope_model = RosterShift
    template_name = "staffing/on_duty.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        visible = restrict(RosterShift.objects.all(), request.user, "view")
        contract_ids = list(visible.values_list("contract_id", flat=True).distinct())
        now = timezone.now()
        rows = []
        roles: dict[int, frozenset[str]] = {}
        for shift in actions.on_duty(contract_ids, now):
            if shift.contract_id not in roles:
                roles[shift.contract_id] = roles_on(request.user, shift.contract_id)
            rows.append({"shift": shift, "personal": shift.person.personal(
                roles[shift.contract_id]), "callable": bool(
                    roles[shift.contract_id] & {"agency_admin", "vendor_pm"})})
        return render(request, self.template_name, {"rows": rows, "now": now})


class MyShiftsView(ScopedView):
    """The signed-in engineer's own shifts (phone-sized), with their feed and leave link."""

    scope_model = RosterShift
    template_name = "staffing/my_shifts.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        people = restrict(Person.objects.filter(user=request.user), request.user, "view")
        shifts = RosterShift.objects.filter(person__in=people,
                                            ends__gte=timezone.now()).select_related(
                                                "pattern__post", "person").order_by("starts")
        return render(request, self.template_name, {"people": people, "shifts": shifts[:60]})


# -- attendance -----------------------------------------------------------------------------------
def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "staffing" / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


class ImportView(ScopedView):
    """Upload an attendance file, see the columns found and a preview, then import it."""

    scope_model = ImportBatch
    scope_action = "add"
    template_name = "staffing/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.ImportForm(user=request.user)
        if not form.fields["contract"].queryset.exists():
            raise PermissionDenied
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.ImportForm(request.POST, request.FILES, user=request.user)
        if not form.fields["contract"].queryset.exists():
            raise PermissionDenied
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        contract = form.cleaned_data["contract"]
        upload = form.cleaned_data.get("file")
        token = form.cleaned_data.get("token") or ""
        if upload is not None:
            data, name = upload.read(), upload.name
            token = hashlib.sha256(data).hexdigest() + Path(name).suffix.lower()[:6]
            (_upload_dir() / token).write_bytes(data)
            request.session[f"staffing_import_{token}"] = name
        else:
            name = request.session.get(f"staffing_import_{token}")
            path = _upload_dir() / Path(token).name
            if not name or not path.exists():
                form.add_error("file", _("Choose a file."))
                return render(request, self.template_name, {"form": form}, status=400)
            data = path.read_bytes()
        ctx: dict[str, Any] = {"form": form, "token": token, "file_name": name}
        if "confirm" in request.POST and upload is None:
            try:
                batch = actions.do_import_attendance(contract.pk, data, name,
                                                     actor=request.user, mapping=form.mapping())
            except Refused as exc:
                form.add_error(None, exc.message)
                return render(request, self.template_name, ctx, status=400)
            messages.success(request, _("%(added)d punches were imported (%(rows)d rows).")
                             % {"added": batch.added, "rows": batch.rows})
            return HttpResponseRedirect(batch.get_absolute_url())
        try:
            parsed = actions.preview_import(contract.pk, data, name, form.mapping())
        except importing.ImportError_ as exc:
            form.add_error("file", exc.en if request.LANGUAGE_CODE.startswith("en") else exc.zh)
            return render(request, self.template_name, ctx, status=400)
        ctx.update(parsed=parsed, sample=parsed.punches[:20], errors=parsed.errors[:50])
        return render(request, self.template_name, ctx)


class ImportBatchListView(ObjectListView):
    """Attendance imports."""

    scope_model = ImportBatch
    table_class = tables.ImportBatchTable
    filterset_class = filtersets.ImportBatchFilterSet


class ImportBatchDetailView(ObjectDetailView):
    """One attendance import."""

    scope_model = ImportBatch


class DeriveView(ScopedView):
    """Derive a month's attendance from punches, roster and leave (those who import)."""

    scope_model = ImportBatch
    scope_action = "add"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.MonthForm(request.POST, user=request.user, model=ImportBatch,
                               action="add")
        if not form.fields["contract"].queryset.exists():
            raise PermissionDenied
        if not form.is_valid():
            return HttpResponse(_("Choose a contract and a month."), status=400)
        contract = form.cleaned_data["contract"]
        year, month = form.year_month()
        first = dt.date(year, month, 1)
        last = dt.date(year, month, pycal.monthrange(year, month)[1])
        try:
            n = actions.do_derive_attendance(contract.pk, first, last, actor=request.user)
            messages.success(request, _("%(n)d attendance records were derived.") % {"n": n})
        except Refused as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("staffing:attendancerecord_list")
                                    + f"?contract={contract.pk}")


def contract_panel(request: HttpRequest, contract: Any) -> dict[str, Any] | None:
    """The staffing section of the contract page: posts, staff count and this month's gap."""
    if not can_on_contract(request.user, Person, "view", contract.pk):
        return None
    today = timezone.localdate()
    first = today.replace(day=1)
    last = first.replace(day=pycal.monthrange(first.year, first.month)[1])
    rows = actions.coverage(contract.pk, first, last)
    return {
        "contract": contract,
        "posts": Post.objects.filter(contract=contract).prefetch_related("patterns"),
        "staff": Person.objects.filter(contract=contract, active=True).count(),
        "pending": Person.objects.filter(contract=contract, entry_status="pending").count(),
        "shortfall": sum(r.shortfall for r in rows),
        "month": f"{first:%Y-%m}",
    }
