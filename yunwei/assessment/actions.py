"""State changes of the assessment app (one transaction each, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from . import notify
from .choices import ObjectionStatus
from .definition import blank, template_data, with_fines_from
from .models import Objection, PendingDecision, Scheme


def do_copy_template(contract: Any, code: str, *, final_payment: Any = 0,
                     guarantee: bool | None = None) -> Scheme:
    """Give a contract a scheme from a template file (then edited as its own)."""
    return do_create_scheme(contract, template=code, final_payment=final_payment,
                            guarantee=guarantee)


@transaction.atomic
def do_save_definition(scheme: Scheme, data: Any, *, from_template: bool = False) -> Scheme:
    """Save a scheme's definition (the engine's format) after the engine has loaded it against
    the measures the platform supplies; a refusal (SchemeError, in Chinese and English) saves
    nothing. The scheme's name and base follow the definition. Payment milestones the
    definition gives become the contract's milestone rows (`take_milestones`: the one source
    of truth, their facts kept) and are not stored in the definition."""
    from yunwei.core import measures
    from yunwei.scoring.engine import load_scheme

    from .definition import milestones_given, without_milestones, without_unchanged_milestones
    from .models import PaymentMilestone

    data = without_unchanged_milestones(_jsonable(data), list(
        PaymentMilestone.objects.filter(contract=scheme.contract_id).order_by("seq", "pk")))
    loaded = load_scheme(data, known_measures=measures.known())
    problem = bond_missing(data, Scheme.objects.filter(pk=scheme.pk).values_list(
        "definition", flat=True).first() if scheme.pk else None)
    if problem:
        from yunwei.scoring.engine import SchemeError

        raise SchemeError([("", *problem)])
    scheme = Scheme.objects.select_for_update().select_related("contract").get(pk=scheme.pk)
    given = milestones_given(data)
    if given is not None:
        # a template's milestones only start a contract that has none yet; the contract's
        # own definition (a file, the API) sets its terms
        if not (from_template and PaymentMilestone.objects.filter(
                contract=scheme.contract_id).exists()):
            take_milestones(scheme.contract, given, from_template=from_template)
        data = without_milestones(data)
    scheme.definition = data
    scheme.name = loaded.name.zh[:200] if hasattr(loaded.name, "zh") else scheme.name
    if loaded.base is not None:
        scheme.base = loaded.base
    scheme.save()
    return scheme


#: Why fines cannot be claimed against a bond the contract does not set (zh, en).
NO_BOND = ("罚款从履约保证金中扣收，但合同未约定履约保证金：请先填写履约保证金"
           "（金额或合同总额的比例），或改为从付款中扣除",
           "Fines are to be claimed against the performance bond, but the contract sets no "
           "performance bond: enter the bond (an amount or a percentage of the contract total) "
           "first, or take the fines from a payment")


def bond_missing(data: Any, before: Any = None) -> tuple[str, str] | None:
    """NO_BOND when the definition claims fines against the bond (`fines_from: bond`) but sets
    no bond, and this is new: a definition `before` already in that state (stored before the
    rule) is not refused for an edit that leaves fines_from and the bond as they were."""
    def state(d: Any) -> tuple[Any, Any]:
        payments = (d or {}).get("payments") if isinstance(d, dict) else None
        payments = payments if isinstance(payments, dict) else {}
        return payments.get("fines_from"), payments.get("bond")

    where, bond = state(data)
    if where != "bond" or bond:
        return None
    return None if state(before) == (where, bond) else NO_BOND


@transaction.atomic
def do_follow_scheme_fields(scheme: Scheme, *, name: str | None = None,
                            base: Any = None) -> Scheme:
    """The scheme's name and base score as edited on its form, carried into its definition
    (validated like any save); the rest of the definition is left as it is."""
    from yunwei.core.errors import Refused
    from yunwei.scoring.engine import SchemeError

    data = dict(scheme.definition or {})
    if not data:
        return scheme
    if name is not None:
        label = data.get("name")
        data["name"] = {"zh": name, "en": label.get("en", name)} if isinstance(label, dict) \
            else {"zh": name, "en": name}
    if base is not None:
        data["base"] = _number(base)
    try:
        return do_save_definition(scheme, data)
    except SchemeError as exc:
        raise Refused(exc.zh, exc.en) from exc


def _number(value: Any) -> Any:
    from decimal import Decimal

    d = Decimal(str(value)).normalize()
    return int(d) if d == d.to_integral_value() else str(d)


@transaction.atomic
def do_edit_definition(scheme: Scheme, data: Any,
                       periods: dict[str, Any] | None = None) -> Scheme:
    """The agency's edit of a scheme's definition (rules, tiers, periods as the editor's fields
    made them): validated by the engine (a refusal is a `Refused` with every problem, nothing
    saved)."""
    from yunwei.core.errors import Refused
    from yunwei.scoring.engine import EngineError, SchemeError

    from .compute import contract_periods, engine_of

    try:
        scheme = do_save_definition(scheme, data)
        if periods is not None:
            scheme.options = {**(scheme.options or {}), "periods": periods}
            contract_periods(scheme, engine_of(scheme))  # refused when they do not fit
            scheme.save(update_fields=["options"])
    except (SchemeError, EngineError) as exc:
        raise Refused(exc.zh, exc.en) from exc
    return scheme



@transaction.atomic
def do_create_scheme(contract: Any, *, template: str = "", final_payment: Any = 0,
                     guarantee: bool | None = None, name: str = "") -> Scheme:
    """Give a contract a scheme as data, from a template file (yunwei/scoring/schemes) or
    blank; validated like any edit (nothing is saved when it is refused). `guarantee`, when
    given, says where fines are taken (`payments.fines_from`: bond, or the next payment)."""
    from yunwei.scoring.engine import SchemeError

    data = template_data(template) if template else blank(f"contract-{contract.pk}",
                                                          name or str(contract))
    if data is None:
        raise SchemeError([("template", f"未知的方案模板“{template}”",
                            f"unknown template {template!r}")])
    if guarantee is not None:
        data = with_fines_from(data, "bond" if guarantee else "next_payment")
    scheme = Scheme.objects.create(contract=contract, name=name or str(contract)[:200],
                                   template=template, final_payment=final_payment)
    # A template's payment figures are its own contract's: shares of this contract's total.
    return do_save_definition(scheme, data, from_template=bool(template))


#: What a milestone row records as it happens (kept whatever the definition says).
MILESTONE_FACTS = ("condition_date", "invoice_received_on", "paid_on", "delay_reason")


def take_milestones(contract: Any, items: list[dict[str, Any]], *,
                    from_template: bool = False) -> list[Any]:
    """The payment milestones of a definition (checked by the engine) as the contract's rows,
    in order: the Nth milestone's terms (name, share, amount, capitals, condition, date,
    trigger) go to the contract's Nth row, a new row when there is none; each row keeps its
    facts (condition met, invoice, paid, status, reason). Rows beyond the definition's are
    removed, refused (SchemeError, nothing saved) when they hold facts. Called inside the
    saving action's transaction."""
    from yunwei.scoring.engine import SchemeError
    from yunwei.scoring.money import MoneyError, read_capitals

    from .definition import row_terms
    from .models import PaymentMilestone, PaymentStatus

    rows = list(PaymentMilestone.objects.select_for_update().filter(contract=contract)
                .order_by("seq", "pk"))
    problems: list[tuple[str, str, str]] = []
    out = []
    for i, m in enumerate(items):
        where = f"payments.milestones[{i}]"
        terms = row_terms(m, i + 1, contract.amount, from_template)
        if terms["amount"] < 0:
            problems.append((f"{where}.amount", "金额不能为负", "the amount cannot be negative"))
        if terms["amount_capitals"]:
            try:
                read_capitals(terms["amount_capitals"])
            except MoneyError as exc:
                problems.append((f"{where}.capitals", exc.zh, exc.en))
        row = rows[i] if i < len(rows) else PaymentMilestone(contract=contract)
        changed = row.pk is None
        for key, value in terms.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
                changed = True
        out.append((row, changed))
    extra = rows[len(items):]
    for row in extra:
        if row.status != PaymentStatus.PLANNED or any(getattr(row, f) for f in MILESTONE_FACTS):
            problems.append(("payments.milestones",
                             f"合同的第 {row.seq} 期付款（{row.name}）已有记录（达成、发票或"
                             "付款），定义中不能少于现有的付款节点",
                             f"the contract's payment {row.seq} ({row.name}) already has facts "
                             "(met, invoiced or paid): the definition cannot drop it"))
    if problems:
        raise SchemeError(problems)
    for row in extra:
        row.delete()
    for row, changed in out:
        if changed:
            row.save()
    return [row for row, _changed in out]


