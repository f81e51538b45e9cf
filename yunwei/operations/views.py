"""Views of the operations app: they translate input and call the actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from yunwei.core.errors import Refused
from yunwei.core.scoping import can, get_scoped_object
from yunwei.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedView,
)

from . import actions, forms
from .choices import EvidenceKind, Party, Stage
from .filtersets import (
    AccidentFilterSet,
    AccidentLevelFilterSet,
    ChangeFilterSet,
    OperationsPolicyFilterSet,
    OperationsRecordFilterSet,
    OperationsTermFilterSet,
    VulnerabilityDeadlineFilterSet,
    VulnerabilityFilterSet,
)
from .models import (
    Accident,
    AccidentEvidence,
    AccidentLevel,
    Change,
    OperationsPolicy,
    OperationsRecord,
    OperationsTerm,
    Vulnerability,
    VulnerabilityDeadline,
)
from .tables import (
    AccidentLevelTable,
    AccidentTable,
    ChangeTable,
    OperationsPolicyTable,
    OperationsRecordTable,
    OperationsTermTable,
    VulnerabilityDeadlineTable,
    VulnerabilityTable,
)


def crud(model: type, table: Any, filterset: Any, form: Any, list_name: str,
         detail_template: str = "core/object_detail.html") -> dict[str, type]:
    """The list, detail, edit and delete views of one model of this app."""
    related = [f.name for f in model._meta.fields if f.is_relation and f.name != "contract"]

    class List(ObjectListView):
        __doc__ = f"The {model._meta.model_name} list."
        scope_model = model
        table_class = table
        filterset_class = filterset

        def base_queryset(self) -> QuerySet:
            return model.objects.select_related("contract")

    class Detail(ObjectDetailView):
        __doc__ = f"One {model._meta.model_name}."
        scope_model = model
        template_name = detail_template

        def base_queryset(self) -> QuerySet:
            return model.objects.select_related("contract", *related)

    class Edit(ObjectEditView):
        __doc__ = f"Add or edit one {model._meta.model_name}."
        scope_model = model
        form_class = form

        def get_form(self, request: Any, obj: Any, data: Any = None) -> Any:
            made = super().get_form(request, obj, data)
            if obj.pk is None and request.GET.get("contract") and "contract" in made.fields:
                made.initial["contract"] = request.GET.get("contract")
            return made

    class Delete(ObjectDeleteView):
        __doc__ = f"Delete one {model._meta.model_name}."
        scope_model = model
        success_url_name = f"operations:{list_name}"

    name = model.__name__
    for cls, suffix in ((List, "ListView"), (Detail, "DetailView"), (Edit, "EditView"),
                        (Delete, "DeleteView")):
        cls.__name__ = cls.__qualname__ = name + suffix
    return {"list": List, "detail": Detail, "edit": Edit, "delete": Delete}


LEVELS = crud(AccidentLevel, AccidentLevelTable, AccidentLevelFilterSet, forms.AccidentLevelForm,
              "accidentlevel_list")
TERMS = crud(OperationsTerm, OperationsTermTable, OperationsTermFilterSet,
             forms.OperationsTermForm, "operationsterm_list")
DEADLINES = crud(VulnerabilityDeadline, VulnerabilityDeadlineTable,
                 VulnerabilityDeadlineFilterSet, forms.VulnerabilityDeadlineForm,
                 "vulnerabilitydeadline_list")
POLICIES = crud(OperationsPolicy, OperationsPolicyTable, OperationsPolicyFilterSet,
                forms.OperationsPolicyForm, "operationspolicy_list")
RECORDS = crud(OperationsRecord, OperationsRecordTable, OperationsRecordFilterSet,
               forms.OperationsRecordForm, "operationsrecord_list",
               "operations/operationsrecord_detail.html")
CHANGES = crud(Change, ChangeTable, ChangeFilterSet, forms.ChangeForm, "change_list",
               "operations/change_detail.html")
VULNERABILITIES = crud(Vulnerability, VulnerabilityTable, VulnerabilityFilterSet,
                       forms.VulnerabilityForm, "vulnerability_list")
ACCIDENTS = crud(Accident, AccidentTable, AccidentFilterSet, forms.AccidentForm,
                 "accident_list", "operations/accident_detail.html")


class AccidentEditView(ACCIDENTS["edit"]):
    """Open an accident (?work_order=<id> opens it from that work order) or correct it."""

    def get_form(self, request: Any, obj: Any, data: Any = None) -> Any:
        made = super().get_form(request, obj, data)
        wo_id = request.GET.get("work_order")
        if obj.pk is None and wo_id and wo_id.isdigit():
            wo = made.fields["work_orders"].queryset.filter(pk=int(wo_id)).first()
            if wo is not None:
                # the form's initial (from the empty instance) wins over the fields'
                made.initial.update(
                    work_orders=[wo.pk], contract=wo.contract_id, title=wo.title,
                    occurred_at=timezone.localtime(wo.reported_at),
                    description=wo.description or wo.title,
                    equipment=[wo.equipment_id] if wo.equipment_id else [])
        return made


STEP_FORMS = {
    "information": forms.InformationForm,
    "preliminary": forms.LevelForm,
    "report": forms.ReportForm,
    "special": forms.SpecialForm,
    "position": forms.PositionForm,
    "final": forms.FinalForm,
    "change_level": forms.ChangeLevelForm,
    "evidence": forms.EvidenceForm,
}


def _run(step: str, accident: Accident, user: Any, data: dict[str, Any]) -> None:
    if step == "information":
        actions.do_gather_information(accident, actor=user, note=data["note"])
    elif step == "preliminary":
        actions.do_set_preliminary_level(accident, actor=user, level=data["level"],
                                         note=data["note"])
    elif step == "report":
        actions.do_submit_report(accident, actor=user, file=data["file"])
    elif step == "special":
        actions.do_consider_special_cases(accident, actor=user, human_error=data["human_error"],
                                          mixed_fault=data["mixed_fault"],
                                          is_repeat=data["is_repeat"], note=data["note"])
    elif step == "position":
        actions.do_record_position(accident, actor=user, party=data["party"],
                                   level=data["level"], opinion=data["opinion"])
    elif step == "final":
        actions.do_final_grading(accident, actor=user, level=data["level"],
                                 conclusion=data["conclusion"])
    elif step == "change_level":
        actions.do_change_level(accident, actor=user, level=data["level"],
                                reason=data["reason"])
    elif step == "evidence":
        actions.do_add_evidence(accident, actor=user, kind=data["kind"], file=data["file"])


class AccidentDetailView(ACCIDENTS["detail"]):
    """An accident: its procedure, the evidence checklist, the parties' positions."""

    def extra_context(self, obj: Accident) -> dict[str, Any]:
        user = self.request.user
        may = can(user, obj, "change")
        parties = actions.parties_of(user, obj.contract_id) if may else set()
        evidence = list(obj.evidence.all())
        checklist = [{"kind": kind, "label": label,
                      "items": [e for e in evidence if e.kind == kind]}
                     for kind, label in EvidenceKind.choices]
        forms_shown: dict[str, Any] = {}
        if may and obj.stage != Stage.GRADED:
            forms_shown["information"] = forms.InformationForm(accident=obj)
            forms_shown["evidence"] = forms.EvidenceForm(accident=obj)
            if Party.VENDOR in parties:
                forms_shown["preliminary"] = forms.LevelForm(accident=obj)
                if obj.preliminary_level_id:
                    forms_shown["report"] = forms.ReportForm(accident=obj)
            if obj.report_submitted_at:
                forms_shown["special"] = forms.SpecialForm(accident=obj, initial={
                    "human_error": obj.human_error, "is_repeat": obj.is_repeat,
                    "mixed_fault": obj.mixed_fault})
            if obj.stage == Stage.SPECIAL:
                position = forms.PositionForm(accident=obj)
                position.fields["party"].choices = [c for c in Party.choices if c[0] in parties]
                forms_shown["position"] = position
                if Party.AGENCY in parties:
                    forms_shown["final"] = forms.FinalForm(accident=obj)
        if may and obj.stage == Stage.GRADED and Party.AGENCY in parties:
            forms_shown["change_level"] = forms.ChangeLevelForm(accident=obj)
        return {
            "steps": obj.steps.select_related("actor", "level"),
            "checklist": checklist,
            "missing": actions.missing_evidence(obj),
            "positions": actions.positions(obj),
            "step_forms": forms_shown,
            "work_orders": obj.work_orders.all(),
            "items": obj.equipment.all(),
            "replaced_entry": _entry(self.request.user, obj.replaces_entry),
        }


