"""Views of the staffing app: thin, they translate input and call the actions."""

from __future__ import annotations

import calendar as pycal
import copy
import datetime as dt
import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from yunwei.core.errors import Refused
from yunwei.core.roles import VENDOR_SIDE
from yunwei.core.scoping import can, can_on_contract, get_scoped_object, restrict, roles_on
from yunwei.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedView,
)
from yunwei.worktime import TZ

from . import actions, filtersets, forms, importing, rules, tables
from .models import (
    AttendanceRecord,
    ImportBatch,
    LeaveRequest,
    LeaveRule,
    Person,
    Post,
    ReplacementRequest,
    RosterChange,
    RosterMonth,
    RosterShift,
    ShiftPattern,
    SpecialPeriod,
    StaffingTerms,
    SwapRequest,
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
    "leaverule": _crud(LeaveRule, forms.LeaveRuleForm, tables.LeaveRuleTable,
                       filtersets.LeaveRuleFilterSet),
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
    """Correct a day's attendance record by hand (do_correct_attendance), or enter one where
    nothing was derived (do_enter_attendance): the derivation keeps either."""

    template_name = "staffing/attendance_correct.html"

    def get_form(self, request: HttpRequest, obj: Any, data: Any = None) -> Any:
        if obj.pk is None:
            return super().get_form(request, obj, data)
        # the form works on a copy: a refused post must not show its values as the current record
        return forms.AttendanceCorrectionForm(data=data, instance=copy.copy(obj),
                                              user=request.user)

    def save_object(self, form: Any) -> Model:
        data = form.cleaned_data
        if form.instance.pk is None:
            return actions.do_enter_attendance(
                data["person"], actor=self.request.user, day=data["day"], kind=data["kind"],
                minutes=data["minutes"], reason=data["reason"])
        return actions.do_correct_attendance(
            form.instance, actor=self.request.user, kind=data["kind"],
            minutes=data["minutes"], reason=data["reason"], seen=data["seen"])


CRUD["attendancerecord"]["edit"] = _HandCorrection


class _HandRemoval(CRUD["attendancerecord"]["delete"]):  # type: ignore[misc,valid-type]
    """Withdraw a hand record (do_remove_attendance): derivation takes over again."""

    def delete_object(self, obj: Model) -> None:
        actions.do_remove_attendance(obj, actor=self.request.user)  # type: ignore[arg-type]


CRUD["attendancerecord"]["delete"] = _HandRemoval


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
            # edit, qualifications and revoking the feed are the vendor PM's (the agency
            # changes a person only through the entry check)
            "can_change": actions.may_edit_people(self.request.user, obj.contract_id),
            "posts": obj.posts.all(),
            "qualifications": obj.qualifications.all(),
            "qualification_gaps": _qualification_gaps(obj),
            "can_check": can_on_contract(self.request.user, Person, "change", obj.contract_id)
            and ("agency_admin" in roles or self.request.user.is_superuser)
            and obj.entry_status == "pending",
            "decision_form": forms.DecisionForm(),
            "qualification_form": forms.QualificationForm(),
            "upcoming": visible_roster(obj.shifts.filter(ends__gte=timezone.now()),
                                       self.request.user).select_related(
                "pattern__post").order_by("starts")[:14],
            "in_lieu": _in_lieu_evidence(obj, self.request.user),
            "lieu_balance": actions.in_lieu_balance(obj).days(),
            "own": obj.user_id == self.request.user.pk,
            "feed_url": self.request.session.pop("staffing_feed_url", None)
            if obj.user_id == self.request.user.pk else None,
        }


def _qualification_gaps(person: Person) -> dict[str, list[str]]:
    """What the person lacks for their posts today, and what expires within the contract."""
    missing, expiring = actions.qualification_check(person)
    lang = "zh" if (translation.get_language() or "zh").startswith("zh") else "en"
    return {"missing": [rules.requirement_label(r, lang) for r in missing],
            "expiring": [(rules.requirement_label(r, lang), day) for r, day in expiring]}


