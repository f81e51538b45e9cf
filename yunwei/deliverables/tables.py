"""Tables of the deliverables app."""

import django_tables2 as tables

from .models import Acceptance, Deliverable, DocumentType


class DocumentTypeTable(tables.Table):
    """The register of document types."""

    name = tables.Column(linkify=True)
    contract = tables.Column(order_by=("contract__number",))

    class Meta:
        model = DocumentType
        fields = ("name", "frequency", "due_workdays", "reviewer_role", "review_workdays",
                  "deemed_approval", "contract")


class DeliverableTable(tables.Table):
    """Owed documents."""

    document_type = tables.Column(linkify=lambda record: record.get_absolute_url())
    contract = tables.Column(order_by=("contract__number",))

    class Meta:
        model = Deliverable
        fields = ("document_type", "period_start", "period_end", "due_date", "status",
                  "version", "review_deadline", "contract")


class AcceptanceTable(tables.Table):
    """Acceptances."""

    name = tables.Column(linkify=True)
    contract = tables.Column(order_by=("contract__number",))

    class Meta:
        model = Acceptance
        fields = ("name", "kind", "status", "organise_by", "requested_on", "passed_on",
                  "contract")
