"""The work order page and everything done from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yunwei.calendars import actions as clock_actions
from yunwei.calendars.models import PauseReason
from yunwei.core import panels
from yunwei.core.errors import in_language
from yunwei.core.scoping import can, get_scoped_object
from yunwei.core.views.generic import ObjectDetailView, ScopedView
from yunwei.worktime import format_duration

from .. import actions, lifecycle
from ..forms import ResolutionForm, transition_form
from ..models import Attachment, WorkOrder


def _lang() -> str:
    from django.utils.translation import get_language

    return "en" if (get_language() or "").startswith("en") else "zh"


def _clocks(wo: WorkOrder) -> list[dict[str, Any]]:
    now = timezone.now()
    lang = _lang()
    rows = []
    for record in actions.clocks_of(wo):
        status = clock_actions.clock_status(record, now)
        rows.append({
            "record": record,
            "status": status,
            "metric": record.target.get_metric_display(),
            "limit": format_duration(record.terms.minutes * 60, lang),  # the clock's own terms
            "clause": record.terms.clause,
            "effective_from": record.terms.effective_from,
            "remaining": format_duration(abs(status.remaining), lang),
            "steps": list(status.explanation.steps) + list(status.extensions)
            if status.explanation else [],
        })
    return rows


def detail_context(request: HttpRequest, wo: WorkOrder) -> dict[str, Any]:
    """What the work order page shows (also after a conflict)."""
    user = request.user
    roles = actions.work_order_roles(wo, user)
    may_change = can(user, wo, "change")
    transitions = lifecycle.available(wo.state, roles, actions.conditions(wo)) \
        if may_change else []
    may_record = may_change and lifecycle.may_edit(lifecycle.EDIT_RULES[1], wo.state, roles)
    return {
        "clocks": _clocks(wo),
        "transitions": transitions,
        "events": wo.events.select_related("actor").order_by("at", "id"),
        "attachments": wo.attachments.order_by("created"),
        "evaluation": getattr(wo, "evaluation", None) if hasattr(wo, "evaluation") else None,
        "record_form": ResolutionForm(work_order=wo, initial={
            f: getattr(wo, f) for f in lifecycle.RESOLUTION_FIELDS})
        if may_record else None,
        "may_attach": may_change and lifecycle.may_edit(lifecycle.ATTACHMENT_RULE, wo.state,
                                                        roles),
        "may_comment": may_change,
        "pending_pause": PauseReason.objects.filter(
            policy__contract_id=wo.contract_id, code=wo.pending_pause).values_list(
            "name", flat=True).first() if wo.pending_pause else None,
        "missing": [lifecycle.FIELD_LABELS[f][0 if _lang() == "zh" else 1]
                    for f in lifecycle.RESOLUTION_FIELDS
                    if not getattr(wo, f).strip()],
        "object_panels": panels.object_panels_for(request, wo),  # other apps' sections
    }


class WorkOrderDetailView(ObjectDetailView):
    """One work order: deadlines explained, record, actions, timeline, sign-off, history."""

    scope_model = WorkOrder
    template_name = "workorders/workorder_detail.html"

    def base_queryset(self) -> QuerySet:
        return WorkOrder.objects.select_related("contract", "assignee", "requester", "equipment",
                                                "resolved_by")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return detail_context(self.request, obj)


def _conflict(request: HttpRequest, exc: actions.Conflict) -> HttpResponse:
    wo = WorkOrder.objects.select_related("contract", "assignee", "requester").get(
        pk=exc.work_order.pk)
    messages.error(request, _("Someone else changed this work order meanwhile. Here is its "
                              "current state; check it and try again."))
    view = WorkOrderDetailView()
    view.request = request
    from django.core.paginator import Paginator

    from yunwei.core.models import AuditEvent

    ctx = {"object": wo, "history": Paginator(AuditEvent.objects.for_object(wo), 50).get_page(1),
           "can_change": can(request.user, wo, "change"), "can_delete": False,
           **view.model_context(), **detail_context(request, wo)}
    return render(request, view.template_name, ctx, status=409)


class WorkOrderActView(ScopedView):
    """Do one lifecycle step (GET shows its small form, POST does it)."""

    scope_model = WorkOrder
    scope_action = "change"
    template_name = "workorders/act.html"

    def _get(self, request: HttpRequest, pk: Any, code: str) -> tuple[WorkOrder, Any]:
        wo = get_scoped_object(WorkOrder.objects.all(), request.user, "change", pk=pk)
        transition = lifecycle.BY_CODE.get(code)
        if transition is None:
            raise PermissionDenied
        return wo, transition

    def get(self, request: HttpRequest, pk: Any, code: str) -> HttpResponse:
        wo, transition = self._get(request, pk, code)
        form = transition_form(code)(work_order=wo, actor=request.user)
        return render(request, self.template_name,
                      {"object": wo, "form": form, "transition": transition})

    def post(self, request: HttpRequest, pk: Any, code: str) -> HttpResponse:
        wo, transition = self._get(request, pk, code)
        form = transition_form(code)(request.POST, request.FILES, work_order=wo,
                                     actor=request.user)
        ctx = {"object": wo, "form": form, "transition": transition}
        if not form.is_valid():
            return render(request, self.template_name, ctx, status=400)
        data = dict(form.cleaned_data)
        version = data.pop("version")
        consent = data.pop("consent", None)
        uploads = [consent] if consent is not None else []
        uploads += [*data.pop("attachment", []), *data.pop("photos", [])]
        record = {name: data.pop(name) for name in lifecycle.RESOLUTION_FIELDS if name in data}
        try:
            with transaction.atomic():
                if record:  # the record and the step together, or neither
                    wo = actions.do_update_workorder(wo.pk, actor=request.user,
                                                     version=version, **record)
                    version = wo.version
                for upload in uploads:  # before the step: it may end the time to attach
                    actions.do_add_attachment(wo, actor=request.user, name=upload.name,
                                              content=upload.read(),
                                              content_type=upload.content_type or "")
                wo = actions.do_transition(wo.pk, code, actor=request.user, version=version,
                                           **data)
        except actions.Conflict as exc:
            return _conflict(request, exc)
        except (lifecycle.TransitionError, actions.InputError) as exc:
            form.add_error(None, in_language(exc))
            ctx["error_en"] = exc.en
            return render(request, self.template_name, ctx, status=400)
        messages.success(request, _("Done: %(action)s.") % {
            "action": transition.label_en if _lang() == "en"
            else transition.label_zh})
        return HttpResponseRedirect(wo.get_absolute_url())


class WorkOrderRecordView(ScopedView):
    """Save the engineer's record (analysis, steps, verification, an attachment)."""

    scope_model = WorkOrder
    scope_action = "change"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        wo = get_scoped_object(WorkOrder.objects.all(), request.user, "change", pk=pk)
        form = ResolutionForm(request.POST, request.FILES, work_order=wo)
        if not form.is_valid():
            messages.error(request, _("The record could not be saved."))
            return HttpResponseRedirect(wo.get_absolute_url())
        data = dict(form.cleaned_data)
        uploads = [*data.pop("attachment", []), *data.pop("photos", [])]
        try:
            with transaction.atomic():
                wo = actions.do_update_workorder(wo.pk, actor=request.user,
                                                 version=data.pop("version"), **data)
                for upload in uploads:
                    actions.do_add_attachment(wo, actor=request.user, name=upload.name,
                                              content=upload.read(),
                                              content_type=upload.content_type or "")
        except actions.Conflict as exc:
            return _conflict(request, exc)
        except actions.InputError as exc:
            messages.error(request, in_language(exc))
            return HttpResponseRedirect(wo.get_absolute_url())
        messages.success(request, _("The record was saved."))
        return HttpResponseRedirect(wo.get_absolute_url() + "#record")