def _in_lieu_evidence(person: Person, user: Any) -> list[dict[str, Any]]:
    """The person's unreported time off in lieu (调休) with its evidence: the shift missed and
    the punches of the day worked off the roster (for those who see attendance)."""
    records = list(restrict(AttendanceRecord.objects.filter(
        person=person, kind="compensatory_unreported"), user, "view").select_related(
            "shift__pattern__post").order_by("-day")[:50])
    ids = {int(x) for r in records for x in r.evidence.split(",") if x.isdigit()}
    from .models import Punch

    times = dict(Punch.objects.filter(pk__in=ids, person=person).values_list("pk", "time"))
    return [{"record": r, "punches": [times[int(x)] for x in r.evidence.split(",")
                                      if x.isdigit() and int(x) in times]} for r in records]


class PersonEditView(_Edit):
    """Add or edit a staff member (the vendor PM): do_add_person, do_edit_person."""

    scope_model = Person
    form_class = forms.PersonForm

    def get_object(self, request: HttpRequest, pk: Any | None) -> Model:
        obj = super().get_object(request, pk)
        if pk is not None and not actions.may_edit_people(request.user, obj.contract_id):
            raise PermissionDenied
        return obj

    def save_object(self, form: Any) -> Model:
        data = form.cleaned_data
        if form.instance.pk is None:
            return actions.do_add_person(
                data["contract"].pk, actor=self.request.user, name=data["name"],
                posts=data["posts"], user=data["user"], employee_no=data["employee_no"],
                id_number=data["id_number"], phone=data["phone"],
                entry_note=data["entry_note"])
        changed = {f: data[f] for f in form.changed_data if f in actions.PERSON_FIELDS}
        return actions.do_edit_person(form.instance, actor=self.request.user, **changed)


class PersonDeleteView(ObjectDeleteView):
    """Delete a staff member entered by mistake (do_remove_person)."""

    scope_model = Person
    success_url_name = "staffing:person_list"

    def delete_object(self, obj: Model) -> None:
        actions.do_remove_person(obj, actor=self.request.user)  # type: ignore[arg-type]


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
            try:
                actions.do_add_qualification(
                    person, actor=request.user, name=form.cleaned_data["name"],
                    years=form.cleaned_data["years"],
                    valid_until=form.cleaned_data["valid_until"],
                    evidence=form.cleaned_data.get("evidence") or None)
            except Refused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The qualification was added."))
        else:
            messages.error(request, _("Enter the qualification's name."))
        return HttpResponseRedirect(person.get_absolute_url())


class PersonCalendarView(ScopedView):
    """A person's shifts as an iCalendar feed."""

    scope_model = Person

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        person = get_scoped_object(Person.objects.all(), request.user, "view", pk=pk)
        response = HttpResponse(calendar_of(person), content_type="text/calendar; charset=utf-8")
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
        user = self.request.user
        own = obj.person.user_id is not None and obj.person.user_id == user.pk
        may_ask = user.is_superuser or own or "vendor_pm" in roles_on(user, obj.contract_id)
        return {"can_decide": can(user, obj, "change") and obj.status == "pending",
                "decision_form": forms.DecisionForm(),
                "evidence_visible": obj.evidence_visible_to(user),
                "can_add_evidence": may_ask and obj.status == "pending",
                "evidence_form": forms.LeaveEvidenceForm(),
                "lieu_balance": actions.in_lieu_balance(obj.person, exclude=obj.pk).days()
                if obj.kind == "compensatory" else None}


class LeaveEvidenceView(ScopedView):
    """A leave's evidence: GET downloads it (the person, the vendor PM, the agency
    administrator), POST adds it (the person or the vendor PM, do_add_leave_evidence)."""

    scope_model = LeaveRequest

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        from django.http import FileResponse

        leave = get_scoped_object(LeaveRequest.objects.select_related("person"), request.user,
                                  "view", pk=pk)
        if not leave.evidence or not leave.evidence_visible_to(request.user):
            raise Http404
        response = FileResponse(leave.evidence.open("rb"), as_attachment=True,
                                filename=leave.evidence.name.rsplit("/", 1)[-1])
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        leave = get_scoped_object(LeaveRequest.objects.select_related("person"), request.user,
                                  "view", pk=pk)
        form = forms.LeaveEvidenceForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose the evidence file."))
            return HttpResponseRedirect(leave.get_absolute_url())
        try:
            actions.do_add_leave_evidence(leave, actor=request.user,
                                          evidence=form.cleaned_data["evidence"])
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The evidence was added."))
        return HttpResponseRedirect(leave.get_absolute_url())


