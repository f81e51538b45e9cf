"""FilterSets of the deliverables app."""

import django_filters
from django.utils.translation import gettext_lazy as _

from yunwei.core.filtersets import ScopedFilterSet

from .choices import AcceptanceStatus, Status
from .models import Acceptance, Deliverable, DocumentType


class DocumentTypeFilterSet(ScopedFilterSet):
    """Filter document types by contract."""

    class Meta:
        model = DocumentType
        fields = ["contract", "frequency"]


class DeliverableFilterSet(ScopedFilterSet):
    """Filter owed documents by contract, status and due date."""

    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("status"))
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte",
                                          label=_("due from"))
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte",
                                           label=_("due to"))

    class Meta:
        model = Deliverable
        fields = ["contract", "document_type"]


class AcceptanceFilterSet(ScopedFilterSet):
    """Filter acceptances by contract and status."""

    status = django_filters.ChoiceFilter(choices=AcceptanceStatus.choices, label=_("status"))

    class Meta:
        model = Acceptance
        fields = ["contract", "kind"]
