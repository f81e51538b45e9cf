"""Views of the inventory app: thin translations of requests into actions."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from yunwei.core import xlsx
from yunwei.core.errors import Refused
from yunwei.core.scoping import can, can_on_contract, contracts_for, get_scoped_object, restrict
from yunwei.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedView,
)

from . import actions, importer, reports
from .choices import FieldKind
from .filtersets import (
    ConfigItemFilterSet,
    InspectionPlanFilterSet,
    InspectionRoundFilterSet,
    InspectionTemplateFilterSet,
    ItemTypeFilterSet,
    OutageFilterSet,
)
from .forms import (
    AvailabilityTargetForm,
    ConfigItemForm,
    ImportForm,
    InspectionPlanForm,
    InspectionTemplateForm,
    ItemTypeForm,
    MaintenanceWindowForm,
    OutageForm,
    TemplateCheckForm,
)
from .models import (
    AvailabilityTarget,
    ConfigItem,
    InspectionPlan,
    InspectionRound,
    InspectionTemplate,
    ItemType,
    MaintenanceWindow,
    Outage,
    RoundResult,
    TemplateCheck,
)
from .tables import (
    ConfigItemTable,
    InspectionPlanTable,
    InspectionRoundTable,
    InspectionTemplateTable,
    ItemTypeTable,
    OutageTable,
)


class _Initial:
    """Edit views that take initial values from the query string (?contract=, ?template=)."""

    initial_params: tuple[str, ...] = ("contract",)

    def get_form(self, request: Any, obj: Any, data: Any = None) -> Any:
        form = super().get_form(request, obj, data)  # type: ignore[misc]
        if obj.pk is None:
            for name in self.initial_params:
                if request.GET.get(name) and name in form.fields:
                    form.fields[name].initial = request.GET.get(name)
        return form


# -- items ----------------------------------------------------------------------------------
class ConfigItemListView(ObjectListView):
    """The configuration items across the user's contracts."""

    scope_model = ConfigItem
    table_class = ConfigItemTable
    filterset_class = ConfigItemFilterSet
    template_name = "inventory/configitem_list.html"

    def base_queryset(self) -> QuerySet:
        return ConfigItem.objects.select_related("contract", "item_type")

    def extra_context(self) -> dict[str, Any]:
        return {"can_import": ConfigItemImportView.allowed(self.request.user)}


class ConfigItemDetailView(ObjectDetailView):
    """One item: its fields, relations, work orders, inspections, outages and history."""

    scope_model = ConfigItem
    template_name = "inventory/configitem_detail.html"

    def base_queryset(self) -> QuerySet:
        return ConfigItem.objects.select_related("contract", "item_type", "equipment")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        from yunwei.workorders.models import WorkOrder

        from .choices import LIFECYCLE_NEXT, Lifecycle
        from .models import WorkOrderItem

        linked = WorkOrderItem.objects.filter(item=obj).values("work_order_id")
        orders = WorkOrder.objects.filter(contract_id=obj.contract_id).filter(
            pk__in=linked) | WorkOrder.objects.filter(
            contract_id=obj.contract_id, equipment_id=obj.equipment_id or -1)
        orders = restrict(orders.distinct(), self.request.user, "view").order_by(
            "-reported_at")[:50]
        fields = [(f["label"], obj.attrs.get(f["code"], "")) for f in obj.item_type.fields]
        return {
            "fields": fields,
            "relations_out": obj.relations_out.select_related("target"),
            "relations_in": obj.relations_in.select_related("source"),
            "orders": orders,
            "results": RoundResult.objects.filter(item=obj).select_related(
                "round__plan", "point", "work_order").order_by("-checked_at")[:50],
            "outages": obj.outages.select_related("work_order")[:50],
            "steps": [(s, Lifecycle(s).label) for s in sorted(
                LIFECYCLE_NEXT.get(obj.lifecycle, set()))] if obj.item_type.has_lifecycle
            else [],
        }

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        self.request = request
        return super().get(request, pk)


