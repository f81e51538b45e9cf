"""Tables of the assessment app."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

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


def _table(model: type, fields: tuple[str, ...]) -> type:
    meta = type("Meta", (), {"model": model, "fields": fields})
    attrs = {"Meta": meta, fields[0]: tables.Column(linkify=True)}
    return type(f"{model.__name__}Table", (tables.Table,), attrs)


SchemeTable = type("SchemeTable", (_table(Scheme, ("name", "contract", "base", "final_payment")),),
                   {"guarantee": tables.BooleanColumn(  # read from the definition
                       verbose_name=_("performance guarantee"), orderable=False)})
AccidentTable = _table(Accident, ("ref", "level", "occurred_at", "report_submitted_at",
                                  "contract"))
PersonnelRecordTable = _table(PersonnelRecord, ("person", "kind", "date", "minutes",
                                                "contract"))
QuarterEvaluationTable = _table(QuarterEvaluation, ("quarter", "unit", "rating", "contract"))
PraiseTable = _table(Praise, ("event", "level", "date", "checked", "contract"))
ManualEntryTable = _table(ManualEntry, ("rule", "date", "count", "evidence", "contract"))
ObjectionTable = _table(Objection, ("rule", "evidence", "status", "created", "contract"))


class PaymentMilestoneTable(_table(PaymentMilestone, ("name", "percent", "amount",  # type: ignore[misc]
                                                      "condition_date", "status", "paid_on",
                                                      "contract"))):
    """The milestones, each named in the reader's language."""

    name = tables.Column(linkify=True, verbose_name=_("name"))

    def render_name(self, record: PaymentMilestone) -> str:
        return record.local_name
