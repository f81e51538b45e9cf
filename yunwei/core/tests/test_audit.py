"""The audit trail: every change recorded with field codes; tampering is detected."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from yunwei.core import context
from yunwei.core.audit import verify_chain
from yunwei.core.models import AuditEvent
from yunwei.core.models.audit import AppendOnlyError

pytestmark = pytest.mark.django_db


def test_create_update_delete_are_recorded_with_field_codes(world):
    contract = world.a.contract
    with context.acting(world.a.users["agency_admin"], request_id="req-0001-abcdef"):
        contract.project_name = "新的项目名称"
        contract.amount = Decimal("1200000.50")
        contract.save()
    event = AuditEvent.objects.for_object(contract).first()
    assert event.action == "update"
    assert event.actor_username == world.a.users["agency_admin"].username
    assert event.request_id == "req-0001-abcdef"
    assert event.contract_id == contract.pk
    changed = {code for code, _, _ in event.changes()}
    assert changed >= {"project_name", "amount"}
    assert event.after["amount"] == "1200000.50"
    assert "agency_id" in event.after  # field codes (attnames), not translated labels
    assert all(k.isascii() for k in event.after)

    equipment = world.a.equipment
    pk = equipment.pk
    with context.acting(world.a.users["vendor_pm"]):
        equipment.delete()
    deleted = AuditEvent.objects.filter(object_type="assets.equipment", object_id=str(pk))
    assert deleted.first().action == "delete"
    assert deleted.first().before["name"] == equipment.name
    assert deleted.first().after is None


def test_saving_unchanged_object_writes_nothing(world):
    before = AuditEvent.objects.count()
    world.a.contract.save()
    assert AuditEvent.objects.count() == before


def test_user_password_is_never_written(world):
    user = world.a.users["requester"]
    user.set_password("a-new-secret-password")
    user.first_name = "改名"
    user.save()
    event = AuditEvent.objects.for_object(user).first()
    assert "password" not in event.after and "last_login" not in event.after


def test_audit_rows_are_append_only_from_the_application(world):
    event = AuditEvent.objects.first()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(actor_username="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_failed_transaction_leaves_no_audit_row(world):
    count = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        world.a.equipment.name = "回滚"
        world.a.equipment.save()
        raise RuntimeError("boom")
    assert AuditEvent.objects.count() == count
    assert verify_chain().ok


def test_chain_verifies(world):
    result = verify_chain()
    assert result.ok, result.problem
    assert result.rows == AuditEvent.objects.count() > 10


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_altered_row_is_named(world):
    target = AuditEvent.objects.order_by("id")[5]
    _raw("UPDATE core_auditevent SET object_repr = %s WHERE id = %s", ["篡改", target.pk])
    result = verify_chain()
    assert not result.ok
    assert result.row_id == target.pk
    assert f"#{target.pk}" in result.problem and "altered" in result.problem
    with pytest.raises(CommandError, match=f"#{target.pk}"):
        call_command("audit", "verify")


def test_altered_json_is_detected(world):
    target = AuditEvent.objects.filter(action="create", object_type="contracts.contract").first()
    after = dict(target.after, amount="1.00")
    _raw("UPDATE core_auditevent SET after = %s WHERE id = %s",
         [__import__("json").dumps(after), target.pk])
    result = verify_chain()
    assert not result.ok and result.row_id == target.pk


def test_deleted_row_is_named(world):
    target = AuditEvent.objects.order_by("id")[7]
    _raw("DELETE FROM core_auditevent WHERE id = %s", [target.pk])
    result = verify_chain()
    assert not result.ok
    assert result.row_id == target.pk
    assert "deleted" in result.problem


def test_deleted_last_row_is_detected(world):
    last = AuditEvent.objects.order_by("-id").first()
    _raw("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    result = verify_chain()
    assert not result.ok and "deleted" in result.problem


def test_inserted_row_is_detected(world):
    last = AuditEvent.objects.order_by("-id").first()
    # An out-of-band row: renumber the tail to make room and slip a forged row in the middle.
    middle = AuditEvent.objects.order_by("id")[3]
    _raw(
        "INSERT INTO core_auditevent (id, timestamp, actor_id, actor_username, request_id, source,"
        " action, object_type, object_id, object_repr, contract_id, before, after, prev_hash,"
        " hash) VALUES (%s, %s, NULL, 'mallory', '', '', 'create', 'x.y', '1', 'forged', NULL,"
        " NULL, NULL, %s, %s)",
        [last.pk + 1, middle.timestamp, last.hash, "f" * 64],
    )
    result = verify_chain()
    assert not result.ok
    assert result.row_id == last.pk + 1 or "head" in result.problem


def test_audit_verify_command_ok(world, capsys):
    call_command("audit", "verify")
    assert "OK" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain():
    """Eight threads write at once: ids stay consecutive and the chain verifies."""
    from yunwei.organizations.models import Organization

    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(5):
                with context.acting(None, source=f"t{n}"), transaction.atomic():
                    Organization.objects.create(kind="other", name=f"并发单位 {n}-{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    result = verify_chain()
    assert result.ok, result.problem
    assert AuditEvent.objects.filter(object_type="organizations.organization").count() == 40