class WorkOrderCommentView(ScopedView):
    """Add a comment to the timeline."""

    scope_model = WorkOrder
    scope_action = "change"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        wo = get_scoped_object(WorkOrder.objects.all(), request.user, "change", pk=pk)
        try:
            actions.do_comment(wo, actor=request.user, note=request.POST.get("note", ""))
        except actions.InputError as exc:
            messages.error(request, in_language(exc))
        return HttpResponseRedirect(wo.get_absolute_url() + "#timeline")


class AttachmentDownloadView(ScopedView):
    """Download an attachment (scoped like its work order)."""

    scope_model = Attachment

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        attachment = get_scoped_object(Attachment.objects.all(), request.user, "view", pk=pk)
        response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                                filename=attachment.name,
                                content_type=attachment.content_type or None)
        response["X-Content-Type-Options"] = "nosniff"
        return response


def localize(value: dt.datetime | None) -> str:
    """Local time text for templates."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


class WorkOrderPrintView(ScopedView):
    """The printable work order (PDF) for the paper archive."""

    scope_model = WorkOrder

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        from django.http import HttpResponse as Plain

        from ..printing import PdfUnavailable, workorder_pdf

        wo = get_scoped_object(WorkOrder.objects.select_related(
            "contract__agency", "contract__vendor", "assignee", "equipment", "resolved_by"),
            request.user, "view", pk=pk)
        try:
            pdf = workorder_pdf(wo)
        except PdfUnavailable as exc:
            message = f"无法生成 PDF（缺少 WeasyPrint 所需的系统库 pango）/ PDF unavailable: {exc}"
            return Plain(message, status=503, content_type="text/plain; charset=utf-8")
        response = Plain(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{wo.number}.pdf"'
        return response
