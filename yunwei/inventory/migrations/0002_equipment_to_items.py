"""Data migration: every equipment ledger line becomes a device item (EQ-<id>) of its contract,
linked back to the line (ConfigItem.equipment), so WorkOrder.equipment keeps pointing at the
ledger and the item page finds the orders through the link. Written without audit rows (a
migration runs outside the application); the ledger and its lines are left as they are."""

from django.db import migrations

DEVICE_FIELDS = [
    {"code": "category", "label": "类别", "kind": "text", "required": False, "choices": []},
    {"code": "brand", "label": "品牌", "kind": "text", "required": False, "choices": []},
    {"code": "model", "label": "型号", "kind": "text", "required": True, "choices": []},
    {"code": "serial", "label": "序列号", "kind": "text", "required": False, "choices": []},
    {"code": "location", "label": "位置", "kind": "text", "required": True, "choices": []},
]


def forwards(apps, schema_editor):
    Equipment = apps.get_model("assets", "Equipment")
    ItemType = apps.get_model("inventory", "ItemType")
    ConfigItem = apps.get_model("inventory", "ConfigItem")
    types = {}
    for eq in Equipment.objects.order_by("pk").iterator():
        device = types.get(eq.contract_id)
        if device is None:
            device, _ = ItemType.objects.get_or_create(
                contract_id=eq.contract_id, code="device",
                defaults={"name": "设备", "fields": DEVICE_FIELDS, "key_field": "serial"})
            types[eq.contract_id] = device
        if ConfigItem.objects.filter(equipment_id=eq.pk).exists():
            continue
        ConfigItem.objects.create(
            contract_id=eq.contract_id, item_type=device, code=f"EQ-{eq.pk:05d}", name=eq.name,
            equipment_id=eq.pk, quantity=eq.quantity, status=eq.status, notes=eq.notes,
            attrs={"category": eq.category, "brand": eq.brand, "model": eq.model_number,
                   "serial": eq.serial_number, "location": eq.location})


def backwards(apps, schema_editor):
    ConfigItem = apps.get_model("inventory", "ConfigItem")
    ConfigItem.objects.filter(equipment__isnull=False, code__startswith="EQ-").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0001_initial"),
        ("assets", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
