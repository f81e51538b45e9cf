"""The O&M report's next-period plan: the period after the report's (table), and the plan
sources registered by inventory (inspection rounds), staffing (the roster) and this app
(documents due), each counted by hand on the 2026 arrangement (November has no holiday)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from yunwei.core import context, report_sections
from yunwei.deliverables import report, rules

pytestmark = pytest.mark.django_db
D = dt.date

NEXT = [  # report period -> the plan's period
    ((D(2026, 10, 1), D(2026, 10, 31)), (D(2026, 11, 1), D(2026, 11, 30))),
    ((D(2026, 1, 15), D(2026, 1, 31)), (D(2026, 2, 1), D(2026, 2, 28))),  # a cut first month
    ((D(2026, 10, 1), D(2026, 12, 31)), (D(2027, 1, 1), D(2027, 3, 31))),  # a quarter
    ((D(2026, 1, 1), D(2026, 12, 31)), (D(2027, 1, 1), D(2027, 12, 31))),  # a year
    ((D(2027, 12, 1), D(2027, 12, 31)), (D(2028, 1, 1), D(2028, 1, 31))),
    ((D(2026, 3, 2), D(2026, 3, 8)), (D(2026, 3, 9), D(2026, 3, 15))),  # seven days
]


@pytest.mark.parametrize(("period", "expected"), NEXT)
def test_next_period(period, expected):
    assert rules.next_period(*period) == expected


def test_each_app_registers_its_own_plan_source():
    assert {n: s.app for n, s in report_sections.PLANS.items()} == {
        "inventory": "inventory", "staffing": "staffing", "deliverables": "deliverables"}


def _plans(world) -> None:
    """A weekly inspection plan over two hosts, a daily night shift with two people rostered
    in November."""
    from yunwei.inventory import models as inv
    from yunwei.staffing import actions as staff
    from yunwei.staffing.models import Person, Post, ShiftPattern

    c = world.a.contract
    with context.acting(None, source="test"):
        host = inv.ItemType.objects.create(contract=c, code="host", name="主机", key_field="code")
        for code in ("H1", "H2"):
            inv.ConfigItem.objects.create(contract=c, item_type=host, code=code, name=code)
        tpl = inv.InspectionTemplate.objects.create(contract=c, item_type=host, name="周巡检")
        inv.InspectionPlan.objects.create(contract=c, template=tpl, name="主机周巡检",
                                          frequency="weekly", starts=D(2026, 1, 1),
                                          calendar=world.a.calendar)
        inv.InspectionPlan.objects.create(contract=c, template=tpl, name="明年计划",
                                          frequency="weekly", starts=D(2027, 1, 1))
        desk = Post.objects.create(contract=c, name="服务台")
        night = ShiftPattern.objects.create(contract=c, post=desk, name="夜班",
                                            start=dt.time(20), end=dt.time(8), days="daily")
        person = Person.objects.create(contract=c, name="王磊", employee_no="E1",
                                       entry_status="approved")
        person.posts.set([desk])
        for day in (1, 2):
            staff.do_add_shift(person, night, D(2026, 11, day), actor=world.a.users["vendor_pm"])


def test_the_plan_of_the_next_period_from_every_source(world):
    _plans(world)
    data = report.build(world.a.contract, D(2026, 10, 1), D(2026, 10, 31))
    section = data["sections"][-1]
    assert section["name"] == "plan" and section["title"] == "下期工作计划"
    assert "2026-11-01" in section["paragraphs"][0] and "2026-11-30" in section["paragraphs"][0]
    tables = {t["caption"]: t["rows"] for t in section["tables"]}
    assert list(tables) == ["计划巡检", "排班", "应交文档"]  # in the sources' order
    # weeks starting in November: Mondays 11-02 .. 11-30, each due on its Monday (window 1)
    assert tables["计划巡检"] == [["主机周巡检", "每周", 5, "2026-11-02、2026-11-09、2026-11-16、"
                                  "2026-11-23、2026-11-30", 2, "—"]]
    # 30 nights required, two rostered, 28 short; no roster drafted for November
    assert tables["排班"] == [["2026-11", "尚未编制", 30, 2, 28]]
    # October's monthly report: due 5 working days after Sat 10-31 -> Fri 11-06 (already owed);
    # November's falls due in December, not in the plan
    name = world.a.deliverables["documenttype"].name
    assert tables["应交文档"] == [["2026-11-06", name, "2026-10-01 – 2026-10-31", "待提交"]]
    refs = [ref for ref, _label, _url in section["records"]]
    assert any(ref.startswith("inventory.inspectionplan:") for ref in refs)
    assert any(ref.startswith("deliverables.deliverable:") for ref in refs)

    from docx import Document

    doc = Document(io.BytesIO(report.to_docx(data)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "下期工作计划" in text and "计划巡检" in text


def test_a_plan_with_nothing_planned_says_so(world):
    data = report.build(world.b.contract, D(2027, 12, 1), D(2027, 12, 31))
    section = data["sections"][-1]
    assert section["name"] == "plan" and "尚无" in section["paragraphs"][1]
