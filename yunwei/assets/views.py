"""Views of the assets app."""

from typing import Any

from django.db.models import QuerySet

from yunwei.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .filtersets import EquipmentFilterSet
from .forms import EquipmentForm
from .models import Equipment
from .tables import EquipmentTable


class EquipmentListView(ObjectListView):
    """The equipment ledger across the user's contracts."""

    scope_model = Equipment
    table_class = EquipmentTable
    filterset_class = EquipmentFilterSet

    def base_queryset(self) -> QuerySet:
        return Equipment.objects.select_related("contract")


class EquipmentDetailView(ObjectDetailView):
    """One ledger line."""

    scope_model = Equipment
    template_name = "assets/equipment_detail.html"

    def base_queryset(self) -> QuerySet:
        return Equipment.objects.select_related("contract")


class EquipmentEditView(ObjectEditView):
    """Add or edit a ledger line."""

    scope_model = Equipment
    form_class = EquipmentForm

    def get_form(self, request: Any, obj: Any, data: Any = None) -> EquipmentForm:
        form = super().get_form(request, obj, data)
        if obj.pk is None and request.GET.get("contract"):
            form.fields["contract"].initial = request.GET.get("contract")
        return form


class EquipmentDeleteView(ObjectDeleteView):
    """Delete a ledger line."""

    scope_model = Equipment
    success_url_name = "assets:equipment_list"
