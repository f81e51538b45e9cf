"""The web pages: submit -> return -> resubmit -> approve through the forms; refusals shown
as messages (never a 500); the report download; the register edit form."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yunwei.deliverables.models import Deliverable

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_submit_return_resubmit_approve_through_the_pages(world):
    u = world.a.users
    item = world.a.deliverables["deliverable"]  # September, submitted v1 by the world
    pm, agency = client_for(u["vendor_pm"]), client_for(u["agency_admin"])
    url = item.get_absolute_url()
    page = agency.get(url)
    assert page.status_code == 200 and "保存审核结论".encode() in page.content

    r = agency.post(f"{url}review/", {"decision": "return", "comments": ""}, follow=True)
    assert r.status_code == 200 and "退回时请写明修改意见".encode() in r.content
    r = agency.post(f"{url}review/", {"decision": "return", "comments": "补充附件"}, follow=True)
    assert "文档已退回修改".encode() in r.content
    item.refresh_from_db()
    assert item.status == "returned"

    r = client_for(u["supervisor"]).post(f"{url}review/", {"decision": "approve"})
    assert r.status_code == 403  # the supervisor is not this type's reviewer

    upload = SimpleUploadedFile("月报-v2.docx", b"v2")
    r = pm.post(f"{url}submit/", {"file": upload, "note": "已补充"}, follow=True)
    assert "文档已提交".encode() in r.content
    item.refresh_from_db()
    assert (item.status, item.version) == ("resubmitted", 2)

    r = agency.post(f"{url}review/", {"decision": "approve"}, follow=True)
    item.refresh_from_db()
    assert item.status == "approved"
    assert "已通过".encode() in r.content
    download = pm.get(item.submissions.get(version=2).get_absolute_url())
    assert b"".join(download.streaming_content) == b"v2"


def test_expert_and_foreign_users_cannot_act(world):
    item = world.a.deliverables["deliverable"]
    url = item.get_absolute_url()
    upload = SimpleUploadedFile("x.docx", b"x")
    assert client_for(world.a.users["expert"]).post(f"{url}submit/", {"file": upload}) \
        .status_code == 403
    assert client_for(world.b.users["vendor_pm"]).get(url).status_code == 404
    assert client_for(world.a.users["requester"]).get(url).status_code == 404
    assert Deliverable.objects.get(pk=item.pk).version == 1


def test_report_download(world):
    item = world.a.deliverables["deliverable"]
    r = client_for(world.a.users["vendor_pm"]).get(f"{item.get_absolute_url()}report/")
    assert r.status_code == 200 and r["Content-Type"].startswith(
        "application/vnd.openxmlformats")
    from docx import Document

    doc = Document(io.BytesIO(r.content))
    assert any("2026-09-01" in p.text for p in doc.paragraphs)
    pdf = client_for(world.a.users["expert"]).get(f"{item.get_absolute_url()}report/?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_register_form_refuses_another_contracts_calendar(world):
    c = client_for(world.a.users["agency_admin"])
    r = c.post("/deliverables/types/add/", {
        "contract": world.a.contract.pk, "name": "季报", "frequency": "quarterly",
        "due_workdays": 10, "calendar": world.b.calendar.pk, "reviewer_role": "supervisor",
        "review_workdays": 10, "rework_workdays": 5, "missing_workdays": 20})
    assert r.status_code == 400
    r = c.post("/deliverables/types/add/", {
        "contract": world.a.contract.pk, "name": "季报", "frequency": "quarterly",
        "due_workdays": 10, "calendar": world.a.calendar.pk, "reviewer_role": "supervisor",
        "review_workdays": 10, "rework_workdays": 5, "missing_workdays": 20,
        "deemed_approval": "on", "active": "on"})
    assert r.status_code == 302