def _jsonable(options: dict[str, Any]) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(options, default=str))


def may_answer(user: Any, contract_id: Any) -> bool:
    """Whether `user` may answer objections on this contract (the objection scope's "change":
    the agency's administrators); the score and objection pages ask the same."""
    from yunwei.core.scoping import can_on_contract

    return can_on_contract(user, Objection, "change", contract_id)


def may_edit_objection(user: Any, objection: Objection) -> bool:
    """The objection's rule, evidence and text are the vendor's: only who filed it edits
    them, while it is unanswered (and while the vendor side may still file objections); the
    system administrator too, as everywhere."""
    from yunwei.core.scoping import can_on_contract

    if objection.status != ObjectionStatus.OPEN:
        return False
    if getattr(user, "is_superuser", False) and user.is_active:
        return True  # system administrators may do everything (the platform's rule)
    return objection.filed_by_id == user.pk and can_on_contract(user, Objection, "add",
                                                                 objection.contract_id)


def _objection_fields(rule: Any, evidence: Any, text: Any) -> tuple[str, str, str]:
    """The vendor's rule, evidence and text, stripped; refused when one is missing or too
    long (the model's limits)."""
    from yunwei.core.errors import Refused

    rule, evidence, text = (str(v or "").strip() for v in (rule, evidence, text))
    if not rule:
        raise Refused("请填写所异议的规则代码", "give the rule code you object to", "rule")
    if len(rule) > 32:
        raise Refused("规则代码最多 32 个字符", "the rule code has at most 32 characters",
                      "rule")
    if not evidence:
        raise Refused("请填写所异议的扣分行（证据）", "give the line (evidence) you object to",
                      "evidence")
    if len(evidence) > 300:
        raise Refused("扣分行（证据）最多 300 个字符",
                      "the line (evidence) has at most 300 characters", "evidence")
    if not text:
        raise Refused("请写明异议理由", "give the grounds of the objection", "text")
    return rule, evidence, text


