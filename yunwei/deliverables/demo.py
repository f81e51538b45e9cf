"""Demo data: the main demo contract's register (monthly report, quarterly summary, final
summary), its instances, a month's submissions and reviews, and a final acceptance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from yunwei.core.roles import Role


def load(contracts: list[Any]) -> None:
    """Idempotent: does nothing when the demo contract already has a register."""
    from yunwei.contracts.models import Membership

    from . import actions
    from .models import Acceptance, DocumentType

    contract = contracts[0]
    if DocumentType.objects.filter(contract=contract).exists():
        return
    monthly = DocumentType.objects.create(
        contract=contract, name="运维服务月报", frequency="monthly", due_workdays=5,
        reviewer_role=Role.AGENCY_ADMIN, review_workdays=10, deemed_approval=True,
        generated_report=True)
    quarterly = DocumentType.objects.create(
        contract=contract, name="季度巡检报告", frequency="quarterly", due_workdays=10,
        reviewer_role=Role.SUPERVISOR, review_workdays=10, deemed_approval=False)
    final = DocumentType.objects.create(
        contract=contract, name="运维服务工作总结报告", frequency="once",
        fixed_date=contract.service_end, due_workdays=0, reviewer_role=Role.AGENCY_ADMIN,
        review_workdays=15)
    now = timezone.now()
    for dtype in (monthly, quarterly, final):
        actions.do_generate(dtype, now)
    people = {m.role: m.user for m in Membership.objects.filter(contract=contract)
              .select_related("user")}
    vendor, agency = people.get(Role.VENDOR_PM), people.get(Role.AGENCY_ADMIN)
    if vendor is None or agency is None:
        return
    items = list(monthly.instances.filter(due_date__lt=timezone.localdate(now))
                 .order_by("period_end"))
    for i, item in enumerate(items):
        at = timezone.make_aware(dt.datetime.combine(item.due_date, dt.time(10)))
        actions.do_submit(item, vendor, content="月报（演示）".encode(),
                          name=f"月报-{item.period_end:%Y%m}.docx", now=at)
        if i == len(items) - 1:
            break  # the latest one waits for review
        if i == 0:
            actions.do_review(item, agency, approve=False, comments="请补充满意度统计",
                              now=at + dt.timedelta(days=1))
            actions.do_submit(item, vendor, content="月报（修订）".encode(),
                              name=f"月报-{item.period_end:%Y%m}-v2.docx",
                              now=at + dt.timedelta(days=2))
        actions.do_review(item, agency, approve=True, now=at + dt.timedelta(days=3))
    acc = Acceptance.objects.create(contract=contract, kind="final", name="竣工验收",
                                    organise_by=contract.service_end + dt.timedelta(days=42),
                                    deemed_after_workdays=40)
    acc.required_types.set([monthly, final])
