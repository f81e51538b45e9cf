"""Acceptance as a process (checklist, opinions, findings, signatures, deemed passing, the
ZIP package with its index PDF) and the O&M report read back from DOCX and PDF. Expected
figures are counted by hand from the records made here."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile

import pytest

from yunwei.core import conditions
from yunwei.core.errors import Refused
from yunwei.deliverables import actions, package, report
from yunwei.deliverables.models import Acceptance, DocumentType

from .test_flow import at, run_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(world):
    dtype = DocumentType.objects.create(
        contract=world.a.contract, name="运维服务工作总结报告", frequency="once",
        fixed_date=dt.date(2026, 12, 15), due_workdays=0, reviewer_role="supervisor",
        review_workdays=15)
    actions.do_generate(dtype, at(2026, 1, 1))
    return dtype


@pytest.fixture
def acceptance(world, summary):
    acc = Acceptance.objects.create(contract=world.a.contract, kind="final", name="竣工验收",
                                    deemed_after_workdays=40)
    acc.required_types.set([summary])
    return acc


def test_final_acceptance_from_request_to_signed_package(world, summary, acceptance):
    u = world.a.users
    with pytest.raises(Refused):
        actions.do_request_acceptance(acceptance, u["agency_admin"])  # the vendor asks
    actions.do_request_acceptance(acceptance, u["vendor_pm"], now=at(2026, 12, 16))
    assert acceptance.status == "in_review"
    # 40 working days after Wed 12-16: 12-17..12-31 is 11; 2027's arrangement is not
    # published, so Mon-Fri: 01-01 (Fri) is the 12th, 01-04..02-05 adds 25 (37), 02-08, 02-09,
    # 02-10 -> the 40th is 02-10; deemed passed from 02-11.
    assert acceptance.deemed_on == dt.date(2027, 2, 10)

    with pytest.raises(Refused):
        actions.do_record_opinion(acceptance, u["expert"], reviewer="王专家",
                                  reviewer_role="expert", opinion="同意", passed=True)
    actions.do_record_opinion(acceptance, u["agency_admin"], reviewer="王专家",
                              reviewer_role="expert", opinion="资料齐全，同意通过", passed=True)
    with pytest.raises(Refused):
        actions.do_add_finding(acceptance, u["vendor_pm"], text="x",
                               deadline=dt.date(2026, 12, 23))
    finding = actions.do_add_finding(acceptance, u["supervisor"], text="巡检记录缺少签字",
                                     deadline=dt.date(2026, 12, 23))
    with pytest.raises(Refused) as info:  # the summary is not approved yet
        actions.do_sign(acceptance, u["agency_admin"], passed=True, result="通过")
    assert "运维服务工作总结报告" in info.value.zh

    doc = summary.instances.get()
    actions.do_submit(doc, u["vendor_pm"], content=b"%summary", name="总结报告.pdf",
                      now=at(2026, 12, 15))
    with pytest.raises(Refused):
        actions.do_review(doc, u["agency_admin"], approve=True)  # the supervisor reviews it
    actions.do_review(doc, u["supervisor"], approve=True, now=at(2026, 12, 17))
    with pytest.raises(Refused) as info:  # the finding is still open
        actions.do_sign(acceptance, u["agency_admin"], passed=True, result="通过")
    assert "整改" in info.value.zh
    actions.do_rectify(finding, u["vendor_pm"], rectification="已补签", now=at(2026, 12, 18))
    with pytest.raises(Refused):  # the vendor cannot countersign before the agency signs
        actions.do_sign(acceptance, u["vendor_pm"])
    with pytest.raises(Refused):  # nor decide
        actions.do_sign(acceptance, u["vendor_pm"], passed=True, result="通过")
    actions.do_sign(acceptance, u["agency_admin"], passed=True, result="验收合格",
                    now=at(2026, 12, 21))
    actions.do_sign(acceptance, u["vendor_pm"], now=at(2026, 12, 22))
    assert (acceptance.status, acceptance.passed_on) == ("passed", dt.date(2026, 12, 21))
    assert acceptance.vendor_signed_by == u["vendor_pm"]
    assert conditions.met_on("acceptance_passed", world.a.contract, str(acceptance.pk)) == \
        dt.date(2026, 12, 21)
    assert conditions.met_on("acceptance_passed", world.b.contract, str(acceptance.pk)) is None
    run_queue(at(2027, 3, 1))  # the deemed pass was withdrawn when the agency signed
    acceptance.refresh_from_db()
    assert acceptance.status == "passed"

    data = package.build_zip(acceptance)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert names[0] == "00-index.pdf"
        assert "运维服务工作总结报告/2026-12-15-v1-总结报告.pdf" in names
        assert zf.read("运维服务工作总结报告/2026-12-15-v1-总结报告.pdf") == b"%summary"
        index = _pdftotext(zf.read("00-index.pdf"))
    for text in ("竣工验收", "运维服务工作总结报告", "2026-12-17", "已通过", "王专家",
                 "巡检记录缺少签字", "验收合格"):
        assert text in index, text


def test_deemed_acceptance_after_the_agency_is_silent(world, acceptance):
    actions.do_request_acceptance(acceptance, world.a.users["vendor_pm"],
                                  now=at(2026, 12, 16))
    run_queue(at(2027, 2, 10, 23, 0))
    acceptance.refresh_from_db()
    assert acceptance.status == "in_review"
    run_queue(at(2027, 2, 11, 0, 5))
    acceptance.refresh_from_db()
    assert (acceptance.status, acceptance.passed_on) == ("deemed_passed", dt.date(2027, 2, 11))


def _pdftotext(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True,
                         check=True)
    return "".join(out.stdout.decode().split())  # table cells may wrap: compare unspaced


def clock(wo, target, deadline, stopped_at=None):
    """The order's persisted SLA clock on `target`: stopped at `stopped_at` (what it counted
    kept as remaining seconds, negative when late) or still running."""
    from yunwei.calendars.models import SlaClockRecord

    remaining = int((deadline - stopped_at).total_seconds()) if stopped_at else None
    return SlaClockRecord.objects.create(
        contract=wo.contract, subject_type="workorders.workorder", subject_id=str(wo.pk),
        target=target, started_at=wo.reported_at, deadline=deadline,
        state="stopped" if stopped_at else "running", remaining_seconds=remaining,
        breached=remaining is not None and remaining < 0,
        met=None if remaining is None else remaining >= 0)


def _orders(world):
    from yunwei.workorders.models import Evaluation, WorkOrder

    c = world.a.contract
    rows = [  # reported, level, category, channel, hours to resolve (None: open),
        # hours to the resolution clock's deadline
        (at(2026, 10, 1, 9), "紧急", "网络", "phone", 2, 4),
        (at(2026, 10, 15, 9), "紧急", "网络", "phone", 4, 3),  # one hour late
        (at(2026, 10, 31, 23, 30), "一般", "终端", "qq", 6, 8),
        (at(2026, 10, 20, 9), "一般", "终端", "phone", None, 24 * 60),  # open, not yet due
        (at(2026, 9, 30, 23, 0), "紧急", "网络", "phone", 1, 4),  # September: left out
        (at(2026, 11, 1, 0, 0), "紧急", "网络", "phone", 1, 4),  # November: left out
    ]
    made = []
    for i, (reported, level, category, channel, hours, due) in enumerate(rows, 100):
        resolved = reported + dt.timedelta(hours=hours) if hours else None
        wo = WorkOrder.objects.create(
            contract=c, number=f"T-{i}", year=2026, seq=i, title=f"测试工单{i}", channel=channel,
            category=category, level_code=level, level_name=level, reported_at=reported,
            resolved_at=resolved, state="closed" if hours else "in_progress")
        clock(wo, world.a.target, reported + dt.timedelta(hours=due), resolved)
        made.append(wo)
    for wo, rating in zip(made[:3], ["satisfied", "basically", "unsatisfied"], strict=True):
        Evaluation.objects.create(work_order=wo, rating=rating, method="app",
                                  confirmed_at=wo.resolved_at)
    return made


def test_monthly_report_figures_docx_and_pdf(world):
    made = _orders(world)
    c = world.a.contract
    figures = report.workorder_figures(c, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    t = figures["totals"]
    # 4 reported in October (world's own order was reported now, not in October 2026 ... )
    assert (t["total"], t["resolved"], t["met"], t["breached"]) == (4, 3, 2, 1)
    assert t["compliance"] == 66.7 and t["mttr_hours"] == 4.0
    by_level = {r["key"]: (r["total"], r["met"], r["compliance"], r["mttr_hours"])
                for r in figures["by_level"]}
    assert by_level == {"紧急": (2, 1, 50.0, 3.0), "一般": (2, 1, 100.0, 6.0)}
    assert {r["key"]: r["total"] for r in figures["by_channel"]} == {"phone": 3, "qq": 1}
    assert figures["rated"] == 3 and figures["satisfaction"] == 66.7

    data = report.build(c, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    from docx import Document

    doc = Document(io.BytesIO(report.to_docx(data, "https://yw.example")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "工单" in text and "66.7" in text
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["紧急", "2", "2", "1", "50.0", "3.0"] in cells
    appendix = [row for row in cells if row[1] == f"workorders.workorder:{made[1].pk}"]
    assert appendix and appendix[0][3].endswith(f"/workorders/{made[1].pk}/")

    pdf = _pdftotext(report.to_pdf(data, "https://yw.example"))
    assert "66.7" in pdf and "T-101" in pdf and "紧急" in pdf