@transaction.atomic
def do_file_objection(contract: Any, *, actor: Any, rule: str, evidence: str,
                      text: str) -> Objection:
    """The vendor's project manager objects to a line of the assessment (its rule code and
    evidence as the score page shows them); the objection is open until the agency answers."""
    from yunwei.core.errors import Refused
    from yunwei.core.scoping import can_on_contract

    contract_id = getattr(contract, "pk", contract)
    if not can_on_contract(actor, Objection, "add", contract_id):
        raise Refused("您的角色不能提出异议", "your role may not file objections")
    rule, evidence, text = _objection_fields(rule, evidence, text)
    objection = Objection.objects.create(contract_id=contract_id, rule=rule,
                                         evidence=evidence, text=text, filed_by=actor)
    notify.objection_filed(objection)
    return objection


@transaction.atomic
def do_edit_objection(objection_id: int, *, actor: Any, rule: str, evidence: str,
                      text: str) -> Objection:
    """Who filed an objection changes its rule, evidence or text while it is unanswered
    (`may_edit_objection`: the agency answers, it does not rewrite the vendor's words)."""
    from yunwei.core.errors import Refused

    objection = Objection.objects.select_for_update().get(pk=objection_id)
    if objection.status != ObjectionStatus.OPEN:
        raise Refused("该异议已答复，不能再修改", "the objection has been answered and can no "
                      "longer be changed")
    if not may_edit_objection(actor, objection):
        raise Refused("只有提出异议的人可以修改异议", "only who filed the objection may change it")
    objection.rule, objection.evidence, objection.text = _objection_fields(rule, evidence, text)
    objection.save()
    return objection


@transaction.atomic
def do_answer_objection(objection_id: int, *, actor: Any, status: str, answer: str) -> Objection:
    """The agency answers an objection (accepted or rejected); the answer is kept. An accepted
    objection withdraws the line it names from the assessment (compute.apply_decisions)."""
    from yunwei.core.errors import Refused

    if status not in (ObjectionStatus.ACCEPTED, ObjectionStatus.REJECTED):
        raise Refused("请选择接受或驳回", "choose accepted or rejected", "status")
    if not (answer or "").strip():
        raise Refused("答复不能为空", "the answer is empty", "answer")
    objection = Objection.objects.select_for_update().get(pk=objection_id)
    if not may_answer(actor, objection.contract_id):
        raise Refused("您的角色不能答复异议", "your role may not answer objections")
    if objection.status != ObjectionStatus.OPEN:
        raise Refused("该异议已答复", "the objection has already been answered")
    objection.status = status
    objection.answer = answer.strip()
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save()
    notify.objection_answered(objection)
    return objection


def may_decide(user: Any, contract_id: Any) -> bool:
    """Whether `user` decides the pending lines of this contract (the agency's administrators,
    the PendingDecision scope's "add")."""
    from yunwei.core.scoping import can_on_contract

    return can_on_contract(user, PendingDecision, "add", contract_id)


