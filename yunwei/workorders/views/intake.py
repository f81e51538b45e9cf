"""Intake: the desk logs a call; a requester reports a problem; phone-first notices."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from yunwei.contracts.models import Membership
from yunwei.core.errors import in_language
from yunwei.core.roles import Role
from yunwei.core.scoping import contracts_for, get_scoped_object
from yunwei.core.views.generic import ObjectDetailView, ObjectListView, ScopedView
from yunwei.worktime import CalendarError

from .. import actions
from ..choices import Channel
from ..filtersets import PhoneNoticeFilterSet
from ..forms import DeskIntakeForm, PhoneNoticeForm, SelfServiceForm
from ..models import PhoneNotice, WorkOrder
from ..tables import PhoneNoticeTable


class _IntakeView(ScopedView):
    scope_model = WorkOrder
    scope_action = "add"
    template_name = "workorders/intake.html"
    form_class: Any = DeskIntakeForm
    heading = ""

    def allowed_contracts(self, request: HttpRequest) -> Any:
        return contracts_for(request.user, self.scope_model, "add")

    def get(self, request: HttpRequest) -> HttpResponse:
        contracts = self.allowed_contracts(request)
        if not contracts.exists():
            raise PermissionDenied
        return self.render(request, self.form_class(user=request.user, contracts=contracts))

    def render(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        return render(request, self.template_name, {"form": form, "heading": self.heading},
                      status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        contracts = self.allowed_contracts(request)
        if not contracts.exists():
            raise PermissionDenied
        form = self.form_class(request.POST, request.FILES, user=request.user,
                               contracts=contracts)
        if not form.is_valid():
            return self.render(request, form, status=400)
        try:
            wo = self.create(request, form.cleaned_data)
        except (actions.InputError, CalendarError) as exc:  # CalendarError: a target's limit
            field = getattr(exc, "field", None)
            message = in_language(exc)
            form.add_error(field if field in form.fields else None, message)
            return self.render(request, form, status=400)
        messages.success(request, _("Work order %(number)s was logged.") % {"number": wo.number})
        return HttpResponseRedirect(wo.get_absolute_url())


class DeskIntakeView(_IntakeView):
    """The service desk logs a call, a QQ message or a walk-in."""

    form_class = DeskIntakeForm
    #: Requesters report through the self-service page, not the desk's form.
    only_roles = frozenset({Role.SERVICE_DESK, Role.AGENCY_ADMIN, Role.AGENCY_LIAISON,
                            Role.VENDOR_PM})

    def allowed_contracts(self, request: HttpRequest) -> Any:
        qs = contracts_for(request.user, WorkOrder, "add")
        if request.user.is_superuser:
            return qs
        mine = Membership.objects.filter(user=request.user, role__in=self.only_roles)
        return qs.filter(pk__in=mine.values("contract_id"))

    def create(self, request: HttpRequest, data: dict[str, Any]) -> WorkOrder:
        return actions.do_create_workorder(
            data["contract"], actor=request.user, title=data["title"], channel=data["channel"],
            description=data["description"], requester=data.get("requester"),
            requester_name=data["requester_name"], requester_contact=data["requester_contact"],
            location=data["location"], category=data["category"], equipment=data["equipment"],
            affected_equipment=data["affected_equipment"], level_code=data["level_code"],
            reported_at=data.get("reported_at"))


class SelfServiceView(_IntakeView):
    """A requester reports a problem and then follows it in their own queue."""

    form_class = SelfServiceForm

    def allowed_contracts(self, request: HttpRequest) -> Any:
        return contracts_for(request.user, WorkOrder, "add")  # the user reports for themselves

    def create(self, request: HttpRequest, data: dict[str, Any]) -> WorkOrder:
        with transaction.atomic():
            wo = actions.do_create_workorder(
                data["contract"], actor=request.user, title=data["title"],
                channel=Channel.SELF_SERVICE, description=data["description"],
                requester=request.user, requester_contact=data["requester_contact"],
                location=data["location"])
            for upload in data.get("photos") or []:  # the requester may attach while new
                actions.do_add_attachment(wo, actor=request.user, name=upload.name,
                                          content=upload.read(),
                                          content_type=upload.content_type or "")
        return wo


class PhoneNoticeListView(ObjectListView):
    """Phone-first notices."""

    scope_model = PhoneNotice
    table_class = PhoneNoticeTable
    filterset_class = PhoneNoticeFilterSet

    def base_queryset(self) -> QuerySet:
        return PhoneNotice.objects.select_related("engineer", "work_order")


class PhoneNoticeDetailView(ObjectDetailView):
    """One phone-first notice."""

    scope_model = PhoneNotice
    template_name = "workorders/phonenotice_detail.html"


class PhoneNoticeAddView(ScopedView):
    """The desk records the phone call to the engineer."""

    scope_model = PhoneNotice
    scope_action = "add"
    template_name = "workorders/intake.html"

    def _check(self, request: HttpRequest) -> None:
        if not contracts_for(request.user, PhoneNotice, "add").exists():
            raise PermissionDenied

    def get(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        return render(request, self.template_name, {"form": PhoneNoticeForm(user=request.user)})

    def post(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        form = PhoneNoticeForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                notice = actions.do_log_phone_notice(
                    data["contract"], actor=request.user, title=data["title"],
                    engineer=data["engineer"], description=data["description"],
                    requester_name=data["requester_name"],
                    requester_contact=data["requester_contact"], location=data["location"],
                    level_code=data["level_code"])
            except (actions.InputError, CalendarError) as exc:
                form.add_error(None, in_language(exc))
            else:
                return HttpResponseRedirect(notice.get_absolute_url())
        return render(request, self.template_name, {"form": form}, status=400)


class PhoneNoticeSolveView(ScopedView):
    """Mark a phone-first notice solved within its window."""

    scope_model = PhoneNotice
    scope_action = "change"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        notice = get_scoped_object(PhoneNotice.objects.all(), request.user, "change", pk=pk)
        try:
            actions.do_solve_phone_notice(notice.pk, actor=request.user,
                                          note=request.POST.get("note", ""))
        except actions.InputError as exc:
            messages.error(request, in_language(exc))
        return HttpResponseRedirect(notice.get_absolute_url())
