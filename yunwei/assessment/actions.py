"""State changes of the assessment app (one transaction each, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from .choices import ObjectionStatus
from .definition import blank, template_data
from .models import Objection, Scheme


def do_copy_template(contract: Any, code: str, *, final_payment: Any = 0,
                     guarantee: bool = False) -> Scheme:
    """Give a contract a scheme from a template file (then edited as its own)."""
    return do_create_scheme(contract, template=code, final_payment=final_payment,
                            guarantee=guarantee)


@transaction.atomic
def do_save_definition(scheme: Scheme, data: Any) -> Scheme:
    """Save a scheme's definition (the engine's format) after the engine has loaded it against
    the measures the platform supplies; a refusal (SchemeError, in Chinese and English) saves
    nothing. The scheme's name and base follow the definition."""
    from yunwei.core import measures
    from yunwei.scoring.engine import load_scheme

    data = _jsonable(data)
    loaded = load_scheme(data, known_measures=measures.known())
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    scheme.definition = data
    scheme.name = loaded.name.zh[:200] if hasattr(loaded.name, "zh") else scheme.name
    if loaded.base is not None:
        scheme.base = loaded.base
    scheme.save()
    return scheme


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
                     guarantee: bool = False, name: str = "") -> Scheme:
    """Give a contract a scheme as data, from a template file (yunwei/scoring/schemes) or
    blank; validated like any edit (nothing is saved when it is refused)."""
    from yunwei.scoring.engine import SchemeError

    data = template_data(template) if template else blank(f"contract-{contract.pk}",
                                                          name or str(contract))
    if data is None:
        raise SchemeError([("template", f"未知的方案模板“{template}”",
                            f"unknown template {template!r}")])
    scheme = Scheme.objects.create(contract=contract, name=name or str(contract)[:200],
                                   template=template, final_payment=final_payment,
                                   guarantee=guarantee)
    return do_save_definition(scheme, data)


def _jsonable(options: dict[str, Any]) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(options, default=str))


@transaction.atomic
def do_answer_objection(objection_id: int, *, actor: Any, status: str, answer: str) -> Objection:
    """The agency answers an objection (accepted or rejected); the answer is kept."""
    if status not in (ObjectionStatus.ACCEPTED, ObjectionStatus.REJECTED):
        raise ValueError("status must be accepted or rejected")
    if not answer.strip():
        raise ValueError("答复不能为空 / the answer is empty")
    objection = Objection.objects.select_for_update().get(pk=objection_id)
    objection.status = status
    objection.answer = answer.strip()
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save()
    return objection
