"""core.bulk.insert_audited against Model.save(): the same row, the same audit content, and
what it skips (save signals)."""

from __future__ import annotations

import pytest
from django.db.models.signals import post_save, pre_save

from yunwei.assets.models import Equipment
from yunwei.core import context
from yunwei.core.audit import verify_chain
from yunwei.core.bulk import insert_audited
from yunwei.core.models import AuditEvent

pytestmark = pytest.mark.django_db

#: Set on both objects; the others keep their defaults (quantity, status, notes ...).
VALUES = {"category": "终端", "name": "批量 视频终端", "brand": "华为", "serial_number": "SN-1",
          "location": "3楼"}
#: Differ by nature between two inserts: the key and the insert times.
OWN = {"id", "created", "updated"}


def _row(obj: Equipment) -> dict:
    return Equipment.objects.filter(pk=obj.pk).values().get()


def _event(obj: Equipment) -> AuditEvent:
    events = list(AuditEvent.objects.for_object(obj))
    assert len(events) == 1, events
    return events[0]


def test_insert_audited_writes_the_row_and_audit_that_save_writes(world):
    contract = world.a.contract
    bulk, saved = Equipment(contract=contract, **VALUES), Equipment(contract=contract, **VALUES)
    with context.acting(world.a.users["vendor_pm"], request_id="bulk-0001", source="api"):
        insert_audited([bulk])
        saved.save()

    assert bulk.pk is not None and bulk.pk != saved.pk and not bulk._state.adding
    bulk_row, saved_row = _row(bulk), _row(saved)
    assert {k: v for k, v in bulk_row.items() if k not in OWN} == \
        {k: v for k, v in saved_row.items() if k not in OWN}
    assert bulk_row["quantity"] == 1 and bulk_row["status"] == saved_row["status"]  # defaults
    assert bulk_row["created"] is not None and bulk_row["updated"] is not None  # auto_now(_add)
    assert bulk.created == bulk_row["created"]  # the object holds what was written

    bulk_event, saved_event = _event(bulk), _event(saved)
    fields = ("action", "actor_id", "actor_username", "request_id", "source", "object_type",
              "object_repr", "contract_id", "before")
    assert [getattr(bulk_event, f) for f in fields] == [getattr(saved_event, f) for f in fields]
    assert bulk_event.action == "create" and bulk_event.before is None
    assert bulk_event.actor_username == world.a.users["vendor_pm"].username
    assert (bulk_event.request_id, bulk_event.source) == ("bulk-0001", "api")
    assert bulk_event.contract_id == contract.pk
    assert {k: v for k, v in bulk_event.after.items() if k not in OWN} == \
        {k: v for k, v in saved_event.after.items() if k not in OWN}
    assert bulk_event.after["id"] == bulk.pk and saved_event.after["id"] == saved.pk
    assert "updated" not in bulk_event.after  # auto_now is never audited, as with save()
    assert verify_chain().ok


def test_insert_audited_several_objects_in_one_statement(world):
    objs = [Equipment(contract=world.a.contract, **{**VALUES, "name": f"批量 {i}"})
            for i in range(3)]
    with context.acting(None, source="test"):
        insert_audited(objs)
    assert [o.name for o in Equipment.objects.filter(pk__in=[o.pk for o in objs])
            .order_by("pk")] == ["批量 0", "批量 1", "批量 2"]
    assert [_event(o).after["name"] for o in objs] == ["批量 0", "批量 1", "批量 2"]
    assert verify_chain().ok


def test_insert_audited_sends_no_save_signals(world):
    """Documented behaviour: like bulk_create, insert_audited sends neither pre_save nor
    post_save; the audit row (which save() writes from post_save) it appends itself. Any other
    receiver does not run for objects inserted this way."""
    calls: list[tuple[str, int | None]] = []

    def on_pre(sender, instance, **kwargs):
        calls.append(("pre_save", instance.pk))

    def on_post(sender, instance, created, **kwargs):
        calls.append(("post_save", instance.pk))

    pre_save.connect(on_pre, sender=Equipment, dispatch_uid="test-bulk-pre")
    post_save.connect(on_post, sender=Equipment, dispatch_uid="test-bulk-post")
    try:
        bulk = Equipment(contract=world.a.contract, **VALUES)
        insert_audited([bulk])
        assert calls == []
        saved = Equipment(contract=world.a.contract, **VALUES)
        saved.save()
        assert calls == [("pre_save", None), ("post_save", saved.pk)]
    finally:
        pre_save.disconnect(dispatch_uid="test-bulk-pre", sender=Equipment)
        post_save.disconnect(dispatch_uid="test-bulk-post", sender=Equipment)


def test_models_inserted_with_insert_audited_have_no_other_save_receivers():
    """So skipping the signals loses nothing today: the models the hot paths insert this way
    (work orders, their SLA clocks) have no pre_save/post_save receiver but the audit trail's.
    A new receiver on them must be run by insert_audited's caller, or this fails."""
    from yunwei.calendars.models import SlaClockRecord
    from yunwei.core import signals as audit_signals
    from yunwei.workorders.models import WorkOrder

    for model in (WorkOrder, SlaClockRecord):
        for signal, audit_receiver in ((pre_save, audit_signals._pre_save),
                                       (post_save, audit_signals._post_save)):
            sync, async_ = signal._live_receivers(model)  # Django's own lookup
            assert [*sync, *async_] == [audit_receiver], (model, signal, sync, async_)
