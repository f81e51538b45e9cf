"""Views of the assessment app: schemes, records, score, statement, objections."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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
from .compute import assess_periods, settle
from .models import (
    Accident,
    ManualEntry,
    Objection,
    PaymentMilestone,
    PersonnelRecord,
    Praise,
    QuarterEvaluation,
    Scheme,
)
from .settlement import (
    bond_row,
    late_payment_terms,
    payment_problems,
    payment_rows,
    period_payments,
)

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
    template_name = "assessment/scheme_add.html"  # the intake form, or why there is none

    def _contracts(self, request: HttpRequest) -> QuerySet:
        contracts = contracts_for(request.user, Scheme, "add").filter(
            assessment_scheme__isnull=True)
        if not contracts_for(request.user, Scheme, "add").exists():
            raise PermissionDenied
        return contracts

    def get(self, request: HttpRequest) -> HttpResponse:
        contracts = self._contracts(request)
        form = forms.CopyTemplateForm(contracts=contracts)
        context = {"form": form, "heading": _("New assessment scheme")}
        if not contracts.exists():  # say why the list is empty, and where the schemes are
            context["all_have_schemes"] = True
            context["existing"] = Scheme.objects.filter(
                contract__in=contracts_for(request.user, Scheme, "add")).select_related(
                "contract").order_by("contract__number")
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.CopyTemplateForm(request.POST, contracts=self._contracts(request))
        if not form.is_valid():
            return render(request, self.template_name,
                          {"form": form, "heading": _("New assessment scheme")}, status=400)
        from yunwei.core.errors import in_language
        from yunwei.scoring.engine import SchemeError

        data = form.cleaned_data
        try:
            scheme = actions.do_copy_template(data["contract"], data["template"],
                                              final_payment=data["final_payment"],
                                              guarantee=data["guarantee"])
        except SchemeError as exc:
            form.add_error(None, in_language(exc))
            return render(request, self.template_name,
                          {"form": form, "heading": _("New assessment scheme")}, status=400)
        return HttpResponseRedirect(scheme.get_absolute_url())


class SchemeDetailView(ObjectDetailView):
    """A scheme: its rules and tiers."""

    scope_model = Scheme
    template_name = "assessment/scheme_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        from django.utils.translation import get_language

        from yunwei.scoring.engine import EngineError

        from .compute import engine_of
        from .definition import template_label
        from .forms.definition import KIND_LABELS, PERIOD_LABELS

        english = (get_language() or "zh").startswith("en")
        try:
            engine = engine_of(obj)
        except EngineError as exc:
            engine, problem = None, str(exc)
        else:
            problem = ""
        level_map = (obj.options or {}).get("level_map", {})
        from .compute import contract_periods
        from .history import amount_text, rule_terms

        written = {r.get("code"): r for r in (obj.definition or {}).get("rules", [])
                   if isinstance(r, dict)}

        try:
            periods = contract_periods(obj, engine) if engine and (
                obj.options or {}).get("periods") else []
        except EngineError as exc:
            periods, problem = [], problem or str(exc)
        name = obj.name  # the agency's; in English the definition's when it is its Chinese
        if english and engine is not None and obj.name == engine.name.zh:
            name = engine.name.en
        return {
            "scheme_name": name,
            "contract_periods": periods,
            "template_label": template_label(obj.template, english) or _("(blank)"),
            "engine": engine, "definition_problem": problem, "english": english,
            "periods_label": PERIOD_LABELS.get(engine.periods, engine.periods) if engine
            else "",
            "rules": [{"rule": r, "kind": KIND_LABELS.get(r.kind, r.kind),
                       "title": r.title.en if english else r.title.zh,
                       "terms": rule_terms(written.get(r.code)),
                       "interpretation": r.interpretation.en if english
                       else r.interpretation.zh,
                       "passes": threshold_text(engine, r, english),
                       "bands": [{"band": b, "bounds": b.bounds.text(english),
                                  "fine": amount_text(_fine_spec(b.fine)) if b.fine else ""}
                                 for b in r.bands]} for r in engine.rules]
            if engine else [],
            "tiers": [{"tier": t, "label": t.label.en if english else t.label.zh,
                       "bounds": t.bounds.text(english)} for t in engine.tiers]
            if engine else [],
            # the page's punctuation: full-width in Chinese, with spaces in English
            "punct": {"colon": ": ", "open": " (", "close": ")", "comma": ", ", "semi": "; "}
            if english else {"colon": "：", "open": "（", "close": "）", "comma": "，",
                             "semi": "；"},
            "level_map": sorted(level_map.items()),
            "late_payment_terms": late_payment_terms(engine, english),
            "bond": bond_row(engine, obj.contract, 0, english),
        }


def _fine_spec(amount: Any) -> dict[str, Any]:
    """An engine amount as the definition writes it (for history's reader of amounts)."""
    if amount.yuan is not None:
        return {"yuan": str(amount.yuan)}
    return {"percent": str(amount.percent), "of": amount.of or "contract_total"}


def threshold_text(engine: Any, rule: Any, english: bool) -> str:
    """What a threshold requires, in words, with the items its filter chooses and the unit of
    the value: "要求：运行率（配置项类型：database）≥ 99.9%" / "Required: availability (item
    type: database) ≥ 99.9%"; a hand-entered value's own unit ("要求：≥ 90%"). "" for any
    other rule."""
    if rule.kind != "threshold" or rule.passes is None:
        return ""
    measure = engine.measures.get(rule.measure) if rule.measure else None
    unit = rule.unit or (measure.unit if measure is not None and
                         measure.kind == "values" else "")
    colon, open_, close = (": ", " (", ")") if english else ("：", "（", "）")
    b = rule.passes
    bits = []
    if b.lower is not None:
        bits.append(f"{'≥' if b.lower_incl else '>'} {b.lower.normalize():f}{unit}")
    if b.upper is not None:
        bits.append(f"{'≤' if b.upper_incl else '<'} {b.upper.normalize():f}{unit}")
    text = (", " if english else "，").join(bits)
    if measure is not None:
        label = (measure.label.en if english else measure.label.zh) or measure.name
        chosen = []
        for name, values in rule.filter:
            title = measure.filters.get(name)
            title = (title.en if english else title.zh) if title else name
            chosen.append(f"{title}{colon}{(', ' if english else '、').join(values)}")
        which = f"{open_}{('; ' if english else '；').join(chosen)}{close}" if chosen else ""
        text = f"{label}{which}{'' if which and not english else ' '}{text}"
    return f"{pgettext('threshold', 'Required')}{colon}{text}"


class SchemeEditView(ObjectEditView):
    """Edit a scheme's name, base score, final payment and guarantee (agency admins)."""

    scope_model = Scheme
    form_class = forms.SchemeForm

    def save_object(self, form: Any) -> Model:
        """Only what was changed reaches the definition (an untouched form changes nothing)."""
        changed = {name: form.cleaned_data[name] for name in ("name", "base")
                   if name in form.changed_data}
        return actions.do_edit_scheme(form.instance, **changed,
                                      final_payment=form.cleaned_data["final_payment"],
                                      guarantee=form.cleaned_data["guarantee"],
                                      level_map=form.cleaned_data["level_map"])


def _rule_counts(definition: dict[str, Any], period: Any) -> list[dict[str, Any]]:
    """What each rule of a definition counted in a period (lines, points, fines, termination
    rights), every rule listed, those that counted nothing too."""
    from django.utils.translation import get_language

    english = not (get_language() or "zh").startswith("zh")
    rows = []
    for rule in definition.get("rules", []):
        codes = {rule.get("code"), *(p.get("code") for p in (*rule.get("bands", ()),
                                                            *rule.get("options", ())))}
        lines = [ln for ln in (period.lines if period is not None else ())
                 if ln.code in codes or ln.rule == rule.get("code")]
        title = rule.get("title")
        rows.append({"code": rule.get("code", ""),
                     "title": (title.get("en" if english else "zh") or title.get("zh", "")
                               if isinstance(title, dict) else title) or "",
                     "count": len(lines),
                     "points": sum((ln.points for ln in lines if not ln.pending), Decimal(0)),
                     "fine": sum((ln.fine for ln in lines if not ln.pending), Decimal("0.00")),
                     "rights": sum(1 for t in (period.terminations if period is not None
                                               else ()) if t.rule == rule.get("code"))})
    return rows


def last_closed_period(assessment: Any) -> Any:
    """The last period that ended before today (None while none has)."""
    today = timezone.localdate()
    closed = [p for p in (assessment.result.periods if assessment.result else [])
              if p.period.end < today]
    return closed[-1] if closed else None


class SchemeDefinitionView(ScopedView):
    """The agency's scheme editor: rules, tiers and periods as fields; "preview" computes the
    last closed period with the edited scheme without saving it, "save" saves it (validated
    by the engine, nothing half-saved)."""

    scope_model = Scheme
    scope_action = "change"
    template_name = "assessment/scheme_definition.html"

    def _scheme(self, request: HttpRequest, pk: Any) -> Scheme:
        return get_scoped_object(Scheme.objects.select_related("contract"), request.user,
                                 "change", pk=pk)

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        scheme = self._scheme(request, pk)
        form = forms.DefinitionForm(definition=scheme.definition or {},
                                    periods=(scheme.options or {}).get("periods"))
        return self._render(request, scheme, form)

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        import copy

        from yunwei.core import measures
        from yunwei.core.errors import Refused
        from yunwei.scoring.engine import EngineError, load_scheme

        scheme = self._scheme(request, pk)
        form = forms.DefinitionForm(request.POST, definition=scheme.definition or {},
                                    periods=(scheme.options or {}).get("periods"))
        if not form.is_valid():
            return self._render(request, scheme, form, status=400)
        data, periods = form.edited(), form.edited_periods()
        if "preview" in request.POST:
            draft = copy.copy(scheme)
            draft.definition = data
            draft.options = {**(scheme.options or {}), "periods": periods}
            try:
                load_scheme(data, known_measures=measures.known())
                preview = self._preview(draft)
            except EngineError as exc:
                form.add_error(None, str(exc))
                return self._render(request, scheme, form, status=400)
            try:
                current = self._preview(scheme)
            except EngineError:
                current = None
            return self._render(request, scheme, form, preview=preview, current=current)
        try:
            actions.do_edit_definition(scheme, data, periods)
        except Refused as exc:
            form.add_error(None, exc.message)
            return self._render(request, scheme, form, status=400)
        messages.success(request, _("The assessment scheme was saved."))
        return HttpResponseRedirect(scheme.get_absolute_url())

    @staticmethod
    def _preview(scheme: Scheme) -> dict[str, Any]:
        assessment = assess_periods(scheme)
        period = last_closed_period(assessment)
        return {"a": assessment, "period": period,
                "r": settle(assessment, period) if period is not None else None,
                "rules": _rule_counts(scheme.definition or {}, period)}

    def _render(self, request: HttpRequest, scheme: Scheme, form: Any, status: int = 200,
                **extra: Any) -> HttpResponse:
        return render(request, self.template_name, {
            "object": scheme, "scheme": scheme, "form": form,
            "groups": [{**g, "fields": form.bound(g["names"]),
                        "conditions": [form.bound(row) for row in g["conditions"]],
                        "parts": [{**p, "fields": form.bound(p["names"]),
                                   "conditions": [form.bound(row) for row in p["conditions"]]}
                                  for p in g["parts"]],
                        "add_band": form.bound(g.get("add_band") or [])} for g in form.groups],
            "new_band_rows": [form.bound(row) for row in form.new_band_rows],
            "late_fields": form.bound(form.late_names),
            "bond_fields": form.bound(form.bond_names),
            "new_fields": form.bound(form.new_names),
            "tier_rows": [{"legend": legend, "fields": form.bound(row)} for legend, row in
                          zip([*form.tier_legends, ""], form.tier_rows, strict=True)],
            "range_rows": [form.bound(row) for row in form.range_rows], **extra}, status=status)


def _period(request: HttpRequest, scheme: Scheme) -> tuple[Any, Any, HttpResponse | None]:
    """The contract's assessment and the period asked for (`?period=`, default the current
    one), or a response saying why there is none (in Chinese, never a 500)."""
    from yunwei.scoring.engine import EngineError

    try:
        assessment = assess_periods(scheme)
    except EngineError as exc:
        return None, None, HttpResponse(_("The assessment scheme is not valid: %(why)s")
                                        % {"why": str(exc)}, status=409,
                                        content_type="text/plain; charset=utf-8")
    period = assessment.period(request.GET.get("period") or None)
    if period is None and assessment.result is not None:
        return None, None, HttpResponse(_("No such assessment period."), status=404,
                                        content_type="text/plain; charset=utf-8")
    return assessment, period, None


class ScoreView(ScopedView):
    """The score of one of the contract's periods: every line with its evidence linked, what
    is pending, failed periods and termination rights, and the settlement."""

    scope_model = Scheme

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        scheme = get_scoped_object(Scheme.objects.select_related("contract"), request.user,
                                   "view", pk=pk)
        assessment, period, refused = _period(request, scheme)
        if refused is not None:
            return refused
        r = settle(assessment, period) if period is not None else None
        from yunwei.calendars import provider

        provider.invalidate()  # the due dates below read the holidays as they are now (and
        provider.holiday_version()  # the query count stays the same whatever the cache's age)
        objections = Objection.objects.filter(contract=scheme.contract_id).order_by("-created")
        payments = PaymentMilestone.read_conditions(list(  # all conditions at once, no N+1
            PaymentMilestone.objects.filter(contract=scheme.contract_id)
            .select_related("contract")))
        english = not (request.LANGUAGE_CODE or "zh").startswith("zh")
        engine = getattr(assessment, "engine", None)
        bond = bond_row(engine, scheme.contract,
                        r.guarantee_claim_yuan if r and r.guarantee else 0, english)
        return render(request, "assessment/score.html", {
            "scheme": scheme, "a": assessment, "r": r, "period": period,
            "periods": assessment.result.periods if assessment.result else [],
            "objections": objections[:50],
            "can_answer": actions.may_answer(request.user, scheme.contract_id),
            "can_decide": actions.may_decide(request.user, scheme.contract_id),
            "payments": payment_rows(payments, engine, english),
            "late_payment_terms": late_payment_terms(engine, english),
            "bond": bond,
            "payment_problems": payment_problems(scheme.contract, payments, english),
            "period_payments": period_payments(
                payments, r.fine_yuan, r.guarantee, english=english,
                bond=bond["amount"] if bond else None, fines_from=r.fines_from) if r else [],
            "final_capitals": capitals(r.final_payment_yuan) if r else "",
            "trend_data": {"months": [m for m, _ in r.trend] if r else [],
                           "scores": [float(s) for _, s in r.trend] if r else []},
        })


def _incomplete(assessment: Any) -> HttpResponse:
    """No statement while some records cannot be assessed (say why, never a guess)."""
    return HttpResponse("\n".join(assessment.problems), status=409,
                        content_type="text/plain; charset=utf-8")


class StatementView(ScopedView):
    """A period's statement as Excel: every line with its evidence, score, tier, fines, failed
    periods and termination rights, the settlement."""

    scope_model = Scheme

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        scheme = get_scoped_object(Scheme.objects.select_related("contract"), request.user,
                                   "view", pk=pk)
        assessment, period, refused = _period(request, scheme)
        if refused is not None:
            return refused
        if assessment.problems or period is None:
            return _incomplete(assessment)
        r = settle(assessment, period)
        code = period.period.code
        contract = scheme.contract
        book = xlsx.workbook()
        english = not (request.LANGUAGE_CODE or "zh").startswith("zh")
        draft_mark = pgettext("statement", "Draft (items await the agency's decision)") \
            if r.draft else ""  # said in the first row and on every printed page
        draft = pgettext("statement", "[DRAFT: items await the agency's decision; not a "
                                      "basis for settlement]") if r.draft else ""
        tier = (r.period.tier.en if english else r.period.tier.zh) if r.period.tier else ""
        above: list[list[Any]] = [
            [draft + pgettext("statement", "%(project)s (%(number)s) assessment statement, "
                                           "period %(code)s (%(start)s to %(end)s)") % {
                "project": contract.project_name, "number": contract.number,
                "code": _("the whole service period") if code == "all" else code,
                "start": period.period.start, "end": period.period.end}],
            [pgettext("statement", "Base score"), float(r.base or 0),
             pgettext("statement", "Score"), float(r.score) if r.score is not None else "",
             pgettext("statement", "Tier"), tier],
            [pgettext("statement", "Rule fines (yuan)"), float(r.rule_fines_yuan),
             pgettext("statement", "Tier fine (yuan)"), float(r.tier_fine_yuan),
             pgettext("statement", "Total (yuan)"), float(r.fine_yuan)],
            [pgettext("statement", "Scheduled final payment (yuan)"),
             float(r.scheduled_final_payment),
             pgettext("statement", "Final payment due (yuan)"), float(r.final_payment_yuan),
             pgettext("statement", "In capitals"), capitals(r.final_payment_yuan)],
        ]
        if r.guarantee:
            above.append([pgettext("statement", "Guarantee claim (yuan)"),
                          float(r.guarantee_claim_yuan)])
        for label, rights in ((pgettext("statement", "Failed period"), r.failed),
                              (pgettext("statement", "Termination right"), r.terminations)):
            for right in rights:
                above.append([label, right.rule, right.en if english else right.zh])
        above.append([])

        def explained(line: Any) -> str:
            return (line.explanation_en or line.explanation) if english else line.explanation

        def evidence(line: Any) -> str:
            return ("; " if english else "、").join(label for label, _url in line.evidence)

        rows: list[list[Any]] = [[line.rule, float(line.points), float(line.fine_yuan),
                                  evidence(line), explained(line)] for line in r.lines]
        if r.pending:
            rows += [[], [pgettext("statement", "Pending the agency's decision")]]
            rows += [[line.rule, "", "", evidence(line), explained(line)]
                     for line in r.pending]
        xlsx.table(book, pgettext("statement", "Assessment statement"),
                   [pgettext("statement", "Rule"), pgettext("statement", "Points"),
                    pgettext("statement", "Fine (yuan)"), pgettext("statement", "Evidence"),
                    pgettext("statement", "Explanation")],
                   rows, above=above, print_header=draft_mark)
        milestones = statement_payments(scheme, r, assessment, english)
        if milestones:
            xlsx.table(book, pgettext("statement", "Payment milestones"),
                       [pgettext("statement", "Payment"), pgettext("statement", "Share (%)"),
                        pgettext("statement", "Amount (yuan)"),
                        pgettext("statement", "In capitals"),
                        pgettext("statement", "Condition"),
                        pgettext("statement", "Condition met on"),
                        pgettext("statement", "Due on"), pgettext("statement", "Status"),
                        pgettext("statement", "Deduction (yuan)"),
                        pgettext("statement", "Amount payable (yuan)"),
                        pgettext("statement", "Late-payment penalty (yuan)")],
                       [[m["name"], float(m["percent"]), float(m["amount"]), m["capitals"],
                         m["condition"], m["met"], m["due"], m["status"],
                         float(m["deduction"]), float(m["payable"]),
                         float(m["penalty"]) if m["penalty"] is not None else ""]
                        for m in milestones], print_header=draft_mark)
        response = HttpResponse(xlsx.to_bytes(book), content_type=xlsx.CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="assessment-{contract.code}-{code}.xlsx"')
        return response


def statement_payments(scheme: Scheme, r: Any, assessment: Any,
                       english: bool) -> list[dict[str, Any]]:
    """The contract's payment milestones for a period's statement, as the score page shows
    them: terms, condition and when it was met, due date, status, the period's deduction, the
    amount payable and the agency's late-payment penalty (conditions read at once)."""
    payments = PaymentMilestone.read_conditions(list(
        PaymentMilestone.objects.filter(contract=scheme.contract_id).select_related("contract")))
    if not payments:
        return []
    engine = getattr(assessment, "engine", None)
    bond = bond_row(engine, scheme.contract, r.guarantee_claim_yuan if r.guarantee else 0,
                    english)
    due = {row["p"].pk: row for row in payment_rows(payments, engine, english)}
    out = []
    for row in period_payments(payments, r.fine_yuan, r.guarantee, english=english,
                               bond=bond["amount"] if bond else None):
        p, terms = row["p"], due[row["p"].pk]
        condition = p.condition_in(english)
        if row["source"] == "platform":
            condition = f"{condition} ({row['label']})" if english and condition else \
                (f"{condition}（{row['label']}）" if condition else row["label"])
        penalty = terms["penalty"]
        out.append({"p": p, "name": p.name_in(english), "percent": p.percent, "amount": p.amount,
                    "capitals": terms["capitals"], "condition": condition,
                    "met": row["met"].isoformat() if row["met"] else "",
                    "due": terms["due"].isoformat() if terms["due"] else "",
                    "status": p.get_status_display(), "deduction": row["deduction"],
                    "claim": row["claim"], "payable": row["payable"],
                    "penalty": penalty["amount"] if penalty else None,
                    "penalty_explanation": penalty["explanation"] if penalty else ""})
    return out


def _in_chinese(func: Any, *args: Any) -> Any:
    """The PDF statement is a Chinese document (signed and archived): its labels in Chinese."""
    from django.utils import translation

    with translation.override("zh-hans"):
        return func(*args)


class StatementPdfView(ScopedView):
    """A period's statement as PDF (Chinese fonts), for signing and the archive."""

    scope_model = Scheme

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        from yunwei.core.pdf import render_pdf

        scheme = get_scoped_object(Scheme.objects.select_related(
            "contract__agency", "contract__vendor"), request.user, "view", pk=pk)
        assessment, period, refused = _period(request, scheme)
        if refused is not None:
            return refused
        if assessment.problems or period is None:
            return _incomplete(assessment)
        r = settle(assessment, period)
        pdf = render_pdf("assessment/statement.html", {
            "scheme": scheme, "contract": scheme.contract, "period": period.period, "r": r,
            "amount_capitals": capitals(scheme.contract.amount),
            "fine_capitals": capitals(r.fine_yuan),
            "final_capitals": capitals(r.final_payment_yuan), "printed_at": timezone.localtime(),
            "milestones": _in_chinese(statement_payments, scheme, r, assessment, False),
        })
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="assessment-{scheme.contract.code}-{period.period.code}.pdf"')
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


class ObjectionDetailView(ObjectDetailView):
    """An objection: the vendor's rule, evidence and text, the agency's answer; "答复" for those
    who may answer (while it is open), "编辑" only for the vendor who filed it, unanswered."""

    scope_model = Objection
    template_name = "assessment/objection_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        return {"can_change": actions.may_edit_objection(user, obj),
                "can_answer": obj.status == "open" and actions.may_answer(user, obj.contract_id)}


class ObjectionEditView(_RecordEdit):
    """The vendor files an objection, and edits it while it is unanswered (only who filed
    it: the agency answers, it does not rewrite the vendor's text)."""

    scope_model = Objection
    form_class = forms.ObjectionForm

    def get_object(self, request: HttpRequest, pk: Any | None) -> Model:
        if pk is None:
            return super().get_object(request, pk)
        obj = get_scoped_object(Objection.objects.all(), request.user, "view", pk=pk)
        if not actions.may_edit_objection(request.user, obj):
            raise PermissionDenied
        return obj

    def save_object(self, form: Any) -> Model:
        """Filed and edited through the actions (the API's rules; the agency is told)."""
        data = form.cleaned_data
        if form.instance.pk is None:
            return actions.do_file_objection(data["contract"], actor=self.request.user,
                                             rule=data["rule"], evidence=data["evidence"],
                                             text=data["text"])
        return actions.do_edit_objection(form.instance.pk, actor=self.request.user,
                                         rule=data["rule"], evidence=data["evidence"],
                                         text=data["text"])


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
    "objections": (Objection, {**_crud(Objection, forms.ObjectionForm, tables.ObjectionTable,
                                       filtersets.ObjectionFilterSet),
                               "detail": ObjectionDetailView, "edit": ObjectionEditView}),
    "payments": (PaymentMilestone, _crud(PaymentMilestone, forms.PaymentMilestoneForm,
                                         tables.PaymentMilestoneTable,
                                         filtersets.PaymentMilestoneFilterSet)),
}


