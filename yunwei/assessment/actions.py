"""State changes of the assessment app (one transaction each, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from yunwei.scoring.templates import TEMPLATES

from .choices import ObjectionStatus
from .models import Objection, Scheme, SchemeRule, SchemeTier


@transaction.atomic
def do_copy_template(contract: Any, code: str, *, final_payment: Any = 0,
                     guarantee: bool = False) -> Scheme:
    """Give a contract a scheme copied from a built-in template (then edited as its own)."""
    template = TEMPLATES[code]
    scheme = Scheme.objects.create(contract=contract, name=template.name, template=code,
                                   base=template.base, options=_jsonable(template.options),
                                   final_payment=final_payment, guarantee=guarantee)
    for rule in template.rules:
        SchemeRule.objects.create(scheme=scheme, code=rule.code, category=rule.category,
                                  description=rule.description, points=rule.points,
                                  fine_percent=rule.fine_percent, trigger=rule.trigger,
                                  interpretation=rule.interpretation)
    for tier in template.tiers:
        SchemeTier.objects.create(scheme=scheme, lower=tier.lower, upper=tier.upper,
                                  fine_percent=tier.fine_percent, label=tier.label)
    return scheme


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
