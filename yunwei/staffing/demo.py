"""Demo data: posts, shifts, a team with its entry checks and this month's roster."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

POSTS = [
    # post, qualifications, patterns (name, start, end, days, headcount)
    ("驻场主机工程师", "本科", [("白班", dt.time(9), dt.time(17, 30), "workdays", 2)]),
    ("服务台", "", [("日班", dt.time(8), dt.time(20), "daily", 1),
                   ("夜班", dt.time(20), dt.time(8), "daily", 1)]),
]
PEOPLE = [("王磊", ["驻场主机工程师"]), ("李娜", ["驻场主机工程师"]), ("张伟", ["驻场主机工程师"]),
          ("刘洋", ["服务台"]), ("陈静", ["服务台"]), ("杨帆", ["服务台", "驻场主机工程师"])]


def load(contracts: list[Any]) -> None:
    """Load the main demo contract's staffing (idempotent: existing rows are kept)."""
    from yunwei.calendars.models import WorkingCalendar
    from yunwei.contracts.models import Membership

    from . import actions
    from .models import Person, Post, Qualification, ShiftPattern, StaffingTerms

    if not contracts:
        return
    contract = contracts[0]
    StaffingTerms.objects.get_or_create(contract=contract)
    calendar = WorkingCalendar.objects.filter(contract=contract).first()
    posts = {}
    for name, quals, patterns in POSTS:
        post, _ = Post.objects.get_or_create(contract=contract, name=name, defaults={
            "qualifications": quals, "calendar": calendar})
        posts[name] = post
        for pname, start, end, days, headcount in patterns:
            ShiftPattern.objects.get_or_create(post=post, name=pname, defaults={
                "contract": contract, "start": start, "end": end, "days": days,
                "headcount": headcount})
    for i, (name, on) in enumerate(PEOPLE):
        person, made = Person.objects.get_or_create(contract=contract, name=name, defaults={
            "employee_no": f"E{i + 1:03d}", "phone": f"1380000{i + 1:04d}",
            "id_number": f"11010119900101{i + 1:04d}", "entry_status": "approved",
            "entry_decided_at": timezone.now()})
        if made:
            person.posts.set([posts[p] for p in on])
            Qualification.objects.create(contract=contract, person=person, name="本科")
    engineer = Membership.objects.filter(contract=contract, role="vendor_engineer").first()
    if engineer is not None:  # the demo engineer sees their own shifts (我的班次)
        Person.objects.filter(contract=contract, name=PEOPLE[0][0], user=None).update(
            user=engineer.user)
    today = timezone.localdate()
    actions.do_generate_roster(contract.pk, today.year, today.month, actor=None)
