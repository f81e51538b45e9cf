"""Views of the deliverables app: thin translations of requests into do_* actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from yunwei.core.errors import Refused
from yunwei.core.scoping import get_scoped_object, roles_on
from yunwei.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedView,
)

from . import actions, package, report
from .filtersets import AcceptanceFilterSet, DeliverableFilterSet, DocumentTypeFilterSet
from .forms import (
    AcceptanceForm,
    DocumentTypeForm,
    FindingForm,
    OpinionForm,
    RectifyForm,
    ReviewForm,
    SignForm,
    SubmitForm,
)
from .models import Acceptance, Deliverable, DocumentType, Finding, Submission
from .models.scopes import STEP_ROLES
from .tables import AcceptanceTable, DeliverableTable, DocumentTypeTable


# -- register ---------------------------------------------------------------------------------
class DocumentTypeListView(ObjectListView):
    """The register of owed document types."""

    scope_model = DocumentType
    table_class = DocumentTypeTable
    filterset_class = DocumentTypeFilterSet

    def base_queryset(self) -> QuerySet:
        return DocumentType.objects.select_related("contract")


class DocumentTypeDetailView(ObjectDetailView):
    """One document type with its instances."""

    scope_model = DocumentType
    template_name = "deliverables/documenttype_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"instances": obj.instances.order_by("-period_end")}


class DocumentTypeEditView(ObjectEditView):
    """Add or edit a document type."""

    scope_model = DocumentType
    form_class = DocumentTypeForm


class DocumentTypeDeleteView(ObjectDeleteView):
    """Delete a document type."""

    scope_model = DocumentType
    success_url_name = "deliverables:documenttype_list"


# -- owed documents ---------------------------------------------------------------------------
class DeliverableListView(ObjectListView):
    """Owed documents across the user's contracts."""

    scope_model = Deliverable
    table_class = DeliverableTable
    filterset_class = DeliverableFilterSet

    def base_queryset(self) -> QuerySet:
        return Deliverable.objects.select_related("contract", "document_type")


class DeliverableDetailView(ObjectDetailView):
    """One owed document: versions, reviews, and the forms of the next step."""

    scope_model = Deliverable
    template_name = "deliverables/deliverable_detail.html"

    def base_queryset(self) -> QuerySet:
        return Deliverable.objects.select_related("contract", "document_type")

    def extra_context(self, obj: Any) -> dict[str, Any]:
        roles = roles_on(self.request.user, obj.contract_id)
        return {
            "submissions": obj.submissions.select_related("submitted_by", "reviewed_by"),
            "may_submit": bool(roles & STEP_ROLES["submit"]) and obj.status in
            ("due", "late", "missing", "returned"),
            "may_review": obj.document_type.reviewer_role in roles
            and obj.status in ("submitted", "resubmitted"),
            "submit_form": SubmitForm(), "review_form": ReviewForm(),
        }


def _require(request: HttpRequest, obj: Any, roles: frozenset[str] | set[str]) -> None:
    """403 for a user who sees the object but holds none of the roles of this step."""
    if not roles_on(request.user, obj.contract_id) & set(roles):
        raise PermissionDenied


def _act(request: HttpRequest, obj: Any, call: Callable[[], Any], done: str) -> HttpResponse:
    """Run an action; a refusal is shown on the object's page, never a 500."""
    try:
        call()
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(obj.get_absolute_url())


class DeliverableSubmitView(ScopedView):
    """The vendor submits a version."""

    scope_model = Deliverable

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = get_scoped_object(Deliverable.objects.all(), request.user, "view", pk=pk)
        _require(request, obj, STEP_ROLES["submit"])
        form = SubmitForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a file to submit."))
            return HttpResponseRedirect(obj.get_absolute_url())
        upload = form.cleaned_data["file"]
        return _act(request, obj, lambda: actions.do_submit(
            obj, request.user, content=upload.read(), name=upload.name,
            note=form.cleaned_data["note"]), _("The document was submitted."))


class DeliverableReviewView(ScopedView):
    """The reviewer approves or returns the submitted version."""

    scope_model = Deliverable

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = get_scoped_object(Deliverable.objects.select_related("document_type"),
                                request.user, "view", pk=pk)
        _require(request, obj, {obj.document_type.reviewer_role})
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a decision."))
            return HttpResponseRedirect(obj.get_absolute_url())
        approve = form.cleaned_data["decision"] == "approve"
        return _act(request, obj, lambda: actions.do_review(
            obj, request.user, approve=approve, comments=form.cleaned_data["comments"]),
            _("The document was approved.") if approve else _("The document was returned."))


