"""The data migration that turns equipment ledger lines into device items."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from yunwei.assets.models import Equipment
from yunwei.core import context
from yunwei.inventory.models import ConfigItem

pytestmark = pytest.mark.django_db
migration = importlib.import_module("yunwei.inventory.migrations.0002_equipment_to_items")


def test_every_ledger_line_becomes_a_device_item_once(world):
    with context.acting(None, source="test"):
        line = Equipment.objects.create(contract=world.a.contract, category="服务器",
                                        name="制卡服务器", brand="浪潮", model_number="NF5280M6",
                                        serial_number="SN-9", quantity=2, location="机房",
                                        status="spare")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # run twice: still one item per line
    item = ConfigItem.objects.get(equipment=line)
    assert (item.code, item.name, item.quantity, item.status) == (
        f"EQ-{line.pk:05d}", "制卡服务器", 2, "spare")
    assert item.attrs == {"category": "服务器", "brand": "浪潮", "model": "NF5280M6",
                          "serial": "SN-9", "location": "机房"}
    assert item.item_type.code == "device" and item.item_type.key_field == "serial"
    # the world's own lines (one per contract) too, each under its own contract's type
    for side in (world.a, world.b):
        got = ConfigItem.objects.get(equipment=side.equipment)
        assert got.contract_id == side.contract.pk == got.item_type.contract_id
    assert line.work_orders.count() == 0  # WorkOrder.equipment untouched
    migration.backwards(apps, None)
    assert not ConfigItem.objects.filter(equipment__isnull=False).exists()
    assert Equipment.objects.filter(pk=line.pk).exists()  # the ledger stays
