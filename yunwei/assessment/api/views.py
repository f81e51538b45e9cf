"""API views of the assessment app: the same actions and rules as the pages.

Lists go through `restrict(user, "view")`; a step on an object the user sees but may not take
answers 403 (as the pages do), on one the user does not see 404; the step itself is the app's
do_* action, whose refusals (an empty answer, an objection already answered, a line that is
not pending …) answer 400 with the Chinese and English reason."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.response import Response

from yunwei.core.api.exceptions import InputRefused
from yunwei.core.api.views import ActorMixin
from yunwei.core.scoping import restrict

from .. import actions
from ..choices import ObjectionStatus
from ..filtersets import ObjectionFilterSet, SchemeFilterSet
from ..models import Objection, Scheme
from . import serializers as s


class SchemeViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """The contracts' assessment schemes: read one, its period's score (`score`), and the
    agency administrator's decision on a pending line (`decide`)."""

    access = "scoped"
    scope_model = Scheme
    queryset = Scheme.objects.select_related("contract").order_by("contract", "id")
    serializer_class = s.SchemeSerializer
    filterset_class = SchemeFilterSet

    def get_queryset(self) -> Any:
        return restrict(self.queryset.all(), self.request.user, "view")

    @extend_schema(parameters=[OpenApiParameter("period", str, description=(
        "the period's code (default: the period holding today)"))],
        responses={200: s.ScoreSerializer})
    @action(detail=True, methods=["get"])
    def score(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """One period's score, fines and lines, as the score page shows them (a line's `code`
        and `key` name it in an objection or a decision)."""
        from yunwei.scoring.engine import EngineError

        from ..compute import assess_periods

        scheme = self.get_object()
        try:
            assessment = assess_periods(scheme)
        except EngineError as exc:
            raise InputRefused(exc) from exc
        period = assessment.period(request.query_params.get("period") or None)
        if period is None:
            raise NotFound({"detail": "没有这一考核期", "detail_en": "no such assessment period"})
        return Response(s.ScoreSerializer(s.score_data(assessment, period)).data)

    @extend_schema(request=s.DecisionBodySerializer, responses={201: s.PendingDecisionSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """The agency administrator decides a pending line (待甲方决定): count it or not, with
        a reason (once; applied whenever the period is assessed)."""
        scheme = self.get_object()
        if not actions.may_decide(request.user, scheme.contract_id):
            raise PermissionDenied
        body = s.DecisionBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        decision = actions.do_decide_pending(
            scheme, actor=request.user, period=data["period"], rule=data["rule"],
            ref=data["ref"], deduct=data["deduct"], reason=data["reason"],
            points=data["points"], fine=data["fine"])
        return Response(s.PendingDecisionSerializer(decision).data,
                        status=status.HTTP_201_CREATED)

    decide.scope_action = "view"  # type: ignore[attr-defined]  # roles: actions.may_decide


class ObjectionViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Objections: the vendor's project manager files one (POST) and changes it while it is
    open (PATCH, only who filed it); the agency administrator answers it (`answer`). Nobody
    deletes one: the answer is kept."""

    access = "scoped"
    scope_model = Objection
    queryset = Objection.objects.select_related("filed_by", "answered_by").order_by(
        "-created", "-id")
    serializer_class = s.ObjectionSerializer
    filterset_class = ObjectionFilterSet

    def get_queryset(self) -> Any:
        return restrict(self.queryset.all(), self.request.user, "view")

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = actions.do_file_objection(
            data["contract"], actor=self.request.user, rule=data["rule"],
            evidence=data["evidence"], text=data["text"])

    @extend_schema(request=s.ObjectionEditSerializer, responses={200: s.ObjectionSerializer})
    def partial_update(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """Who filed the objection changes its rule, evidence or text while it is open."""
        objection = self.get_object()
        if objection.status == ObjectionStatus.OPEN and \
                not actions.may_edit_objection(request.user, objection):
            raise PermissionDenied
        body = s.ObjectionEditSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        objection = actions.do_edit_objection(
            objection.pk, actor=request.user, rule=data.get("rule", objection.rule),
            evidence=data.get("evidence", objection.evidence),
            text=data.get("text", objection.text))
        return Response(self.get_serializer(objection).data)

    partial_update.scope_action = "view"  # type: ignore[attr-defined]  # may_edit_objection

    @extend_schema(request=s.AnswerSerializer, responses={200: s.ObjectionSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """The agency administrator answers: accepted (the line is withdrawn from the
        assessment) or rejected, with the answer's text; an objection is answered once."""
        objection = self.get_object()
        if not actions.may_answer(request.user, objection.contract_id):
            raise PermissionDenied
        body = s.AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        objection = actions.do_answer_objection(
            objection.pk, actor=request.user, status=body.validated_data["status"],
            answer=body.validated_data["answer"])
        return Response(self.get_serializer(objection).data)

    answer.scope_action = "view"  # type: ignore[attr-defined]  # roles: actions.may_answer


def form_refusal(make_form: Any) -> InputRefused | None:
    """Validate a page's form (`make_form()` builds it) as the page does; when it refuses,
    the 400 answer with its first reason in Chinese and English, the field at fault and every
    field's errors (Chinese). None when the form is valid."""
    from django.utils import translation

    with translation.override("zh-hans"):
        form = make_form()
        if form.is_valid():
            return None
        zh = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    with translation.override("en"):
        form_en = make_form()
        form_en.is_valid()
        en = {name: [str(e) for e in errs] for name, errs in form_en.errors.items()}
    field = next(iter(zh))
    refusal = InputRefused.say(f"{field}: {zh[field][0]}" if field != "__all__" else zh[field][0],
                               f"{field}: {(en.get(field) or zh[field])[0]}"
                               if field != "__all__" else (en.get(field) or zh[field])[0],
                               None if field == "__all__" else field)
    refusal.detail["errors"] = zh
    return refusal


class SchemeStepsViewSet(SchemeViewSet):
    """The scheme pages' steps through the API, under the same rules: add a scheme from a
    template (POST, the agency administrator of a contract without one), edit its own fields
    (PATCH), read and save its definition through the engine (`definition`), preview an edit
    on the last closed period (`preview`, nothing saved), and download a period's statement
    (`statement_xlsx`, `statement_pdf`)."""

    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return s.SchemeDetailSerializer
        return super().get_serializer_class()

    @extend_schema(request=s.SchemeAddSerializer, responses={201: s.SchemeDetailSerializer})
    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Give a contract (one without a scheme) a scheme from a built-in template."""
        from yunwei.core.scoping import contracts_for

        from .. import forms

        addable = contracts_for(request.user, Scheme, "add")
        if not request.user.is_superuser and not addable.exists():
            raise PermissionDenied
        data = request.data if isinstance(request.data, dict) else {}
        refusal = form_refusal(lambda: forms.CopyTemplateForm(
            {**data, "template": data.get("template") or "",
             "guarantee": "on" if data.get("guarantee") else ""},
            contracts=addable.filter(assessment_scheme__isnull=True)))
        if refusal is not None:
            raise refusal
        form = forms.CopyTemplateForm(
            {**data, "template": data.get("template") or "",
             "guarantee": "on" if data.get("guarantee") else ""},
            contracts=addable.filter(assessment_scheme__isnull=True))
        form.is_valid()
        from yunwei.scoring.engine import SchemeError

        cleaned = form.cleaned_data
        try:
            scheme = actions.do_copy_template(cleaned["contract"], cleaned["template"],
                                              final_payment=cleaned["final_payment"],
                                              guarantee=cleaned["guarantee"])
        except SchemeError as exc:
            raise InputRefused(exc) from exc
        return Response(s.SchemeDetailSerializer(scheme).data, status=status.HTTP_201_CREATED)

    create.scope_action = "add"  # type: ignore[attr-defined]

    def _changeable(self) -> Scheme:
        from yunwei.core.scoping import can_on_contract

        scheme = self.get_object()
        if not can_on_contract(self.request.user, Scheme, "change", scheme.contract_id):
            raise PermissionDenied
        return scheme

    @extend_schema(request=s.SchemeEditSerializer, responses={200: s.SchemeDetailSerializer})
    def partial_update(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """Edit the scheme's name, base score, final payment, guarantee and level map, as its
        edit page does (a name or base the definition refuses: 400, nothing saved)."""
        from django.forms.models import model_to_dict

        from .. import forms

        scheme = self._changeable()
        body = s.SchemeEditSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        given = body.validated_data
        data = {**model_to_dict(scheme, fields=["name", "base", "final_payment"]),
                **{k: v for k, v in given.items() if k in ("name", "base", "final_payment")}}
        if given.get("guarantee", scheme.guarantee):
            data["guarantee"] = "on"
        mapping = given.get("level_map", (scheme.options or {}).get("level_map", {}))
        data["level_map"] = "\n".join(f"{k} = {v}" for k, v in sorted(mapping.items()))

        def make() -> Any:
            return forms.SchemeForm(data, instance=Scheme.objects.get(pk=scheme.pk),
                                    user=request.user)

        refusal = form_refusal(make)
        if refusal is not None:
            raise refusal
        form = make()
        form.is_valid()
        changed = {name: form.cleaned_data[name] for name in ("name", "base")
                   if name in form.changed_data}
        scheme = actions.do_edit_scheme(scheme, **changed,
                                        final_payment=form.cleaned_data["final_payment"],
                                        guarantee=form.cleaned_data["guarantee"],
                                        level_map=form.cleaned_data["level_map"])
        return Response(s.SchemeDetailSerializer(scheme).data)

    partial_update.scope_action = "change"  # type: ignore[attr-defined]

    @extend_schema(request=s.DefinitionBodySerializer,
                   responses={200: s.SchemeDetailSerializer})
    @action(detail=True, methods=["put"])
    def definition(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """Save the scheme's definition (and its contract periods when given), checked by the
        engine as the rules editor's "save": a refusal answers 400 with every problem in
        Chinese and English, nothing saved."""
        scheme = self._changeable()
        body = s.DefinitionBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if not isinstance(data["definition"], dict):
            raise InputRefused.say("方案定义应为对象", "the definition must be an object",
                                   "definition")
        scheme = actions.do_edit_definition(scheme, data["definition"], data["periods"])
        return Response(s.SchemeDetailSerializer(scheme).data)

    definition.scope_action = "change"  # type: ignore[attr-defined]

    @extend_schema(request=s.DefinitionBodySerializer, responses={200: s.PreviewSerializer})
    @action(detail=True, methods=["post"])
    def preview(self, request: Any, pk: Any = None, **kwargs: Any) -> Response:
        """The rules editor's "preview": the last closed period computed with the given
        definition (nothing saved), beside the saved definition's."""
        import copy

        from yunwei.core import measures
        from yunwei.scoring.engine import EngineError, load_scheme

        from ..compute import assess_periods
        from ..views import last_closed_period

        scheme = self._changeable()
        body = s.DefinitionBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if not isinstance(data["definition"], dict):
            raise InputRefused.say("方案定义应为对象", "the definition must be an object",
                                   "definition")
        from ..definition import without_unchanged_milestones
        from ..models import PaymentMilestone

        data["definition"] = without_unchanged_milestones(data["definition"], list(
            PaymentMilestone.objects.filter(contract=scheme.contract_id).order_by("seq", "pk")))
        draft = copy.copy(scheme)
        draft.definition = data["definition"]
        if data["periods"] is not None:
            draft.options = {**(scheme.options or {}), "periods": data["periods"]}

        def closed(one: Scheme) -> tuple[str, Any]:
            assessment = assess_periods(one)
            period = last_closed_period(assessment)
            return (period.period.code, s.score_data(assessment, period)) if period \
                else ("", None)

        try:
            load_scheme(data["definition"], known_measures=measures.known())
            code, preview = closed(draft)
        except EngineError as exc:
            raise InputRefused(exc) from exc
        try:
            _code, current = closed(scheme)
        except EngineError:
            current = None
        return Response(s.PreviewSerializer({"period": code, "preview": preview,
                                             "current": current}).data)

    preview.scope_action = "change"  # type: ignore[attr-defined]

    def _page(self, request: Any, view: Any, pk: Any) -> Any:
        """The page's file, once the same checks as the page's have passed (answered here in
        JSON, Chinese and English: no such period 404, a statement that cannot be made 409)."""
        from django.utils import translation

        from yunwei.scoring.engine import EngineError

        from ..compute import assess_periods

        scheme = self.get_object()  # 404 for a scheme the user does not see
        code = request.query_params.get("period") or None
        with translation.override("zh-hans"):
            try:
                assessment = assess_periods(scheme)
            except EngineError as exc:
                raise StatementRefused(exc.zh, exc.en) from exc
            period = assessment.period(code)
            zh = list(assessment.problems)
        if period is None and assessment.result is not None:
            raise NotFound({"detail": "没有这一考核期", "detail_en": "no such assessment period"})
        if zh or period is None:
            with translation.override("en"):
                en = list(assess_periods(scheme).problems)
            raise StatementRefused("；".join(zh) or "没有可出具的考核期",
                                   "; ".join(en) or "no period to state")
        return view.as_view()(request._request, pk=pk)

    @extend_schema(parameters=[OpenApiParameter("period", str, description=(
        "the period's code (default: the period holding today)"))],
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                   bytes, 409: s.RefusalSerializer})
    @action(detail=True, methods=["get"], url_path="statement-xlsx")
    def statement_xlsx(self, request: Any, pk: Any = None, **kwargs: Any) -> Any:
        """A period's statement as Excel, the page's file (409 with the reasons while some
        records cannot be assessed)."""
        from ..views import StatementView

        return self._page(request, StatementView, pk)

    @extend_schema(parameters=[OpenApiParameter("period", str, description=(
        "the period's code (default: the period holding today)"))],
        responses={(200, "application/pdf"): bytes, 409: s.RefusalSerializer})
    @action(detail=True, methods=["get"], url_path="statement-pdf")
    def statement_pdf(self, request: Any, pk: Any = None, **kwargs: Any) -> Any:
        """A period's statement as PDF, the page's file (409 as the Excel one)."""
        from ..views import StatementPdfView

        return self._page(request, StatementPdfView, pk)


class StatementRefused(APIException):
    """No statement can be made (the scheme is invalid, or records cannot be assessed): 409
    with the reasons in Chinese and English."""

    status_code = status.HTTP_409_CONFLICT

    def __init__(self, zh: str, en: str) -> None:
        super().__init__()
        self.detail = {"detail": zh, "detail_en": en}


class RecordViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The assessment's records (accidents, personnel records, quarter evaluations, praises,
    hand entries) and the payment milestones, as their pages: read by whoever sees the
    contract, written by the roles the pages allow, each write validated by the page's own
    form (its refusals answer 400 in Chinese and English), deleted by the agency
    administrator. Files are attached on the pages."""

    access = "scoped"
    form_class: Any = None

    def get_queryset(self) -> Any:
        return restrict(self.queryset.all(), self.request.user, "view")

    def _save(self, request: Any, instance: Any) -> Response:
        from django.db import transaction
        from django.forms.models import model_to_dict

        names = [n for n in self.form_class._meta.fields if n != "evidence_file"]
        base = model_to_dict(instance, fields=names) if instance.pk else {}
        base = {k: v for k, v in base.items() if v is not None}
        given = request.data if isinstance(request.data, dict) else {}
        data = {**base, **{k: v for k, v in given.items() if k in names}}
        for name in names:  # a JSON false is the form's unchecked box
            if data.get(name) is False:
                data.pop(name)

        def make() -> Any:
            obj = self.queryset.model.objects.get(pk=instance.pk) if instance.pk \
                else self.queryset.model()
            return self.form_class(data, instance=obj, user=request.user)

        refusal = form_refusal(make)
        if refusal is not None:
            raise refusal
        form = make()
        form.is_valid()
        created = form.instance.pk is None
        if created and hasattr(form.instance, "entered_by_id"):
            form.instance.entered_by = request.user
        with transaction.atomic():
            obj = form.save()
        return Response(self.get_serializer(obj).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Add a record on a contract the user may add to (the form's choices)."""
        return self._save(request, self.queryset.model())

    def partial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Change the given fields (the others keep their value), validated as the page."""
        return self._save(request, self.get_object())

    def perform_destroy(self, instance: Any) -> None:
        from django.db import transaction

        with transaction.atomic():
            instance.delete()


def _record_viewset(model: type, form: Any, filterset: Any) -> type:
    """The API viewset of one record model (its serializer lists the page form's fields)."""
    from rest_framework import serializers as drf

    names = [n for n in form._meta.fields if n != "evidence_file"]
    meta = type("Meta", (), {"model": model, "fields": ["id", *names],
                             "read_only_fields": ["id", *names]})
    serializer = type(f"Assessment{model.__name__}Serializer", (drf.ModelSerializer,), {
        "Meta": meta, "__doc__": f"A {model._meta.verbose_name} (written through its form)."})
    return type(f"{model.__name__}ViewSet", (RecordViewSet,), {
        "scope_model": model, "queryset": model.objects.select_related("contract")
        .order_by("-id"), "serializer_class": serializer, "form_class": form,
        "filterset_class": filterset, "__doc__": RecordViewSet.__doc__})


def record_viewsets() -> dict[str, tuple[str, type]]:
    """API prefix -> (basename, viewset) of the records and payment milestones."""
    from .. import filtersets as f
    from .. import forms as fm
    from ..models import (
        Accident,
        ManualEntry,
        PaymentMilestone,
        PersonnelRecord,
        Praise,
        QuarterEvaluation,
    )

    return {
        "assessment-accidents": ("accident", _record_viewset(
            Accident, fm.AccidentForm, f.AccidentFilterSet)),
        "personnel-records": ("personnelrecord", _record_viewset(
            PersonnelRecord, fm.PersonnelRecordForm, f.PersonnelRecordFilterSet)),
        "quarter-evaluations": ("quarterevaluation", _record_viewset(
            QuarterEvaluation, fm.QuarterEvaluationForm, f.QuarterEvaluationFilterSet)),
        "praises": ("praise", _record_viewset(Praise, fm.PraiseForm, f.PraiseFilterSet)),
        "manual-entries": ("manualentry", _record_viewset(
            ManualEntry, fm.ManualEntryForm, f.ManualEntryFilterSet)),
        "payment-milestones": ("paymentmilestone", _record_viewset(
            PaymentMilestone, fm.PaymentMilestoneForm, f.PaymentMilestoneFilterSet)),
    }
