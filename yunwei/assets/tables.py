"""Tables of the assets app."""

import django_tables2 as tables

from .models import Equipment


class EquipmentTable(tables.Table):
    """The equipment ledger."""

    name = tables.Column(linkify=True)
    contract = tables.Column(order_by=("contract__number",))

    class Meta:
        model = Equipment
        fields = ("category", "name", "brand", "model_number", "quantity", "location", "status",
                  "contract")