class ObjectionAnswerView(ScopedView):
    """The agency answers an objection (the vendor's text shown above the form)."""

    scope_model = Objection
    scope_action = "change"

    def _objection(self, request: HttpRequest, pk: Any) -> Objection:
        objection = get_scoped_object(Objection.objects.all(), request.user, "view", pk=pk)
        if not actions.may_answer(request.user, objection.contract_id):
            raise PermissionDenied
        return objection

    def _render(self, request: HttpRequest, objection: Objection, form: Any,
                status: int = 200) -> HttpResponse:
        return render(request, "assessment/objection_answer.html",
                      {"form": form, "object": objection}, status=status)

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        objection = self._objection(request, pk)
        return self._render(request, objection, forms.AnswerForm())

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        from yunwei.core.errors import Refused

        objection = self._objection(request, pk)
        form = forms.AnswerForm(request.POST)
        if not form.is_valid():
            return self._render(request, objection, form, status=400)
        try:
            actions.do_answer_objection(objection.pk, actor=request.user,
                                        status=form.cleaned_data["status"],
                                        answer=form.cleaned_data["answer"])
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self._render(request, objection, form, status=400)
        nxt = request.POST.get("next") or ""
        messages.success(request, _("The answer was saved."))
        if nxt.startswith("/") and not nxt.startswith("//"):
            return HttpResponseRedirect(nxt)
        return HttpResponseRedirect(objection.get_absolute_url())


class DecidePendingView(ScopedView):
    """The agency's administrator decides a pending line of the score page (POST only)."""

    scope_model = Scheme

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        from django.urls import reverse

        from yunwei.core.errors import Refused

        scheme = get_scoped_object(Scheme.objects.select_related("contract"), request.user,
                                   "view", pk=pk)
        if not actions.may_decide(request.user, scheme.contract_id):
            raise PermissionDenied
        form = forms.DecisionForm(request.POST)
        back = reverse("assessment:scheme_score", args=[scheme.pk])
        if form.is_valid():
            data = form.cleaned_data
            back += f"?period={data['period']}"
            try:
                actions.do_decide_pending(scheme, actor=request.user, period=data["period"],
                                          rule=data["rule"], ref=data["ref"] or "",
                                          deduct=data["deduct"], reason=data["reason"],
                                          points=data["points"] or 0, fine=data["fine"] or 0)
            except Refused as exc:
                messages.error(request, exc.message)
                return HttpResponseRedirect(back)
            messages.success(request, _("The decision was saved."))
            return HttpResponseRedirect(back)
        messages.error(request, " ".join(str(e) for errs in form.errors.values()
                                         for e in errs))
        return HttpResponseRedirect(back)

