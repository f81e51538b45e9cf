"""The demo engagement loads idempotently with a person in every role."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from yunwei.contracts.models import Contract, Membership
from yunwei.core.audit import verify_chain
from yunwei.core.roles import Role

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_without_duplicates(capsys):
    call_command("demo", "--no-serve")
    first = (Contract.objects.count(), Membership.objects.count())
    call_command("demo", "--no-serve")
    assert (Contract.objects.count(), Membership.objects.count()) == first
    out = capsys.readouterr().out
    assert "jt_admin" in out and "yunwei-demo-2026" in out
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert verify_chain().ok


def test_worker_runs_jobs_once(capsys):
    call_command("demo", "--no-serve")
    contract = Contract.objects.first()
    contract.service_end = contract.service_start
    contract.save()
    call_command("worker", "--once")
    contract.refresh_from_db()
    assert contract.status == "expired"
