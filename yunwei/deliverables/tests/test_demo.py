"""The demo loader makes a register with reviewed months and an acceptance, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from yunwei.deliverables.models import Acceptance, Deliverable, DocumentType

pytestmark = pytest.mark.django_db


def test_demo_register_loads_once():
    call_command("demo", "--no-serve")
    counts = (DocumentType.objects.count(), Deliverable.objects.count(),
              Acceptance.objects.count())
    assert counts[0] == 3 and counts[1] > 3 and counts[2] == 1
    statuses = set(Deliverable.objects.values_list("status", flat=True))
    assert {"approved", "submitted"} <= statuses
    assert Deliverable.objects.filter(returns=1).exists()
    call_command("demo", "--no-serve")
    assert (DocumentType.objects.count(), Deliverable.objects.count(),
            Acceptance.objects.count()) == counts
