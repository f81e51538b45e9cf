"""Evidence of leave (a medical certificate): sick leave, or any kind whose contract rule
asks for it, is approved only once the file is there; it is uploaded with the request or
within the rule's days (7) after the leave ends, and only the person, the vendor PM and the
agency administrator may open it."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yunwei.core.errors import Refused
from yunwei.staffing import actions
from yunwei.staffing.models import LeaveRequest, LeaveRule, Person, StaffingTerms
from yunwei.worktime import TZ

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, tzinfo=TZ)
H = dt.timedelta(hours=1)
JSON = "application/json"


def pdf(name="诊断证明.pdf", body=b"%PDF-1.4 certificate"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def p(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = world.a.contract
    StaffingTerms.objects.create(contract=c, leave_notice_hours=24, emergency_leave_hours=48)
    person = Person.objects.create(contract=c, name="周敏", user=world.a.users["vendor_engineer"],
                                   entry_status="approved")
    return {"c": c, "person": person, "users": world.a.users, "world": world}


def ask(p, kind, evidence=None, starts=NOW + 48 * H, now=NOW):
    return actions.do_request_leave(p["person"], actor=p["users"]["vendor_engineer"], kind=kind,
                                    starts=starts, ends=starts + 8 * H, reason="事由",
                                    emergency=starts < now, evidence=evidence, now=now)


@pytest.mark.parametrize("kind, setting, required", [
    ("sick", None, True),                 # no rule: sick leave needs a certificate
    ("personal", None, False),
    ("sick", "default", True),
    ("sick", "not_required", False),      # the contract waives it
    ("personal", "required", True),       # the contract asks it of personal leave too
    ("annual", "default", False),
])
def test_which_kinds_need_evidence(p, kind, setting, required):
    if setting:
        LeaveRule.objects.create(contract=p["c"], kind=kind, evidence=setting)
    leave = ask(p, kind)
    assert leave.evidence_required is required
    admin = p["users"]["agency_admin"]
    if required:
        with pytest.raises(Refused) as exc:
            actions.do_decide_leave(leave, actor=admin, approve=True)
        assert exc.value.field == "approve" and "证明材料" in exc.value.message
        actions.do_add_leave_evidence(leave, actor=p["users"]["vendor_engineer"],
                                      evidence=pdf(), now=NOW)
    assert actions.do_decide_leave(leave, actor=admin, approve=True).status == "approved"


def test_uploaded_with_the_request_and_refusing_needs_none(p):
    leave = ask(p, "sick", evidence=pdf())
    assert leave.evidence and leave.evidence_added_at == NOW
    other = ask(p, "sick", starts=NOW + 72 * H)
    assert actions.do_decide_leave(other, actor=p["users"]["agency_admin"],
                                   approve=False).status == "refused"
    with pytest.raises(Refused):  # decided: no more evidence
        actions.do_add_leave_evidence(other, actor=p["users"]["vendor_engineer"],
                                      evidence=pdf(), now=NOW)


@pytest.mark.parametrize("days, after, ok", [
    (None, dt.timedelta(days=7), True),           # default 7 days after the end
    (None, dt.timedelta(days=7, seconds=1), False),
    (2, dt.timedelta(days=2), True),
    (2, dt.timedelta(days=2, minutes=1), False),
])
def test_evidence_within_days_after_the_leave(p, days, after, ok):
    LeaveRule.objects.create(contract=p["c"], kind="sick", evidence_days=days)
    leave = ask(p, "sick", starts=NOW - 10 * H)    # reported 10 h afterwards (emergency)
    when = leave.ends + after
    if ok:
        actions.do_add_leave_evidence(leave, actor=p["users"]["vendor_pm"], evidence=pdf(),
                                      now=when)
    else:
        with pytest.raises(Refused) as exc:
            actions.do_add_leave_evidence(leave, actor=p["users"]["vendor_pm"], evidence=pdf(),
                                          now=when)
        assert exc.value.field == "evidence"


def test_who_adds_and_bad_files(p):
    leave = ask(p, "sick")
    for role in ("agency_admin", "supervisor", "service_desk"):
        user = p["users"].get(role)
        if user is None:
            continue
        with pytest.raises(Refused):
            actions.do_add_leave_evidence(leave, actor=user, evidence=pdf(), now=NOW)
    with pytest.raises(Refused) as exc:
        actions.do_add_leave_evidence(leave, actor=p["users"]["vendor_engineer"],
                                      evidence=pdf(body=b""), now=NOW)
    assert exc.value.en == "the evidence file is empty"


def test_pages_download_scoped(p, client):
    leave = ask(p, "sick", evidence=pdf())
    url = f"/staffing/leave/{leave.pk}/evidence/"
    for role, code in [("vendor_engineer", 200), ("vendor_pm", 200), ("agency_admin", 200),
                       ("agency_liaison", 404), ("supervisor", 404), ("service_desk", 404)]:
        user = p["users"].get(role)
        if user is None:
            continue
        client.force_login(user)
        r = client.get(url)
        assert r.status_code == code, role
        if code == 200:
            assert b"".join(r.streaming_content) == b"%PDF-1.4 certificate"
        page = client.get(leave.get_absolute_url()).content.decode()
        assert (url in page) is (code == 200), role
        # no storage path (staffing/leave/YYYY/MM/…) nor file name on the page
        assert not re.search(r"staffing/leave/\d{4}/\d{2}/", page) and ".pdf" not in page
    client.force_login(p["world"].b.users["agency_admin"])
    assert client.get(url).status_code == 404


def test_page_upload_then_approve(p, client):
    from django.utils import timezone

    now = timezone.now()
    leave = ask(p, "sick", starts=now + 48 * H, now=now)  # the page uploads at today's time
    client.force_login(p["users"]["agency_admin"])
    page = client.get(leave.get_absolute_url()).content.decode()
    assert "没有证明材料不能批准" in page or "不能批准" in page
    client.post(f"/staffing/leave/{leave.pk}/decide/", {"approve": "1"})
    assert LeaveRequest.objects.get(pk=leave.pk).status == "pending"
    client.force_login(p["users"]["vendor_engineer"])
    r = client.post(f"/staffing/leave/{leave.pk}/evidence/", {"evidence": pdf()})
    assert r.status_code == 302
    client.force_login(p["users"]["agency_admin"])
    client.post(f"/staffing/leave/{leave.pk}/decide/", {"approve": "1"})
    assert LeaveRequest.objects.get(pk=leave.pk).status == "approved"


def test_api_multipart(p, client):
    client.force_login(p["users"]["vendor_engineer"])
    body = {"person": p["person"].pk, "kind": "sick", "reason": "发烧",
            "starts": "2026-12-07T09:00:00+08:00", "ends": "2026-12-07T17:30:00+08:00"}
    r = client.post("/api/leave/", {**body, "evidence": pdf()})
    assert r.status_code == 201, r.content
    assert r.json()["evidence_required"] is True and r.json()["has_evidence"] is True
    assert "evidence" not in r.json()
    r = client.post("/api/leave/", body, content_type=JSON)
    assert r.status_code == 201 and r.json()["has_evidence"] is False
    pk = r.json()["id"]
    client.force_login(p["users"]["agency_admin"])
    refused = client.post(f"/api/leave/{pk}/decide/", {"approve": True}, content_type=JSON)
    assert refused.status_code == 400 and refused.json()["field"] == "approve"
    assert refused.json()["detail_en"].startswith("this leave needs its evidence")
    client.force_login(p["users"]["vendor_engineer"])
    assert client.post(f"/api/leave/{pk}/evidence/", {}).status_code == 400
    r = client.post(f"/api/leave/{pk}/evidence/", {"evidence": pdf()})
    assert r.status_code == 200 and r.json()["has_evidence"] is True
    client.force_login(p["users"]["agency_admin"])
    ok = client.post(f"/api/leave/{pk}/decide/", {"approve": True}, content_type=JSON)
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    client.force_login(p["world"].b.users["vendor_pm"])
    assert client.post(f"/api/leave/{pk}/evidence/", {"evidence": pdf()}).status_code == 404
