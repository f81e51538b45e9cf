"""Background jobs of the contracts app."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .choices import ContractStatus
from .models import Contract


def expire_contracts(today: dt.date | None = None) -> int:
    """Mark active contracts whose service period has ended as expired; returns the count."""
    today = today or timezone.localdate()
    count = 0
    for contract in Contract.objects.filter(status=ContractStatus.ACTIVE, service_end__lt=today):
        with transaction.atomic():
            contract.status = ContractStatus.EXPIRED
            contract.save(update_fields=["status", "updated"])
        count += 1
    return count
