"""Views of the assessment app: schemes, records, score, statement, objections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from yunwei.core import xlsx
from yunwei.core.scoping import contracts_for, get_scoped_object
from yunwei.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedView,
)
from yunwei.scoring.money import capitals

from . import actions, filtersets, forms, tables
from .compute import assess
from .models import (
    Accident,
    ManualEntry,
    Objection,
    PaymentMilestone,
    PersonnelRecord,
    Praise,
    QuarterEvaluation,
    Scheme,
    SchemeRule,
    SchemeTier,
)
from .settlement import payment_problems, payment_rows

CATEGORY_LABELS = {"personnel": "人员管理", "work_order": "工单", "accident": "事故",
                   "evaluation": "季度评价", "reward": "奖励"}


class SchemeListView(ObjectListView):
    """Assessment schemes of the user's contracts."""

    scope_model = Scheme
    table_class = tables.SchemeTable
    filterset_class = filtersets.SchemeFilterSet

    def base_queryset(self) -> QuerySet:
        return Scheme.objects.select_related("contract")


class SchemeAddView(ScopedView):
    """Give a contract a scheme copied from a built-in template (agency administrators)."""

    scope_model = Scheme
    scope_action = "add"
    template_name = "workorders/intake.html"

    def _contracts(self, request: HttpRequest) -> QuerySet:
        contracts = contracts_for(request.user, Scheme, "add").filter(
            assessment_scheme__isnull=True)
        if not contracts_for(request.user, Scheme, "add").exists():
            raise PermissionDenied
        return contracts

    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.CopyTemplateForm(contracts=self._contracts(request))
        return render(request, self.template_name,
                      {"form": form, "heading": _("New assessment scheme")})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.CopyTemplateForm(request.POST, contracts=self._contracts(request))
        if not form.is_valid():
            return render(request, self.template_name,
                          {"form": form, "heading": _("New assessment scheme")}, status=400)
        data = form.cleaned_data
        scheme = actions.do_copy_template(data["contract"], data["template"],
                                          final_payment=data["final_payment"],
                                          guarantee=data["guarantee"])
        return HttpResponseRedirect(scheme.get_absolute_url())


class SchemeDetailView(ObjectDetailView):
    """A scheme: its rules and tiers."""

    scope_model = Scheme
    template_name = "assessment/scheme_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"rules": obj.rules.all(), "tiers": obj.tiers.all(),
                "year": timezone.localdate().year}


class SchemeEditView(ObjectEditView):
    """Edit a scheme's name, base score, final payment and guarantee (agency admins)."""

    scope_model = Scheme
    form_class = forms.SchemeForm


class SchemeTierDetailView(ObjectDetailView):
    """One result tier."""

    scope_model = SchemeTier


class SchemeTierEditView(ObjectEditView):
    """Edit a result tier (agency admins; audited)."""

    scope_model = SchemeTier
    form_class = forms.SchemeTierForm


class SchemeRuleDetailView(ObjectDetailView):
    """One rule."""

    scope_model = SchemeRule


class SchemeRuleEditView(ObjectEditView):
    """Edit a rule (agency administrators; audited)."""

    scope_model = SchemeRule
    form_class = forms.SchemeRuleForm


def _year(request: HttpRequest) -> int:
    try:
        return max(2000, min(2100, int(request.GET.get("year", timezone.localdate().year))))
    except ValueError:
        return timezone.localdate().year


class ScoreView(ScopedView):
    """The running score: by category, trend by month, every line with its evidence, what is
    pending, and the settlement."""

    scope_model = Scheme

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        scheme = get_scoped_object(Scheme.objects.select_related("contract"), request.user,
                                   "view", pk=pk)
        year = _year(request)
        result = assess(scheme, year)
        objections = Objection.objects.filter(contract=scheme.contract_id).order_by("-created")
        payments = list(PaymentMilestone.objects.filter(contract=scheme.contract_id)
                        .select_related("contract"))
        return render(request, "assessment/score.html", {
            "scheme": scheme, "year": year, "a": result, "r": result.result,
            "categories": [(CATEGORY_LABELS.get(k, k), v) for k, v in result.by_category.items()],
            "objections": objections[:50],
            "payments": payment_rows(payments),
            "payment_problems": payment_problems(scheme.contract, payments),
            "final_capitals": capitals(result.result.final_payment_yuan),
            "trend_data": {"months": [m for m, _ in result.trend],
                           "scores": [float(s) for _, s in result.trend]},
        })


def _incomplete(assessment: Any) -> HttpResponse:
    """No statement while some work orders cannot be assessed (say why, never a guess)."""
    return HttpResponse("\n".join(assessment.problems), status=409,
                        content_type="text/plain; charset=utf-8")


