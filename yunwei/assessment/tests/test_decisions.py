"""The agency's decisions: answering the vendor's objections (who may, from which page; an
accepted objection withdraws the line it names) and deciding the lines the scheme leaves to
it (待甲方决定), applied in the computation; a statement with open items is a draft."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client

from yunwei.assessment import actions
from yunwei.assessment.compute import assess_periods, line_key
from yunwei.assessment.models import Objection, PendingDecision, PersonnelRecord
from yunwei.core.errors import Refused

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
YEAR_END = dt.datetime(2027, 1, 1, tzinfo=TZ)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pdf_text(client, side) -> str:
    import shutil
    import subprocess
    import tempfile

    pdf = client.get(f"/assessment/{side.scheme.pk}/statement.pdf?period=all")
    assert pdf.status_code == 200
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is installed by scripts/install-test-deps.sh")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf.content)
        f.flush()
        return subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True,
                              check=True).stdout


def period(side):
    return assess_periods(side.scheme, as_of=YEAR_END).period("all")


def line_of(side, code):
    return next(ln for ln in period(side).lines if ln.code == code)


def test_only_the_agency_admin_answers_and_only_the_filer_edits_while_open(world):
    side = world.a
    objection = side.records["objection"]
    url = f"/assessment/objections/{objection.pk}/"
    answer = f"/assessment/objections/{objection.pk}/answer/"
    score = f"/assessment/{side.scheme.pk}/score/?period=all"
    admin, vendor = login(side.users["agency_admin"]), login(side.users["vendor_pm"])
    # the agency admin: "答复" on the objection and on the score page, no 编辑
    page = admin.get(url).content.decode()
    assert 'id="answer-objection"' in page and "答复" in page and f"{url}edit/" not in page
    assert admin.get(f"{url}edit/").status_code == 403
    assert "answer-objection" in admin.get(score).content.decode()
    # the vendor who filed it edits it, does not answer it
    page = vendor.get(url).content.decode()
    assert f"{url}edit/" in page and 'id="answer-objection"' not in page
    assert "answer-objection" not in vendor.get(score).content.decode()
    assert vendor.get(answer).status_code == 403
    assert vendor.post(answer, {"status": "accepted", "answer": "x"}).status_code == 403
    for role in ("agency_liaison", "supervisor", "vendor_engineer"):
        client = login(side.users[role])
        assert client.get(answer).status_code in (403, 404), role
        assert 'id="answer-objection"' not in client.get(url).content.decode(), role
    # the action refuses alike
    with pytest.raises(Refused):
        actions.do_answer_objection(objection.pk, actor=side.users["supervisor"],
                                    status="accepted", answer="x")
    # an empty answer is a clear error, not a 500
    assert admin.post(answer, {"status": "accepted", "answer": " "}).status_code == 400
    done = admin.post(answer, {"status": "rejected", "answer": "格式不符", "next": score})
    assert done.status_code == 302 and done["Location"] == score
    objection.refresh_from_db()
    assert objection.status == "rejected" and objection.answered_by == side.users["agency_admin"]
    # answered: nobody edits it any more, and it is not answered twice
    assert vendor.get(f"{url}edit/").status_code == 403
    assert "答复" not in admin.get(url).content.decode().split("<h1>")[1].split("</div>")[0]
    with pytest.raises(Refused):
        actions.do_answer_objection(objection.pk, actor=side.users["agency_admin"],
                                    status="accepted", answer="again")


def test_an_accepted_objection_withdraws_the_line_struck_through(world):
    side = world.a
    before = period(side)
    accident = next(ln for ln in before.lines if ln.code == "A-L3")
    # hand: the 3rd-level accident counts -2 points and 1 % of 1,118,000 = 11,180.00 yuan
    assert (accident.points, accident.fine) == (Decimal(-2), Decimal("11180.00"))
    objection = Objection.objects.create(contract=side.contract, rule="A-L3",
                                         evidence=accident.evidence[0].label,
                                         text="该事故系机房断电所致",
                                         filed_by=side.users["vendor_pm"])
    assert period(side).score == before.score  # open: nothing changes
    actions.do_answer_objection(objection.pk, actor=side.users["agency_admin"],
                                status="accepted", answer="经核实属外部断电，撤销扣分")
    after = period(side)
    assert after.score == before.score + 2
    assert after.rule_fines == before.rule_fines - Decimal("11180.00")
    page = login(side.users["vendor_pm"]).get(
        f"/assessment/{side.scheme.pk}/score/?period=all").content.decode()
    assert 'class="withdrawn"' in page and "<s>-2</s>" in page
    assert "经核实属外部断电，撤销扣分" in page


def test_the_agency_decides_a_pending_line_and_the_statement_stops_being_a_draft(world):
    side = world.a
    PersonnelRecord.objects.create(contract=side.contract, kind="late", person="李四",
                                   date=dt.date(2026, 6, 2), minutes=90, evidence="考勤表")
    before = period(side)
    pending = sorted(ln.code for ln in before.lines if ln.pending)
    assert pending == ["P-LATE-UNCLEAR", "R-UNIT"]  # 90 min late: the clause says nothing
    late = line_of(side, "P-LATE-UNCLEAR")
    score_url = f"/assessment/{side.scheme.pk}/score/?period=all"
    admin = login(side.users["agency_admin"])
    page = admin.get(score_url).content.decode()
    assert 'id="draft-notice"' in page and "decide-pending" in page
    assert "decide-pending" not in login(side.users["vendor_pm"]).get(score_url).content.decode()
    pdf = admin.get(f"/assessment/{side.scheme.pk}/statement.xlsx?period=all")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(pdf.content)).active
    assert sheet["A1"].value.startswith("【草稿") and "草稿" in sheet.oddHeader.center.text

    assert "草稿" in _pdf_text(admin, side)  # headed 【草稿】, 草稿 at the top of every page
    decide = f"/assessment/{side.scheme.pk}/score/decide/"
    form = {"period": "all", "rule": "P-LATE-UNCLEAR", "ref": line_key(late),
            "deduct": "yes", "points": "-0.3", "reason": "按半天缺勤加重计"}
    # refused roles: the supervisor and the vendor (403), nothing stored
    for role in ("supervisor", "vendor_pm", "agency_liaison"):
        assert login(side.users[role]).post(decide, form).status_code == 403, role
    with pytest.raises(Refused):
        actions.do_decide_pending(side.scheme, actor=side.users["supervisor"], period="all",
                                  rule="P-LATE-UNCLEAR", ref=line_key(late), deduct=True,
                                  reason="x", points="-0.3")
    # no reason: refused with a message, nothing stored
    admin.post(decide, {**form, "reason": ""})
    assert not PendingDecision.objects.exists()
    assert admin.post(decide, form).status_code == 302
    after = period(side)
    # hand: the line now counts -0.3, so the score is 0.3 lower; it is no longer pending
    assert after.score == before.score - Decimal("0.3")
    decided = next(ln for ln in after.lines if ln.code == "P-LATE-UNCLEAR")
    assert not decided.pending and decided.points == Decimal("-0.3")
    assert "按半天缺勤加重计" in decided.zh
    # decided twice: refused
    with pytest.raises(Refused):
        actions.do_decide_pending(side.scheme, actor=side.users["agency_admin"], period="all",
                                  rule="P-LATE-UNCLEAR", ref=line_key(late), deduct=False,
                                  reason="x")
    # the praise not to be counted: score unchanged, nothing pending, not a draft any more
    praise = line_of(side, "R-UNIT")
    actions.do_decide_pending(side.scheme, actor=side.users["agency_admin"], period="all",
                              rule="R-UNIT", ref=line_key(praise), deduct=False,
                              reason="表扬未经核实")
    final = period(side)
    assert final.score == before.score - Decimal("0.3")
    assert not [ln for ln in final.lines if ln.pending]
    page = admin.get(score_url).content.decode()
    assert 'id="draft-notice"' not in page
    sheet = load_workbook(io.BytesIO(admin.get(
        f"/assessment/{side.scheme.pk}/statement.xlsx?period=all").content)).active
    assert "草稿" not in sheet["A1"].value and not sheet.oddHeader.center.text
    assert "草稿" not in _pdf_text(admin, side)
    # audited
    from yunwei.core.models import AuditEvent

    decision = PendingDecision.objects.get(rule="P-LATE-UNCLEAR")
    assert AuditEvent.objects.filter(object_id=str(decision.pk),
                                     object_repr__contains="P-LATE-UNCLEAR").exists()