class DeliverableReportView(ScopedView):
    """The O&M report of the document's period drafted from the platform (DOCX or PDF)."""

    scope_model = Deliverable
    only_roles = None

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = get_scoped_object(Deliverable.objects.select_related("contract"), request.user,
                                "view", pk=pk)
        base = request.build_absolute_uri("/").rstrip("/")
        kind = "pdf" if request.GET.get("format") == "pdf" else "docx"
        body, content_type, name = report.document(obj, kind, base)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class SubmissionDownloadView(ScopedView):
    """Download a submitted version."""

    scope_model = Submission

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        sub = get_scoped_object(Submission.objects.all(), request.user, "view", pk=pk)
        return FileResponse(sub.file.open("rb"), as_attachment=True, filename=sub.name)


# -- acceptance -------------------------------------------------------------------------------
class AcceptanceListView(ObjectListView):
    """Acceptances across the user's contracts."""

    scope_model = Acceptance
    table_class = AcceptanceTable
    filterset_class = AcceptanceFilterSet

    def base_queryset(self) -> QuerySet:
        return Acceptance.objects.select_related("contract")


class AcceptanceDetailView(ObjectDetailView):
    """One acceptance: checklist, opinions, findings, result and signatures."""

    scope_model = Acceptance
    template_name = "deliverables/acceptance_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        roles = roles_on(self.request.user, obj.contract_id)
        may = {step: bool(roles & allowed) for step, allowed in STEP_ROLES.items()}
        return {"checklist": actions.checklist(obj),
                "findings": obj.findings.all(), "opinions": obj.opinions.all(), "may": may,
                "opinion_form": OpinionForm(), "finding_form": FindingForm(),
                "rectify_form": RectifyForm(), "sign_form": SignForm()}


class AcceptanceEditView(ObjectEditView):
    """Add or edit an acceptance."""

    scope_model = Acceptance
    form_class = AcceptanceForm


class AcceptanceDeleteView(ObjectDeleteView):
    """Delete an acceptance."""

    scope_model = Acceptance
    success_url_name = "deliverables:acceptance_list"


class AcceptanceActView(ScopedView):
    """request / opinion / finding / sign: one POST per step, each a do_* action."""

    scope_model = Acceptance
    step = ""

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        acc = get_scoped_object(Acceptance.objects.all(), request.user, "view", pk=pk)
        _require(request, acc, STEP_ROLES[self.step])
        user = request.user
        if self.step == "request":
            return _act(request, acc, lambda: actions.do_request_acceptance(acc, user),
                        _("Acceptance was requested."))
        form_class = {"opinion": OpinionForm, "finding": FindingForm, "sign": SignForm}[self.step]
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please fill in the form completely."))
            return HttpResponseRedirect(acc.get_absolute_url())
        data = form.cleaned_data
        if self.step == "opinion":
            call = lambda: actions.do_record_opinion(acc, user, **data)  # noqa: E731
        elif self.step == "finding":
            call = lambda: actions.do_add_finding(acc, user, **data)  # noqa: E731
        else:
            passed = {"yes": True, "no": False}.get(data["passed"])
            call = lambda: actions.do_sign(acc, user, passed=passed,  # noqa: E731
                                           result=data["result"])
        return _act(request, acc, call, _("Saved."))


class FindingRectifyView(ScopedView):
    """The vendor reports a finding rectified."""

    scope_model = Finding

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        finding = get_scoped_object(Finding.objects.select_related("acceptance"), request.user,
                                    "view", pk=pk)
        _require(request, finding, STEP_ROLES["rectify"])
        form = RectifyForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please fill in the form completely."))
            return HttpResponseRedirect(finding.get_absolute_url())
        return _act(request, finding, lambda: actions.do_rectify(
            finding, request.user, rectification=form.cleaned_data["rectification"]),
            _("Saved."))


class AcceptancePackageView(ScopedView):
    """The acceptance package: one ZIP with an index PDF."""

    scope_model = Acceptance

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        acc = get_scoped_object(Acceptance.objects.select_related("contract"), request.user,
                                "view", pk=pk)
        response = HttpResponse(package.build_zip(acc), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="acceptance-{acc.pk}.zip"'
        return response