def _balances(form: Any) -> dict[str, Any]:
    """The time off in lieu (调休) left to the people the form may ask leave for (a team)."""
    people = list(form.fields["person"].queryset[:30])
    return {"balances": [{"person": person, **actions.in_lieu_balance(person).days()}
                         for person in people]}


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
        return render(request, self.template_name, {"form": form, **_balances(form)})

    def post(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = forms.LeaveForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, **_balances(form)},
                          status=400)
        data = form.cleaned_data
        try:
            leave = actions.do_request_leave(
                data["person"], actor=request.user, starts=data["starts"], ends=data["ends"],
                reason=data["reason"], emergency=data["emergency"], kind=data["kind"],
                evidence=data.get("evidence") or None)
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return render(request, self.template_name, {"form": form, **_balances(form)},
                          status=400)
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
            roster = actions.roster_state(contract.pk, first)
            published = roster is not None and roster.status == "published"
            drafts = request.user.is_superuser or bool(
                roles_on(request.user, contract.pk) & VENDOR_SIDE)
            may_publish = can_on_contract(request.user, RosterMonth, "add", contract.pk)
            ctx.update(roster=roster, published=published, sees_drafts=drafts,
                       can_publish=not published and may_publish,
                       can_unpublish=published and may_publish
                       and timezone.localdate() < first)
            if published:
                ctx["changes"] = RosterChange.objects.filter(roster=roster).select_related("by")
            if not published and not drafts:
                # the agency sees the month once published: required only, no people
                rows = [rules.CoverageRow(r.day, r.post, r.pattern, r.required, 0, 0)
                        for r in rows if r.required]
            people: dict[tuple[dt.date, int], list[RosterShift]] = defaultdict(list)
            for s in visible_roster(RosterShift.objects.filter(
                    contract=contract, day__gte=first, day__lte=last),
                    request.user).select_related("person"):
                people[(s.day, s.pattern_id)].append(s)
            patterns = {p.pk: p for p in ShiftPattern.objects.filter(
                contract=contract).select_related("post")}
            ctx["rows"] = [{"row": r, "pattern": patterns.get(r.pattern),
                            "shifts": people.get((r.day, r.pattern), [])} for r in rows]
            ctx["shortfall"] = sum(r.shortfall for r in rows) if published or drafts else None
            ctx["month_shifts"] = [s for r in ctx["rows"] for s in r["shifts"]]
            ctx["can_edit"] = can_on_contract(request.user, RosterShift, "add", contract.pk)
            # a refused addition comes back with its choices, to correct rather than redo
            kept = {k: request.GET[k] for k in ("person", "pattern", "day") if k in request.GET}
            ctx["add_form"] = forms.ShiftAddForm(user=request.user, initial=kept) \
                if ctx["can_edit"] else None
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
        kept = ""
        try:
            actions.do_add_shift(data["person"], data["pattern"], data["day"],
                                 actor=request.user)
            messages.success(request, _("The shift was added."))
        except Refused as exc:
            messages.error(request, exc.message)
            kept = (f"&person={data['person'].pk}&pattern={data['pattern'].pk}"
                    f"&day={data['day']:%Y-%m-%d}#add-shift")
        return HttpResponseRedirect(f"{reverse('staffing:roster')}?contract="
                                    f"{data['pattern'].contract_id}&month={data['day']:%Y-%m}"
                                    f"{kept}")


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
    """Take a shift off the roster (do_remove_shift: a published month records the change)."""

    scope_model = RosterShift
    success_url_name = "staffing:roster"

    def delete_object(self, obj: Model) -> None:
        actions.do_remove_shift(obj, actor=self.request.user)  # type: ignore[arg-type]


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
            if not (shift.published or request.user.is_superuser
                    or roles[shift.contract_id] & VENDOR_SIDE):
                continue  # a draft month: only the vendor's staff see it
            phone, callable_ = shift.person.duty_phone(roles[shift.contract_id],
                                                       request.user.is_superuser)
            rows.append({"shift": shift, "phone": phone, "callable": callable_})
        return render(request, self.template_name, {"rows": rows, "now": now})


