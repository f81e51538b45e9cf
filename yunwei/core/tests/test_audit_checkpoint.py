"""Checkpoints anchor the audit chain outside the database: a cut-off tail or a chain
re-computed with the key verifies on its own, but not against a checkpoint taken before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from yunwei.core import audit
from yunwei.core.audit import verify_chain
from yunwei.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _checkpoint(tmp_path, capsys) -> tuple:
    out = tmp_path / "audit-checkpoints.jsonl"
    call_command("audit", "checkpoint", "--out", str(out))
    printed = capsys.readouterr().out.strip()
    return out, json.loads(printed)


def _rows() -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("id"))


def test_checkpoint_records_the_end_of_the_chain(world, tmp_path, capsys):
    rows = _rows()
    out, printed = _checkpoint(tmp_path, capsys)
    line = json.loads(out.read_text().strip())
    assert line == printed
    assert line["last_id"] == rows[-1].pk and line["hash"] == rows[-1].hash
    assert line["rows"] == len(rows) and line["at"] and len(line["sig"]) == 64
    # a second checkpoint is appended to the same file
    world.a.equipment.name = "新名称"
    world.a.equipment.save()
    call_command("audit", "checkpoint", "--out", str(out))
    assert len(out.read_text().splitlines()) == 2


def test_untouched_chain_passes_against_its_checkpoints(world, tmp_path, capsys):
    out, _ = _checkpoint(tmp_path, capsys)
    world.a.equipment.name = "之后的修改"  # rows appended after a checkpoint are fine
    world.a.equipment.save()
    call_command("audit", "checkpoint", "--out", str(out))
    capsys.readouterr()
    call_command("audit", "verify", "--checkpoint", str(out))
    printed = capsys.readouterr().out
    assert "audit chain OK" in printed and "2 checkpoint(s) match" in printed


def test_truncated_tail_passes_plain_verify_but_not_the_checkpoint(world, tmp_path, capsys):
    out, line = _checkpoint(tmp_path, capsys)
    rows = _rows()
    keep = rows[-4]  # cut the last three rows and rewind the head: no key is needed
    _raw("DELETE FROM core_auditevent WHERE id > %s", [keep.pk])
    _raw("UPDATE core_auditchainhead SET last_id = %s, last_hash = %s WHERE id = 1",
         [keep.pk, keep.hash])
    # The limit of the chain alone: it cannot tell a cut-off tail from a shorter history.
    result = verify_chain()
    assert result.ok and result.rows == len(rows) - 3
    call_command("audit", "verify")
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify", "--checkpoint", str(out))
    message = str(refused.value)
    assert f"rows #{keep.pk + 1}–#{rows[-1].pk} are missing" in message
    assert "line 1" in message and line["at"] in message


def test_chain_recomputed_with_the_key_fails_the_checkpoint(world, tmp_path, capsys):
    out, _ = _checkpoint(tmp_path, capsys)
    rows = _rows()
    target = rows[5]
    # Whoever holds the key (beside the database when SECRET_KEY is not in the environment)
    # alters a row and re-computes every hash after it.
    _raw("UPDATE core_auditevent SET object_repr = %s WHERE id = %s", ["篡改", target.pk])
    prev = rows[4].hash
    for event in AuditEvent.objects.filter(id__gte=target.pk).order_by("id"):
        event.prev_hash = prev
        event.hash = prev = audit.compute_hash(event)
        _raw("UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
             [event.prev_hash, event.hash, event.pk])
    _raw("UPDATE core_auditchainhead SET last_hash = %s WHERE id = 1", [prev])
    assert verify_chain().ok  # the forgery is a sound chain on its own
    with pytest.raises(CommandError, match=f"row #{rows[-1].pk} does not match the hash"):
        call_command("audit", "verify", "--checkpoint", str(out))


def test_altered_checkpoint_or_other_key_is_named(world, tmp_path, capsys, settings):
    out, line = _checkpoint(tmp_path, capsys)
    forged = dict(line, last_id=line["last_id"] - 3, rows=line["rows"] - 3)
    out.write_text(json.dumps(forged) + "\n")
    with pytest.raises(CommandError, match="does not match its signature"):
        call_command("audit", "verify", "--checkpoint", str(out))
    out.write_text(json.dumps(line) + "\n")
    settings.AUDIT_CHAIN_KEY = "another key"  # a checkpoint signed with another key
    result = audit.verify_checkpoint(line)
    assert not result.ok and "signature" in result.problem


def test_unreadable_checkpoint_file_is_a_clear_error(world, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    with pytest.raises(CommandError, match="line 1 is not an audit checkpoint"):
        call_command("audit", "verify", "--checkpoint", str(bad))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("audit", "verify", "--checkpoint", str(tmp_path / "none.jsonl"))


def test_broken_chain_is_not_signed(world, tmp_path):
    target = _rows()[3]
    _raw("UPDATE core_auditevent SET object_repr = %s WHERE id = %s", ["篡改", target.pk])
    out = tmp_path / "c.jsonl"
    with pytest.raises(CommandError, match="no checkpoint written"):
        call_command("audit", "checkpoint", "--out", str(out))
    assert not out.exists()


def test_checkpoint_goes_to_the_log_and_the_admins(world, tmp_path, capsys, settings, caplog):
    settings.ADMINS = ["ops@bureau.example"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with caplog.at_level("INFO", logger="yunwei.audit"):
        call_command("audit", "checkpoint", "--log", "--mail")
    line = capsys.readouterr().out.strip()
    assert any(line in record.getMessage() for record in caplog.records)
    assert len(mail.outbox) == 1 and line in mail.outbox[0].body
    assert mail.outbox[0].to == ["ops@bureau.example"]


# --- the key must not sit beside the database ---------------------------------------------

ROOT = Path(__file__).resolve().parents[3]


def test_check_refuses_a_key_from_the_data_dir(settings, monkeypatch):
    from yunwei.core.checks import audit_key_outside_data_dir

    monkeypatch.delenv("YUNWEI_DEMO", raising=False)
    settings.SECRET_KEY_FILE = "/var/lib/yunwei/secret_key"
    settings.AUDIT_CHAIN_KEY = ""
    settings.DEBUG = False
    settings.TESTING = False
    errors = audit_key_outside_data_dir()
    assert [e.id for e in errors] == ["yunwei.E001"]
    assert "/var/lib/yunwei/secret_key" in errors[0].msg and "审计链密钥" in errors[0].msg
    settings.AUDIT_CHAIN_KEY = "a key kept in the environment"
    assert audit_key_outside_data_dir() == []
    settings.AUDIT_CHAIN_KEY = ""
    settings.SECRET_KEY_FILE = ""  # SECRET_KEY from the environment
    assert audit_key_outside_data_dir() == []
    settings.SECRET_KEY_FILE = "/var/lib/yunwei/secret_key"
    settings.DEBUG = True  # a development machine
    assert audit_key_outside_data_dir() == []


def _start(args: list[str], tmp_path, **extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "YUNWEI_DATA_DIR": str(tmp_path), "YUNWEI_ENV": "development",
           "DJANGO_SETTINGS_MODULE": "yunwei.settings", **extra}
    for name in ("YUNWEI_TESTING", "SECRET_KEY", "AUDIT_CHAIN_KEY", "YUNWEI_DEBUG",
                 "YUNWEI_DEMO", "DATABASE_URL"):
        if name not in extra:
            env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "yunwei.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=120)


def test_worker_and_deploy_check_refuse_to_start_with_the_data_dir_key(tmp_path):
    worker = _start(["worker", "--once"], tmp_path)
    assert worker.returncode != 0
    assert "yunwei.E001" in worker.stderr and str(tmp_path / "secret_key") in worker.stderr
    deploy = _start(["check", "--deploy"], tmp_path)
    assert deploy.returncode != 0 and "yunwei.E001" in deploy.stderr
    plain = _start(["check"], tmp_path)  # everyday commands (migrate, makemigrations) still run
    assert plain.returncode == 0, plain.stderr
    keyed = _start(["check", "--deploy", "--tag", "yunwei"], tmp_path,
                   SECRET_KEY="k" * 60, AUDIT_CHAIN_KEY="a" * 60)
    assert keyed.returncode == 0, keyed.stderr