class StatementView(ScopedView):
    """The annual statement as Excel: every line with its evidence, score, tier, fines, the
    settlement."""

    scope_model = Scheme

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        scheme = get_scoped_object(Scheme.objects.select_related("contract"), request.user,
                                   "view", pk=pk)
        year = _year(request)
        assessment = assess(scheme, year)
        if assessment.problems:
            return _incomplete(assessment)
        r = assessment.result
        book = xlsx.workbook()
        sheet = book.create_sheet("考核结算")
        contract = scheme.contract
        xlsx.append(sheet, [f"{contract.project_name}（{contract.number}）{year} 年度考核结算单"])
        xlsx.append(sheet, ["基础分", float(r.base), "得分", float(r.score), "档次", r.tier])
        xlsx.append(sheet, ["规则违约金（元）", float(r.rule_fines_yuan), "档次扣款（元）",
                      float(r.tier_fine_yuan), "合计（元）", float(r.fine_yuan)])
        xlsx.append(sheet, ["计划尾款（元）", float(r.scheduled_final_payment), "应付尾款（元）",
                      float(r.final_payment_yuan), "大写", capitals(r.final_payment_yuan)])
        if r.guarantee:
            xlsx.append(sheet, ["履约保函索赔（元）", float(r.guarantee_claim_yuan)])
        xlsx.append(sheet, [])
        xlsx.append(sheet, ["规则", "类别", "分值", "违约金（元）", "证据", "说明"])
        for line in r.lines:
            if not line.pending:
                xlsx.append(sheet, [line.rule, CATEGORY_LABELS.get(line.category, line.category),
                              float(line.points), float(line.fine_yuan), line.evidence,
                              line.explanation])
        if r.pending:
            xlsx.append(sheet, [])
            xlsx.append(sheet, ["待甲方决定"])
            for line in r.pending:
                xlsx.append(sheet, [line.rule, "", "", "", line.evidence, line.explanation])
        response = HttpResponse(xlsx.to_bytes(book), content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="assessment-{contract.code}-{year}.xlsx"')
        return response


class StatementPdfView(ScopedView):
    """The annual statement as PDF (Chinese fonts), for signing and the archive."""

    scope_model = Scheme

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        from yunwei.core.pdf import render_pdf

        scheme = get_scoped_object(Scheme.objects.select_related(
            "contract__agency", "contract__vendor"), request.user, "view", pk=pk)
        year = _year(request)
        assessment = assess(scheme, year)
        if assessment.problems:
            return _incomplete(assessment)
        r = assessment.result
        pdf = render_pdf("assessment/statement.html", {
            "scheme": scheme, "contract": scheme.contract, "year": year, "r": r,
            "amount_capitals": capitals(scheme.contract.amount),
            "fine_capitals": capitals(r.fine_yuan),
            "final_capitals": capitals(r.final_payment_yuan), "printed_at": timezone.localtime(),
        })
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="assessment-{scheme.contract.code}-{year}.pdf"')
        return response


class _RecordEdit(ObjectEditView):
    """Record forms set who entered the record."""

    def get_object(self, request: HttpRequest, pk: Any | None) -> Model:
        obj = super().get_object(request, pk)
        if pk is None and hasattr(obj, "entered_by_id"):
            obj.entered_by = request.user
        if pk is None and hasattr(obj, "filed_by_id"):
            obj.filed_by = request.user
        return obj


def _crud(model: type, form: type, table: type, filterset: type) -> dict[str, type]:
    name = model.__name__
    return {
        "list": type(f"{name}ListView", (ObjectListView,), {
            "scope_model": model, "table_class": table, "filterset_class": filterset,
            "__doc__": f"{name} records of the user's contracts."}),
        "detail": type(f"{name}DetailView", (ObjectDetailView,), {
            "scope_model": model, "__doc__": f"One {name}."}),
        "edit": type(f"{name}EditView", (_RecordEdit,), {
            "scope_model": model, "form_class": form, "__doc__": f"Add or edit a {name}."}),
        "delete": type(f"{name}DeleteView", (ObjectDeleteView,), {
            "scope_model": model, "success_url_name": f"assessment:{name.lower()}_list",
            "__doc__": f"Delete a {name}."}),
    }


RECORDS = {
    "accidents": (Accident, _crud(Accident, forms.AccidentForm, tables.AccidentTable,
                                  filtersets.AccidentFilterSet)),
    "personnel": (PersonnelRecord, _crud(PersonnelRecord, forms.PersonnelRecordForm,
                                         tables.PersonnelRecordTable,
                                         filtersets.PersonnelRecordFilterSet)),
    "evaluations": (QuarterEvaluation, _crud(QuarterEvaluation, forms.QuarterEvaluationForm,
                                             tables.QuarterEvaluationTable,
                                             filtersets.QuarterEvaluationFilterSet)),
    "praises": (Praise, _crud(Praise, forms.PraiseForm, tables.PraiseTable,
                              filtersets.PraiseFilterSet)),
    "manual": (ManualEntry, _crud(ManualEntry, forms.ManualEntryForm, tables.ManualEntryTable,
                                  filtersets.ManualEntryFilterSet)),
    "objections": (Objection, _crud(Objection, forms.ObjectionForm, tables.ObjectionTable,
                                    filtersets.ObjectionFilterSet)),
    "payments": (PaymentMilestone, _crud(PaymentMilestone, forms.PaymentMilestoneForm,
                                         tables.PaymentMilestoneTable,
                                         filtersets.PaymentMilestoneFilterSet)),
}


class ObjectionAnswerView(ScopedView):
    """The agency answers an objection."""

    scope_model = Objection
    scope_action = "change"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        objection = get_scoped_object(Objection.objects.all(), request.user, "change", pk=pk)
        return render(request, "workorders/intake.html",
                      {"form": forms.AnswerForm(), "heading": str(objection)})

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        objection = get_scoped_object(Objection.objects.all(), request.user, "change", pk=pk)
        form = forms.AnswerForm(request.POST)
        if not form.is_valid():
            return render(request, "workorders/intake.html",
                          {"form": form, "heading": str(objection)}, status=400)
        actions.do_answer_objection(objection.pk, actor=request.user,
                                    status=form.cleaned_data["status"],
                                    answer=form.cleaned_data["answer"])
        messages.success(request, _("The answer was saved."))
        return HttpResponseRedirect(objection.get_absolute_url())