class WorkOrderItemsView(ScopedView):
    """Name (or stop naming) the configuration items a work order is about (`work_order` in
    the form); posted from the work order's page, back to it."""

    scope_model = ConfigItem

    def post(self, request: HttpRequest) -> HttpResponse:
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        from yunwei.workorders.models import WorkOrder

        pk = request.POST.get("work_order", "")
        if not pk.isdigit():
            raise Http404
        wo = get_scoped_object(WorkOrder.objects.all(), request.user, "view", pk=int(pk))
        if not can_on_contract(request.user, ConfigItem, "view", wo.contract_id):
            raise PermissionDenied
        try:
            if request.POST.get("outage"):
                item = ConfigItem.objects.filter(contract_id=wo.contract_id,
                                                 pk=request.POST.get("outage")).first()
                if item is None:
                    raise Refused("配置项不存在", "no such item", "item")
                outage = actions.do_outage_from_work_order(item, wo, request.user)
                return HttpResponseRedirect(outage.get_absolute_url())
            if request.POST.get("unlink"):
                item = ConfigItem.objects.filter(contract_id=wo.contract_id,
                                                 pk=request.POST.get("unlink")).first()
                if item is None:
                    raise Refused("配置项不存在", "no such item", "item")
                actions.do_unlink_work_order(item, wo, request.user)
                messages.success(request, _("No longer linked: %(item)s") % {"item": item})
            else:
                item = actions.find_item(wo.contract_id, request.POST.get("item", ""))
                actions.do_link_work_order(item, wo, request.user)
                messages.success(request, _("Linked: %(item)s") % {"item": item})
        except Refused as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(f"{wo.get_absolute_url()}#items")


class ConfigItemEditView(_Initial, ObjectEditView):
    """Add or edit an item (?type= chooses the type's fields for a new one)."""

    scope_model = ConfigItem
    form_class = ConfigItemForm

    def get_form(self, request: Any, obj: Any, data: Any = None) -> Any:
        t = None
        if obj.pk is None and request.GET.get("type"):
            t = restrict(ItemType.objects.all(), request.user, "view").filter(
                pk=request.GET.get("type")).first()
        form = ConfigItemForm(data=data, instance=obj, user=request.user, item_type=t)
        if obj.pk is None and request.GET.get("contract"):
            form.fields["contract"].initial = request.GET.get("contract")
        return form


class ConfigItemDeleteView(ObjectDeleteView):
    """Delete an item."""

    scope_model = ConfigItem
    success_url_name = "inventory:configitem_list"


class ConfigItemLifecycleView(ScopedView):
    """Take one lifecycle step of a cloud resource."""

    scope_model = ConfigItem
    scope_action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = get_scoped_object(ConfigItem.objects.all(), request.user, "change", pk=pk)
        try:
            actions.do_lifecycle_step(item, request.user, request.POST.get("step", ""))
        except Refused as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(item.get_absolute_url())