def _entry(user: Any, ref: str) -> Any:
    """The hand-entered assessment accident a reference names, if this user may see it."""
    _label, _sep, pk = (ref or "").partition(":")
    if not pk.isdigit():
        return None
    from yunwei.core.scoping import restrict

    return restrict(actions.hand_entered_model().objects.all(), user, "view").filter(
        pk=int(pk)).first()


class AccidentActView(ScopedView):
    """POST one step of an accident's procedure (the form named by `step`)."""

    scope_model = Accident
    scope_action = "change"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        accident = get_scoped_object(Accident.objects.all(), request.user, "change", pk=pk)
        step = request.POST.get("step", "")
        form_class = STEP_FORMS.get(step)
        if form_class is None:
            messages.error(request, _("Unknown step."))
            return HttpResponseRedirect(accident.get_absolute_url())
        form = form_class(request.POST, request.FILES, accident=accident)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}：{'；'.join(errors)}" if label
                               else "；".join(errors))
            return HttpResponseRedirect(accident.get_absolute_url())
        try:
            _run(step, accident, request.user, form.cleaned_data)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return HttpResponseRedirect(accident.get_absolute_url())


def _download(file: Any, name: str) -> FileResponse:
    if not file:
        raise Http404
    response = FileResponse(file.open("rb"), as_attachment=True,
                            filename=name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    return response


class AccidentReportView(ScopedView):
    """Download an accident's analysis report."""

    scope_model = Accident

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        accident = get_scoped_object(Accident.objects.all(), request.user, "view", pk=pk)
        return _download(accident.report_file, accident.report_file.name)


class EvidenceDownloadView(ScopedView):
    """Download an uploaded item of evidence."""

    scope_model = AccidentEvidence

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        evidence = get_scoped_object(AccidentEvidence.objects.all(), request.user, "view", pk=pk)
        return _download(evidence.file, evidence.file.name)


class RecordFileView(ScopedView):
    """Download an operations record's report or evidence."""

    scope_model = OperationsRecord

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        record = get_scoped_object(OperationsRecord.objects.all(), request.user, "view", pk=pk)
        return _download(record.file, record.file.name)


class ChangeApproveView(ScopedView):
    """POST: the agency approves (approve=1) or rejects (approve=0) a change."""

    scope_model = Change
    scope_action = "change"

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        change = get_scoped_object(Change.objects.all(), request.user, "change", pk=pk)
        try:
            actions.do_approve_change(change, actor=request.user,
                                      approve=request.POST.get("approve", "1") == "1")
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return HttpResponseRedirect(change.get_absolute_url())
