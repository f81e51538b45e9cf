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


def _counts() -> dict[str, int]:
    from yunwei.assessment.models import Scheme
    from yunwei.calendars.models import SlaPolicy, SlaTarget, WorkingCalendar
    from yunwei.organizations.models import Organization
    from yunwei.workorders.models import DeskSettings, WorkOrder

    return {model.__name__: model.objects.count() for model in (
        Contract, Membership, Organization, WorkingCalendar, SlaPolicy, SlaTarget,
        DeskSettings, WorkOrder, Scheme)}


def test_demo_loads_again_after_its_data_was_edited(capsys):
    from yunwei.assessment.models import Scheme
    from yunwei.calendars.models import SlaPolicy, WorkingCalendar
    from yunwei.core import context
    from yunwei.organizations.models import Organization

    call_command("demo", "--no-serve")
    first = _counts()
    with context.acting(None, source="test"):
        for policy in SlaPolicy.objects.all():  # rename the SLA policy
            policy.name = f"{policy.name}（2026 修订）"
            policy.save()
        for calendar in WorkingCalendar.objects.all():
            calendar.name = f"{calendar.name}（改）"
            calendar.save()
        scheme = Scheme.objects.get()  # change the scheme
        scheme.name = "考核办法（修订）"
        scheme.base = 90
        scheme.save()
        vendor = Organization.objects.get(credit_code="91330100MA2B000028")
        vendor.name = "华诚视讯技术股份有限公司"  # the vendor changed its legal form
        vendor.save()
    call_command("demo", "--no-serve")
    assert _counts() == first
    scheme.refresh_from_db()
    assert (scheme.name, scheme.base) == ("考核办法（修订）", 90)  # edits are kept
    assert SlaPolicy.objects.get().name.endswith("（2026 修订）")
    assert verify_chain().ok


def test_demo_loads_again_after_the_sla_policy_was_renamed():
    # The reported failure: UNIQUE constraint failed: assessment_scheme.contract_id.
    from yunwei.calendars.models import SlaPolicy
    from yunwei.core import context

    call_command("demo", "--no-serve")
    first = _counts()
    with context.acting(None, source="test"):
        SlaPolicy.objects.update(name="运维服务水平（修订）")
    call_command("demo", "--no-serve")
    assert _counts() == first
