"""The registries this app fills: payment conditions (invoice received, another contract's
reference) and report sections that other apps add."""

from __future__ import annotations

import datetime as dt

import pytest

from yunwei.core import conditions, report_sections
from yunwei.deliverables import report

pytestmark = pytest.mark.django_db


def test_invoice_received_condition_reads_the_milestone(world):
    milestone = world.a.records["paymentmilestone"]
    ref = str(milestone.pk)
    assert conditions.met_on("invoice_received", world.a.contract, ref) is None
    milestone.invoice_received_on = dt.date(2026, 7, 3)
    milestone.save()
    assert conditions.met_on("invoice_received", world.a.contract, ref) == dt.date(2026, 7, 3)
    assert conditions.met_on("invoice_received", world.b.contract, ref) is None
    assert conditions.met_on("invoice_received", world.a.contract, "nonsense") is None
    with pytest.raises(KeyError):
        conditions.met_on("no_such_condition", world.a.contract, ref)


def test_another_apps_section_appears_in_order_and_feeds_the_appendix(world):
    def staffing(contract, start, end):
        if contract != world.a.contract:
            return None
        return {"title": "人员到岗", "paragraphs": [f"{start}～{end} 到岗率 98.5%"],
                "tables": [], "records": [("staffing.roster:7", "10 月排班表", "/staffing/7/")]}

    saved = dict(report_sections.SECTIONS)  # the apps' own sections, put back afterwards
    report_sections.register(report_sections.ReportSection("staffing", staffing, order=20))
    try:
        data = report.build(world.a.contract, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
        assert [s["name"] for s in data["sections"]] == ["workorders", "staffing", "plan"]
        assert ("人员到岗", "staffing.roster:7", "10 月排班表", "/staffing/7/") in \
            data["appendix"]
        other = report.build(world.b.contract, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
        assert [s["name"] for s in other["sections"]] == ["workorders", "plan"]
    finally:
        report_sections.SECTIONS.clear()
        report_sections.SECTIONS.update(saved)