class ConfigItemExportView(ScopedView):
    """The items of one contract as an Excel workbook (the import's format)."""

    scope_model = ConfigItem

    def get(self, request: HttpRequest) -> HttpResponse:
        contracts = contracts_for(request.user, ConfigItem, "view")
        contract = contracts.filter(pk=request.GET.get("contract") or 0).first() \
            or contracts.first()
        data = importer.export(contract)  # None: an empty workbook
        response = HttpResponse(data, content_type=xlsx.CONTENT_TYPE)
        name = f"items-{getattr(contract, 'pk', 0)}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ConfigItemImportView(ScopedView):
    """Upload a workbook, see the preview (every row checked), then confirm: all or nothing."""

    scope_model = ConfigItem
    scope_action = "add"
    template_name = "inventory/import.html"
    salt = "inventory.import"

    @staticmethod
    def allowed(user: Any) -> bool:
        """Whether the user may import (the list shows the link by this same rule)."""
        return contracts_for(user, ConfigItem, "add").exists()

    def _check(self, request: HttpRequest) -> None:
        from django.core.exceptions import PermissionDenied

        if not self.allowed(request.user):
            raise PermissionDenied

    def get(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        return render(request, self.template_name, {"form": ImportForm(user=request.user)})

    def post(self, request: HttpRequest) -> HttpResponse:
        self._check(request)
        if request.POST.get("token"):
            return self._confirm(request)
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        data = form.cleaned_data["file"].read()
        contract, item_type = form.cleaned_data["contract"], form.cleaned_data["item_type"]
        result = importer.preview(contract, data, item_type)
        token = ""
        if result.ok:
            name = default_storage.save("inventory/imports/upload.xlsx", ContentFile(data))
            token = signing.dumps({"file": name, "contract": contract.pk,
                                   "type": item_type.pk if item_type else None,
                                   "user": request.user.pk}, salt=self.salt)
        return render(request, self.template_name, {
            "form": form, "preview": result, "token": token, "contract": contract},
            status=200 if result.ok else 400)

    def _confirm(self, request: HttpRequest) -> HttpResponse:
        try:
            ticket = signing.loads(request.POST["token"], salt=self.salt, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("The preview has expired: upload the file again."))
            return HttpResponseRedirect(request.path)
        if ticket["user"] != request.user.pk:
            messages.error(request, _("The preview has expired: upload the file again."))
            return HttpResponseRedirect(request.path)
        contract = contracts_for(request.user, ConfigItem, "add").filter(
            pk=ticket["contract"]).first()
        item_type = ItemType.objects.filter(pk=ticket["type"], contract=contract).first() \
            if ticket["type"] else None
        if contract is None or not default_storage.exists(ticket["file"]):
            messages.error(request, _("The preview has expired: upload the file again."))
            return HttpResponseRedirect(request.path)
        with default_storage.open(ticket["file"], "rb") as fh:
            data = fh.read()
        try:
            result = importer.do_import(contract, request.user, data, item_type)
        except Refused as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(request.path)
        default_storage.delete(ticket["file"])
        messages.success(request, _("Imported: %(new)s new, %(changed)s changed, %(same)s "
                                    "unchanged.") % {"new": len(result.create),
                                                     "changed": len(result.update),
                                                     "same": result.unchanged})
        return HttpResponseRedirect(f"/inventory/?contract={contract.pk}")


# -- types ----------------------------------------------------------------------------------
class ItemTypeListView(ObjectListView):
    """Item types."""

    scope_model = ItemType
    table_class = ItemTypeTable
    filterset_class = ItemTypeFilterSet


class ItemTypeDetailView(ObjectDetailView):
    """One type and its fields."""

    scope_model = ItemType
    template_name = "inventory/itemtype_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        kinds = dict(FieldKind.choices)
        return {"type_fields": [{**f, "kind_label": kinds.get(f["kind"], f["kind"])}
                                for f in obj.fields or []]}


class ItemTypeEditView(_Initial, ObjectEditView):
    """Add or edit a type, its own fields one row each ("more rows" shows the form again
    with blank rows added, saving nothing)."""

    scope_model = ItemType
    form_class = ItemTypeForm
    template_name = "inventory/itemtype_edit.html"

    def post(self, request: Any, pk: Any | None = None) -> Any:
        if "more_rows" in request.POST:
            obj = self.get_object(request, pk)
            return self.render_form(request, obj, self.get_form(request, obj, request.POST))
        return super().post(request, pk)


# -- inspection templates and plans ---------------------------------------------------------
class InspectionTemplateListView(ObjectListView):
    """Inspection templates."""

    scope_model = InspectionTemplate
    table_class = InspectionTemplateTable
    filterset_class = InspectionTemplateFilterSet


class InspectionTemplateDetailView(ObjectDetailView):
    """A template and its checks."""

    scope_model = InspectionTemplate
    template_name = "inventory/inspectiontemplate_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"checks": obj.checks.all()}


class InspectionTemplateEditView(_Initial, ObjectEditView):
    """Add or edit a template."""

    scope_model = InspectionTemplate
    form_class = InspectionTemplateForm


class TemplateCheckEditView(_Initial, ObjectEditView):
    """Add or edit a check of a template."""

    scope_model = TemplateCheck
    form_class = TemplateCheckForm
    initial_params = ("contract", "template")


class InspectionPlanListView(ObjectListView):
    """Inspection plans."""

    scope_model = InspectionPlan
    table_class = InspectionPlanTable
    filterset_class = InspectionPlanFilterSet


class InspectionPlanDetailView(ObjectDetailView):
    """A plan with its latest rounds."""

    scope_model = InspectionPlan
    template_name = "inventory/inspectionplan_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"rounds": obj.rounds.all()[:31]}


class InspectionPlanEditView(_Initial, ObjectEditView):
    """Add or edit a plan; its rounds up to today are generated by a one-off job."""

    scope_model = InspectionPlan
    form_class = InspectionPlanForm

    def after_save(self, obj: Any) -> None:
        from yunwei.core import jobs

        jobs.schedule("inventory.plan_rounds",
                      kwargs={"plan_id": obj.pk, "first": obj.starts.isoformat()})


# -- rounds ---------------------------------------------------------------------------------
class InspectionRoundListView(ObjectListView):
    """Inspection rounds, latest first."""

    scope_model = InspectionRound
    table_class = InspectionRoundTable
    filterset_class = InspectionRoundFilterSet
    template_name = "inventory/round_list.html"

    def base_queryset(self) -> QuerySet:
        return InspectionRound.objects.select_related("contract", "plan")


class InspectionRoundDetailView(ObjectDetailView):
    """A round on a phone: every item with its checks, one form per item."""

    scope_model = InspectionRound
    template_name = "inventory/round_detail.html"

    def base_queryset(self) -> QuerySet:
        return InspectionRound.objects.select_related("contract", "plan__template")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        checks = list(TemplateCheck.objects.filter(template_id=obj.plan.template_id))
        items = ConfigItem.objects.filter(pk__in=actions.plan_items(obj.plan)).order_by("code")
        results = {(r.item_id, r.point_id): r for r in RoundResult.objects.filter(
            round=obj).select_related("work_order")}
        rows = []
        for item in items:
            lines = [(c, results.get((item.pk, c.pk))) for c in checks]
            rows.append({"item": item, "lines": lines,
                         "done": all(r is not None for _c, r in lines)})
        user = self.request_user
        return {"rows": rows, "checks": checks,
                "can_record": can(user, obj, "change") and (
                    user.is_superuser or bool(_roles(user, obj) & {"vendor_pm",
                                                                   "vendor_engineer"})),
                "can_review": obj.state == "done" and (
                    user.is_superuser or bool(_roles(user, obj) & actions.REVIEWERS)),
                "done_count": sum(1 for r in rows if r["done"]),
                "sw_version": sw_version()}

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        self.request_user = request.user
        return super().get(request, pk)


#: What the rounds' service worker keeps besides the page: its version is their hash.
SW_FILES = ("inventory/round_sw.js", "inventory/round_cache.js", "inventory/round_offline.js",
            "inventory/round.css", "core/yunwei.css", "core/yunwei.js",
            "vendor/htmx/htmx.min.js")


@functools.cache
def sw_version() -> str:
    """The rounds' service worker's version: a hash of the files it serves and keeps (a new
    deployment that changes one installs a new worker, which drops the old copies)."""
    import hashlib

    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    for name in SW_FILES:
        path = finders.find(name)
        digest.update(name.encode())
        if path:
            with open(path, "rb") as fh:
                digest.update(fh.read())
    return digest.hexdigest()[:12]


class RoundServiceWorkerView(View):
    """The rounds' service worker (static/inventory/round_sw.js), served under
    /inventory/rounds/ so that its scope is the round pages and nothing else."""

    access = "authenticated"  # the script itself: the same for everyone, no data

    def get(self, request: HttpRequest) -> HttpResponse:
        from django.contrib.staticfiles import finders

        with open(finders.find("inventory/round_sw.js"), "rb") as fh:
            body = fh.read()
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
        response["Cache-Control"] = "no-cache"  # the browser checks for a new worker
        return response


def _roles(user: Any, obj: Any) -> frozenset[str]:
    from yunwei.core.scoping import roles_on

    return roles_on(user, obj.contract_id)


class InspectionRoundRecordView(ScopedView):
    """Record the checks of one item (kept at once: a weak connection loses at most one
    item)."""

    scope_model = InspectionRound
    scope_action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rnd = get_scoped_object(InspectionRound.objects.select_related("plan", "contract"),
                                request.user, "change", pk=pk)
        item = ConfigItem.objects.filter(contract_id=rnd.contract_id,
                                         pk=request.POST.get("item") or 0).first()
        if item is None:
            messages.error(request, _("Choose an item of this round."))
            return HttpResponse(status=400) if not request.POST else HttpResponseRedirect(
                rnd.get_absolute_url())
        try:
            for check in TemplateCheck.objects.filter(template_id=rnd.plan.template_id):
                outcome = request.POST.get(f"outcome_{check.pk}", "")
                if not outcome:
                    continue
                actions.do_record_result(
                    rnd, actor=request.user, item=item, check=check, outcome=outcome,
                    value=request.POST.get(f"value_{check.pk}", ""),
                    note=request.POST.get(f"note_{check.pk}", ""),
                    photo=request.FILES.get(f"photo_{check.pk}"))
        except Refused as exc:
            messages.error(request, f"{item}: {exc.message}")
        else:
            messages.success(request, _("Saved: %(item)s") % {"item": item})
        return HttpResponseRedirect(f"{rnd.get_absolute_url()}#item-{item.pk}")


class InspectionRoundSyncView(ScopedView):
    """The intake of a phone's offline queue: a batch of answers, each with the key the
    phone gave it (multipart: `answers` as JSON, a photo as `photo_<key>`). Answers as JSON:
    saved / unchanged (the same key again) / superseded / refused with the reason; a round
    already reviewed answers 409 with the reason, and the phone keeps nothing more."""

    scope_model = InspectionRound
    scope_action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        import json

        from django.http import JsonResponse

        rnd = get_scoped_object(InspectionRound.objects.select_related("plan", "contract"),
                                request.user, "change", pk=pk)
        try:
            answers = json.loads(request.POST.get("answers") or "null")
            if not isinstance(answers, list) or not all(isinstance(a, dict) for a in answers):
                raise ValueError
        except ValueError:
            return JsonResponse({"error": _("The answers could not be read; reload the "
                                            "page and fill them again.")}, status=400)
        if rnd.state == "reviewed":
            return JsonResponse({"error": _("This round has already been reviewed: the "
                                            "answers kept on this phone were not saved."),
                                 "conflict": True}, status=409)
        status, payload = intake_answers(rnd, request.user, answers, request.FILES)
        return JsonResponse(payload, status=status)


def intake_answers(rnd: InspectionRound, user: Any, answers: list[dict[str, Any]],
                   files: Any) -> tuple[int, dict[str, Any]]:
    """Record a batch of answers (the phone's queue, or an API call) through
    `do_intake_answer`, one by one: (HTTP status, answer as JSON). A round reviewed
    meanwhile is a 409 with the reason."""
    from django.utils.dateparse import parse_datetime

    def number(value: Any) -> int | None:
        text = str(value if value is not None else "")
        return int(text) if text.isdigit() and len(text) < 16 else None

    checks = {c.pk: c for c in TemplateCheck.objects.filter(template_id=rnd.plan.template_id)}
    item_ids = {n for a in answers if (n := number(a.get("item"))) is not None}
    items = ConfigItem.objects.filter(contract_id=rnd.contract_id, pk__in=item_ids).in_bulk()
    out = []
    for a in answers:
        key = str(a.get("key", ""))[:64]
        line: dict[str, Any] = {"key": key, "item": a.get("item"), "check": a.get("check")}
        item = items.get(number(a.get("item")) or 0)
        check = checks.get(number(a.get("check")) or 0)
        try:
            try:
                at = parse_datetime(str(a.get("at") or "")) if a.get("at") else None
            except ValueError:
                raise Refused("检查时间无法识别", "the time of the answer could not be read",
                              "at") from None
            if at is not None and timezone.is_naive(at):
                at = timezone.make_aware(at)
            if item is None or check is None:
                raise Refused("巡检项不属于该巡检",
                              "the item or check is not part of this round", None)
            result, status = actions.do_intake_answer(
                rnd, actor=user, item=item, check=check, key=key,
                outcome=str(a.get("outcome", "")), value=str(a.get("value", "")),
                note=str(a.get("note", "")), photo=files.get(f"photo_{key}"),
                at=at)
        except Refused as exc:
            if exc.field is None and "reviewed" in exc.en:
                return 409, {"error": exc.message, "conflict": True}
            line.update(status="refused", message=f"{item or ''} {exc.message}".strip())
        else:
            line.update(status=status, message="", work_order=None)
            if result.work_order_id:
                wo = result.work_order
                line["work_order"] = {"number": wo.number, "url": wo.get_absolute_url()}
        out.append(line)
    rnd.refresh_from_db()
    n_checks = len(checks)
    done_items = [i for i, n in _counts(rnd).items() if n >= n_checks]
    return 200, {"state": rnd.state, "state_label": rnd.get_state_display(),
                 "results": out, "done_items": done_items}


def _counts(rnd: InspectionRound) -> dict[int, int]:
    from django.db.models import Count

    return dict(RoundResult.objects.filter(round=rnd).values("item_id").annotate(
        n=Count("id")).values_list("item_id", "n"))


class RoundResultPhotoView(ScopedView):
    """A check's photo (scoped like its round; only image types are ever stored)."""

    scope_model = RoundResult

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        import os

        from django.http import FileResponse, Http404

        result = get_scoped_object(RoundResult.objects.all(), request.user, "view", pk=pk)
        if not result.photo:
            raise Http404
        kind = actions.PHOTO_TYPES.get(os.path.splitext(result.photo.name)[1].lower())
        response = FileResponse(result.photo.open("rb"), as_attachment=kind is None,
                                content_type=kind or "application/octet-stream")
        response["X-Content-Type-Options"] = "nosniff"
        return response


class InspectionRoundReviewView(ScopedView):
    """The supervisor or the agency reviews a completed round (or the vendor completes it)."""

    scope_model = InspectionRound
    scope_action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rnd = get_scoped_object(InspectionRound.objects.all(), request.user, "change", pk=pk)
        try:
            if request.POST.get("complete"):
                actions.do_complete_round(rnd, request.user)
            else:
                actions.do_review_round(rnd, request.user, request.POST.get("note", ""))
        except Refused as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(rnd.get_absolute_url())


class InspectionReportView(ScopedView):
    """Completeness per period and the monthly inspection report (HTML, PDF, DOCX)."""

    scope_model = InspectionRound
    template_name = "inventory/report.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        contracts = contracts_for(request.user, InspectionRound, "view")
        contract = contracts.filter(pk=request.GET.get("contract") or 0).first() \
            or contracts.first()
        today = timezone.localdate()
        month = request.GET.get("month") or f"{today.year}-{today.month:02d}"
        try:
            reports.month_range(month)
        except ValueError:
            month = f"{today.year}-{today.month:02d}"
        if contract is None:
            return render(request, self.template_name, {"contracts": contracts})
        fmt = request.GET.get("format")
        if fmt == "pdf":
            from yunwei.core.pdf import PdfUnavailable

            try:
                data = reports.report_pdf(contract, month)
            except PdfUnavailable:
                messages.error(request, _("PDF output is not available on this server."))
                return HttpResponseRedirect(request.path)
            response = HttpResponse(data, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="inspection-{month}.pdf"'
            return response
        if fmt == "docx":
            response = HttpResponse(reports.report_docx(contract, month), content_type=(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
            response["Content-Disposition"] = f'attachment; filename="inspection-{month}.docx"'
            return response
        ctx = reports.monthly_report(contract, month)
        status_labels = {"on_time": _("on time"), "late": _("done late"),
                         "missed": _("not done"), "pending": _("in progress")}
        ctx.update({"contracts": contracts, "status_labels": status_labels})
        return render(request, self.template_name, ctx)


# -- outages and availability ---------------------------------------------------------------
class OutageListView(ObjectListView):
    """Outages."""

    scope_model = Outage
    table_class = OutageTable
    filterset_class = OutageFilterSet

    def base_queryset(self) -> QuerySet:
        return Outage.objects.select_related("contract", "item")


class OutageDetailView(ObjectDetailView):
    """One outage with the record behind it (an accident's page, a work order)."""

    scope_model = Outage
    template_name = "inventory/outage_detail.html"

    def base_queryset(self) -> QuerySet:
        return Outage.objects.select_related("contract", "item", "work_order")


class OutageEditView(_Initial, ObjectEditView):
    """Enter or correct an outage."""

    scope_model = Outage
    form_class = OutageForm
    initial_params = ("contract", "item")


class MaintenanceWindowEditView(_Initial, ObjectEditView):
    """Add or edit a maintenance window."""

    scope_model = MaintenanceWindow
    form_class = MaintenanceWindowForm


class AvailabilityTargetEditView(_Initial, ObjectEditView):
    """Add or edit an availability target."""

    scope_model = AvailabilityTarget
    form_class = AvailabilityTargetForm
    initial_params = ("contract", "item")


class AvailabilityView(ScopedView):
    """Availability per target and month with the minutes behind each number."""

    scope_model = AvailabilityTarget
    template_name = "inventory/availability.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        contracts = contracts_for(request.user, AvailabilityTarget, "view")
        contract = contracts.filter(pk=request.GET.get("contract") or 0).first() \
            or contracts.first()
        year = timezone.localdate().year
        with contextlib.suppress(ValueError):
            year = int(request.GET.get("year") or year)
        year = min(max(year, 2000), 2100)
        ctx: dict[str, Any] = {"contracts": contracts, "contract": contract, "year": year}
        if contract is not None:
            ctx["lines"] = reports.availability_table(contract.pk, dt.date(year, 1, 1),
                                                      dt.date(year, 12, 31))
            ctx["windows"] = MaintenanceWindow.objects.filter(contract=contract,
                                                              start__year=year)
            ctx["can_target"] = can(request.user, AvailabilityTarget(contract=contract), "add")
        return render(request, self.template_name, ctx)