class MyShiftsView(ScopedView):
    """The signed-in engineer's own shifts (phone-sized), with their feed and leave link."""

    scope_model = RosterShift
    template_name = "staffing/my_shifts.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        people = list(restrict(Person.objects.filter(user=request.user), request.user, "view"))
        shifts = RosterShift.objects.filter(person__in=people,
                                            ends__gte=timezone.now()).select_related(
                                                "pattern__post", "person").order_by("starts")
        swaps = SwapRequest.objects.filter(
            contract__in={p.contract_id for p in people},
            status__in=["awaiting_colleague", "awaiting_approval"],
            shift__starts__gt=timezone.now()).filter(
                Q(requester__in=people) | Q(colleague__in=people)).select_related(
                    "requester", "colleague", "shift__pattern__post",
                    "colleague_shift__pattern__post")
        return render(request, self.template_name, {
            "people": people, "shifts": shifts[:60], "swaps": swaps, "now": timezone.now(),
            "to_answer": [w for w in swaps if w.status == "awaiting_colleague"
                          and w.colleague_id in {p.pk for p in people}],
            "feed_url": request.session.pop("staffing_feed_url", None)})


# -- publishing, swaps and the calendar feed ------------------------------------------------------
def visible_roster(queryset: QuerySet, user: Any) -> QuerySet:
    """Rostered shifts `user` may see: drafts only on contracts where they are vendor staff;
    the agency and everyone else see published months only."""
    from django.db.models import Q

    from yunwei.contracts.models import Membership

    qs = restrict(queryset, user, "view")
    if user.is_superuser:
        return qs
    vendor = Membership.objects.filter(user_id=user.pk, role__in=list(VENDOR_SIDE)).values(
        "contract_id")
    return qs.filter(Q(published=True) | Q(contract_id__in=vendor))


class RosterPublishView(ScopedView):
    """The vendor PM publishes a month's roster to the agency."""

    scope_model = RosterMonth
    scope_action = "add"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.MonthForm(request.POST, user=request.user, model=RosterMonth, action="add")
        if not form.fields["contract"].queryset.exists():
            raise PermissionDenied
        if not form.is_valid():
            return HttpResponse(_("Choose a contract and a month."), status=400)
        contract = form.cleaned_data["contract"]
        year, month = form.year_month()
        try:
            roster = actions.do_publish_roster(contract.pk, year, month, actor=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            if roster.shortfall_at_publish:
                messages.warning(request, _("The roster was published with a shortfall of "
                                            "%(n)d person-shifts.")
                                 % {"n": roster.shortfall_at_publish})
            else:
                messages.success(request, _("The roster was published to the agency."))
        return HttpResponseRedirect(
            f"{reverse('staffing:roster')}?contract={contract.pk}&month={year:04d}-{month:02d}")


class RosterUnpublishView(ScopedView):
    """The vendor PM withdraws a published month back to draft, with a reason."""

    scope_model = RosterMonth
    scope_action = "change"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.UnpublishForm(request.POST, user=request.user, model=RosterMonth,
                                   action="change")
        if not form.fields["contract"].queryset.exists():
            raise PermissionDenied
        if not form.is_valid():
            if "reason" in form.errors:
                messages.error(request, _("Write why the roster is withdrawn."))
                contract, month = request.POST.get("contract", ""), request.POST.get("month", "")
                return HttpResponseRedirect(
                    f"{reverse('staffing:roster')}?contract={contract}&month={month}")
            return HttpResponse(_("Choose a contract and a month."), status=400)
        contract = form.cleaned_data["contract"]
        year, month = form.year_month()
        try:
            actions.do_unpublish_roster(contract.pk, year, month, actor=request.user,
                                        reason=form.cleaned_data["reason"])
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The roster was withdrawn to draft; the agency was "
                                        "told."))
        return HttpResponseRedirect(
            f"{reverse('staffing:roster')}?contract={contract.pk}&month={year:04d}-{month:02d}")


class SwapListView(ObjectListView):
    """Swap requests."""

    scope_model = SwapRequest
    table_class = tables.SwapRequestTable
    filterset_class = filtersets.SwapRequestFilterSet

    def base_queryset(self) -> QuerySet:
        return SwapRequest.objects.select_related(
            "requester", "colleague", "shift__pattern", "shift__person",
            "colleague_shift__pattern", "colleague_shift__person")