@transaction.atomic
def do_decide_pending(scheme: Scheme, *, actor: Any, period: str, rule: str, ref: str,
                      deduct: bool, reason: str, points: Any = 0, fine: Any = 0
                      ) -> PendingDecision:
    """The agency decides a line the scheme leaves to it (待甲方决定): count it (with the
    points and fine it decides) or not, with a reason; kept (and audited) by the line's rule,
    evidence references and period, and applied whenever the period is assessed. The line
    must be pending in that period now; a decision already taken is refused."""
    from decimal import Decimal, InvalidOperation

    from yunwei.core.errors import Refused

    from .compute import assess_periods, line_key

    if not may_decide(actor, scheme.contract_id):
        raise Refused("您的角色不能决定待定事项", "your role may not decide pending items")
    if not (reason or "").strip():
        raise Refused("请写明理由", "give the reason", "reason")
    try:
        points_d = Decimal(str(points or 0)) if deduct else Decimal(0)
        fine_d = Decimal(str(fine or 0)) if deduct else Decimal(0)
    except InvalidOperation as exc:
        raise Refused("分值或违约金不是数字", "the points or the fine is not a number",
                      "points") from exc
    if not (points_d.is_finite() and fine_d.is_finite()) or abs(points_d) >= 10 ** 6 \
            or fine_d >= 10 ** 10:
        raise Refused("分值或违约金超出范围", "the points or the fine is out of range", "points")
    if fine_d < 0:
        raise Refused("违约金不能为负数", "the fine cannot be negative", "fine")
    if deduct and not points_d and not fine_d:
        raise Refused("计入时请填写分值或违约金", "give the points or the fine to count",
                      "points")
    if PendingDecision.objects.filter(contract_id=scheme.contract_id, period=period,
                                      rule=rule, ref=ref).exists():
        raise Refused("该事项已决定", "this item has already been decided")
    assessment = assess_periods(scheme)
    result = assessment.period(period) if period else None
    line = next((line for line in (result.lines if result is not None else ())
                 if line.pending and line.code == rule and line_key(line) == ref), None)
    if line is None:
        raise Refused("该考核期没有这一待定事项", "the period has no such pending item")
    decision = PendingDecision.objects.create(
        contract_id=scheme.contract_id, period=period, rule=rule, ref=ref, deduct=deduct,
        points=points_d, fine=fine_d, reason=reason.strip(), decided_by=actor,
        decided_at=timezone.now())
    notify.pending_decided(decision, scheme,
                           "、".join(ev.label or ev.ref for ev in line.evidence))
    return decision


@transaction.atomic
def do_edit_scheme(scheme: Scheme, *, name: str | None = None, base: Any = None,
                   final_payment: Any = None, guarantee: bool | None = None,
                   level_map: dict[str, str] | None = None) -> Scheme:
    """The agency's edit of a scheme's own fields (the scheme form and the API): what is given
    changes; a new name or base is carried into the definition (validated like any save; a
    refusal is a `Refused` and nothing is saved)."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    for field, value in (("name", name), ("base", base), ("final_payment", final_payment)):
        if value is not None:
            setattr(scheme, field, value)
    if guarantee is not None and guarantee != scheme.guarantee:
        # the box writes the definition's `fines_from`, the one place that decides
        edited = with_fines_from(scheme.definition or {},
                                 "bond" if guarantee else "next_payment")
        problem = bond_missing(edited, scheme.definition)
        if problem:
            from yunwei.core.errors import Refused

            raise Refused(*problem, field="guarantee")
        scheme.definition = edited
    if level_map is not None:
        options = dict(scheme.options or {})
        if level_map or "level_map" in options:
            options["level_map"] = level_map
        scheme.options = options
    scheme.save()
    changed = {k: v for k, v in (("name", name), ("base", base)) if v is not None}
    return do_follow_scheme_fields(scheme, **changed) if changed else scheme


@transaction.atomic
def do_set_lpr(effective: Any, percent: Any, note: str = "") -> Any:
    """Enter (or correct) the one-year LPR published for a day; audited like any change."""
    from decimal import Decimal, InvalidOperation

    from django.core.exceptions import ValidationError

    from .models import LoanPrimeRate

    try:
        value = Decimal(str(percent))
    except InvalidOperation as exc:
        raise ValidationError(f"无法识别的利率“{percent}” / cannot read rate {percent!r}") \
            from exc
    if not value.is_finite() or value < 0 or value > 100 or value != value.quantize(
            Decimal("0.01")):
        raise ValidationError("利率应为 0 至 100 之间、至多两位小数的百分数 / the rate is a "
                              "percentage between 0 and 100 with at most two decimals")
    row = LoanPrimeRate.objects.filter(effective=effective).first() or LoanPrimeRate(
        effective=effective)
    row.percent, row.note = value, note or row.note
    row.save()
    return row


@transaction.atomic
def do_delete_lpr(row: Any) -> None:
    """Remove an LPR entered by mistake."""
    row.delete()
