"""Contract dashboard figures: a fixed number of aggregate queries, whatever the data size."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .choices import Rating, State
from .filtersets import overdue
from .models import DeskSettings, Evaluation, WorkOrder

#: Satisfaction rate = (满意 + 基本满意) / all evaluations, as bureaus' contracts count it.
SATISFIED = (Rating.SATISFIED, Rating.BASICALLY)


def dashboard(contract: Any, months: int = 12, now: dt.datetime | None = None) -> dict[str, Any]:
    """Open and overdue counts, SLA compliance per month, satisfaction against the target."""
    now = now or timezone.now()
    orders = WorkOrder.objects.filter(contract=contract)
    open_states = [s for s in State.values if s != State.CLOSED]
    counts = orders.aggregate(
        open=Count("id", filter=Q(state__in=open_states)),
        overdue=Count("id", filter=overdue(now)),
        pending=Count("id", filter=Q(state=State.PENDING)),
        total=Count("id"),
    )
    local = timezone.localtime(now)
    index = local.year * 12 + local.month - 1 - (months - 1)
    start = getattr(contract, "service_start", None)
    if start is not None:  # no month before the service starts (nor after this one)
        index = min(max(index, start.year * 12 + start.month - 1),
                    local.year * 12 + local.month - 1)
    months = local.year * 12 + local.month - index
    first = local.replace(year=index // 12, month=index % 12 + 1, day=1, hour=0, minute=0,
                          second=0, microsecond=0)
    rows = (orders.filter(reported_at__gte=first)
            .annotate(month=TruncMonth("reported_at"))
            .values("month")
            .annotate(total=Count("id"),
                      resolved=Count("id", filter=Q(resolved_at__isnull=False)),
                      met=Count("id", filter=Q(resolved_at__isnull=False, sla_breached=False)),
                      breached=Count("id", filter=Q(sla_breached=True)))
            .order_by("month"))
    by_month = {timezone.localtime(r["month"]).strftime("%Y-%m")
                if isinstance(r["month"], dt.datetime) else r["month"].strftime("%Y-%m"): r
                for r in rows}
    labels, compliance, volume = [], [], []
    cursor = first.date() if isinstance(first, dt.datetime) else first
    for _ in range(months):
        key = cursor.strftime("%Y-%m")
        row = by_month.get(key, {"total": 0, "resolved": 0, "met": 0})
        labels.append(key)
        volume.append(row["total"])
        compliance.append(round(100 * row["met"] / row["resolved"], 1) if row["resolved"]
                          else None)
        cursor = (cursor.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    ratings = dict(Evaluation.objects.filter(work_order__contract=contract)
                   .values_list("rating").annotate(n=Count("id")))
    rated = sum(ratings.values())
    satisfied = sum(ratings.get(r, 0) for r in SATISFIED)
    settings = DeskSettings.objects.filter(contract=contract).first()
    target = settings.satisfaction_target if settings else 90
    rate = round(100 * satisfied / rated, 1) if rated else None
    return {
        **counts,
        "months": labels,
        "compliance": compliance,
        "volume": volume,
        "ratings": {str(label): ratings.get(code, 0) for code, label in Rating.choices},
        "rated": rated,
        "satisfaction": rate,
        "satisfaction_target": target,
        "satisfaction_ok": rate is None or rate >= target,
    }