class SwapAddView(ScopedView):
    """An engineer asks to swap one of their shifts (phone-sized)."""

    scope_model = SwapRequest
    scope_action = "add"
    template_name = "staffing/leave_form.html"

    def _form(self, request: HttpRequest, data: Any = None) -> forms.SwapForm:
        form = forms.SwapForm(data, user=request.user,
                              initial={"shift": request.GET.get("shift")})
        if not form.fields["shift"].queryset.exists():
            messages.error(request, _("You have no shift ahead to swap."))
            raise _Redirect(reverse("staffing:my_shifts"))
        return form

    def _render(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        return render(request, self.template_name, {"form": form, "heading": _("Ask to swap a "
                                                                                "shift")},
                      status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return self._render(request, self._form(request))
        except _Redirect as r:
            return HttpResponseRedirect(r.url)

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            form = self._form(request, request.POST)
        except _Redirect as r:
            return HttpResponseRedirect(r.url)
        if not form.is_valid():
            return self._render(request, form, 400)
        data = form.cleaned_data
        try:
            swap = actions.do_request_swap(data["shift"], data["colleague"], actor=request.user,
                                           colleague_shift=data["colleague_shift"],
                                           reason=data["reason"])
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self._render(request, form, 400)
        messages.success(request, _("The swap request was sent to your colleague."))
        return HttpResponseRedirect(swap.get_absolute_url())


class _Redirect(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class SwapDetailView(ObjectDetailView):
    """A swap request with the colleague's answer and the approver's decision."""

    scope_model = SwapRequest
    template_name = "staffing/swap_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        approver = actions.terms_for(obj.contract_id).swap_approver
        roles = roles_on(user, obj.contract_id)
        return {
            "can_answer": obj.status == "awaiting_colleague" and obj.colleague.user_id == user.pk,
            "can_decide": obj.status == "awaiting_approval"
            and (approver in roles or user.is_superuser),
            "can_withdraw": obj.open and obj.requester.user_id == user.pk,
            "decision_form": forms.DecisionForm(),
        }


class _SwapStep(ScopedView):
    scope_model = SwapRequest
    scope_action = "change"

    def step(self, request: HttpRequest, swap: SwapRequest, form: Any) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        swap = get_scoped_object(SwapRequest.objects.all(), request.user, "view", pk=pk)
        form = forms.DecisionForm(request.POST)
        if not form.is_valid() and not isinstance(self, SwapWithdrawView):
            messages.error(request, _("Choose approve or refuse."))
            return HttpResponseRedirect(swap.get_absolute_url())
        try:
            self.step(request, swap, form)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The decision was recorded."))
        return HttpResponseRedirect(swap.get_absolute_url())


class SwapAnswerView(_SwapStep):
    """The colleague agrees or declines."""

    def step(self, request: HttpRequest, swap: SwapRequest, form: Any) -> None:
        actions.do_answer_swap(swap, actor=request.user, agree=form.cleaned_data["approve"])


class SwapDecideView(_SwapStep):
    """The approver of the contract's terms approves or refuses."""

    def step(self, request: HttpRequest, swap: SwapRequest, form: Any) -> None:
        actions.do_decide_swap(swap, actor=request.user, approve=form.cleaned_data["approve"],
                               note=form.cleaned_data["note"])


class SwapWithdrawView(_SwapStep):
    """The requester withdraws."""

    def step(self, request: HttpRequest, swap: SwapRequest, form: Any) -> None:
        actions.do_withdraw_swap(swap, actor=request.user)


def calendar_of(person: Person) -> bytes:
    """A person's shifts (from a month back) as iCalendar."""
    import icalendar

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
    return cal.to_ical()


@method_decorator(login_not_required, name="dispatch")
class FeedView(View):
    """A person's shifts at a secret URL, for a phone calendar that subscribes without a
    session. A wrong or revoked token is a plain 404 that reveals nothing."""

    access = "public"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        person = actions.person_for_feed(token)
        if person is None:
            raise Http404
        response = HttpResponse(calendar_of(person), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="shifts.ics"'
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response


def feed_url(request: HttpRequest, token: str) -> str:
    """The absolute feed URL of a token."""
    return request.build_absolute_uri(reverse("staffing:feed", args=[token]))


class PersonFeedView(ScopedView):
    """The person issues (or regenerates) their feed URL, or revokes it (the PM too)."""

    scope_model = Person

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        person = get_scoped_object(Person.objects.all(), request.user, "view", pk=pk)
        try:
            if "revoke" in request.POST:
                actions.do_revoke_feed(person, actor=request.user)
                messages.success(request, _("The calendar feed was revoked."))
            else:
                token = actions.do_issue_feed(person, actor=request.user)
                request.session["staffing_feed_url"] = feed_url(request, token)
                messages.success(request, _("Your new calendar feed address is below; the old "
                                            "one no longer works."))
        except Refused as exc:
            messages.error(request, exc.message)
        back = request.POST.get("next") or ""
        if back.startswith("/") and not back.startswith("//"):
            return HttpResponseRedirect(back)
        return HttpResponseRedirect(person.get_absolute_url())


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
    nxt = last + dt.timedelta(days=1)
    nxt_last = nxt.replace(day=pycal.monthrange(nxt.year, nxt.month)[1])
    nxt_roster = actions.roster_state(contract.pk, nxt)
    vendor = request.user.is_superuser or bool(roles_on(request.user, contract.pk) & VENDOR_SIDE)
    nxt_published = nxt_roster is not None and nxt_roster.status == "published"
    return {
        "contract": contract,
        # before next month starts: its shortfall (the agency once it is published)
        "next_month": f"{nxt:%Y-%m}",
        "next_published": nxt_published,
        "next_shortfall": sum(r.shortfall for r in actions.coverage(contract.pk, nxt, nxt_last))
        if vendor or nxt_published else None,
        "posts": Post.objects.filter(contract=contract).prefetch_related("patterns"),
        "staff": Person.objects.filter(contract=contract, active=True).count(),
        "pending": Person.objects.filter(contract=contract, entry_status="pending").count(),
        "shortfall": sum(r.shortfall for r in rows),
        "month": f"{first:%Y-%m}",
    }


class DeskPanelView(ScopedView):
    """The desk dashboard's "on duty now" section alone (`?contract=`), which the section
    fetches every minute (HTMX) to refresh itself: scoped like the panel, 404 off the
    contract, 403 for those on it who may not see the roster (requesters)."""

    scope_model = RosterShift

    def get(self, request: HttpRequest) -> HttpResponse:
        from yunwei.contracts.models import Contract

        try:
            pk = int(request.GET.get("contract", ""))
        except ValueError:
            raise Http404 from None
        if not (request.user.is_superuser or roles_on(request.user, pk)):
            raise Http404
        contract = Contract.objects.filter(pk=pk).first()
        if contract is None:
            raise Http404
        panel = desk_panel(request, contract)
        if panel is None:
            raise PermissionDenied
        response = render(request, "staffing/desk_panel.html", {"panel": panel})
        response["X-Yunwei-Fragment"] = "on-duty-now"  # the page swaps only this in
        response["Cache-Control"] = "no-store"
        return response


def desk_panel(request: HttpRequest, contract: Any) -> dict[str, Any] | None:
    """The service desk dashboard's "on duty now" section: per post's running shift, who is
    on duty (phone to call for the desk, masked for those who may not see it) and the gap
    against the contract's required headcount. Drafts show people to the vendor only."""
    if not can_on_contract(request.user, RosterShift, "view", contract.pk):
        return None
    roles = roles_on(request.user, contract.pk)
    vendor = request.user.is_superuser or bool(roles & VENDOR_SIDE)
    now = timezone.now()
    rows = actions.live_coverage(contract.pk, now)
    hidden = False
    for row in rows:
        people = []
        for shift in row["shifts"]:
            if not (shift.published or vendor):
                hidden = True
                continue
            phone, callable_ = shift.person.duty_phone(roles, request.user.is_superuser)
            people.append({"name": shift.person.name, "phone": phone, "callable": callable_,
                           "on_leave": shift.on_leave})
        row["people"] = people
    # a shift of an unpublished month has no shortfall to give (its people are a draft)
    return {"contract": contract, "now": now, "rows": rows, "hidden": hidden, "vendor": vendor,
            "unpublished": any(not r["published"] for r in rows),
            "gaps": sum(r["gap"] for r in rows if r["published"])}
