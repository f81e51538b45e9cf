"""The deliverables API: the same steps, roles and scoping as the pages — permitted and
refused paths by role, other contracts' objects unseen (404), refusals answered 400 in
Chinese and English, and the operations in the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_lists_are_scoped_to_the_users_contracts(world):
    a, b = world.a, world.b
    got = api(a.users["vendor_engineer"]).get("/api/deliverables/?page_size=100").json()
    ids = {row["id"] for row in got["results"]}
    assert a.deliverables["deliverable"].pk in ids
    assert b.deliverables["deliverable"].pk not in ids
    assert api(a.users["requester"]).get("/api/deliverables/").json()["results"] == []
    expert = api(a.users["expert"])
    assert expert.get(f"/api/acceptances/{a.deliverables['acceptance'].pk}/").status_code == 200
    assert expert.get(f"/api/acceptances/{b.deliverables['acceptance'].pk}/").status_code == 404
    subs = expert.get(f"/api/submissions/?deliverable={a.deliverables['deliverable'].pk}").json()
    assert [s["version"] for s in subs["results"]] == [1]


def test_review_by_role_with_reasons_in_both_languages(world):
    a, b = world.a, world.b
    item = a.deliverables["deliverable"]  # September, submitted (reviewer: agency admin)
    url = f"/api/deliverables/{item.pk}/review/"
    assert api(a.users["vendor_pm"]).post(url, {"decision": "approve"}).status_code == 403
    assert api(a.users["expert"]).post(url, {"decision": "approve"}).status_code == 403
    assert api(b.users["agency_admin"]).post(url, {"decision": "approve"}).status_code == 404
    agency = api(a.users["agency_admin"])
    bad = agency.post(url, {"decision": "maybe"})
    assert bad.status_code == 400 and "decision" in bad.json()
    refused = agency.post(url, {"decision": "return", "comments": " "})
    body = refused.json()
    assert refused.status_code == 400 and body["detail"] and body["detail_en"]
    assert "意见" in body["detail"] and "change" in body["detail_en"]
    ok = agency.post(url, {"decision": "return", "comments": "补充满意度"})
    assert ok.status_code == 200 and ok.json()["status"] == "returned"
    again = agency.post(url, {"decision": "approve"})  # nothing to review now
    assert again.status_code == 400 and again.json()["detail_en"]


def test_submit_a_version(world):
    a = world.a
    item = a.deliverables["documenttype"].instances.get(period_end=dt.date(2026, 8, 31))
    url = f"/api/deliverables/{item.pk}/submit/"

    def upload():
        return {"file": SimpleUploadedFile("8月月报.docx", b"content"), "note": "请审核"}

    assert api(a.users["supervisor"]).post(url, upload(), format="multipart").status_code == 403
    assert api(world.b.users["vendor_pm"]).post(url, upload(),
                                                format="multipart").status_code == 404
    engineer = api(a.users["vendor_engineer"])
    assert engineer.post(url, {"note": "x"}, format="multipart").status_code == 400
    done = engineer.post(url, upload(), format="multipart")
    assert done.status_code == 200, done.content
    assert (done.json()["version"], done.json()["name"]) == (1, "8月月报.docx")
    item.refresh_from_db()
    assert item.status == "submitted"
    twice = engineer.post(url, upload(), format="multipart")  # under review: refused
    assert twice.status_code == 400 and twice.json()["detail"]


def test_acceptance_steps_by_role(world):
    a = world.a
    acc = a.deliverables["acceptance"]  # in review, one open finding, September not approved
    finding = a.deliverables["finding"]
    base = f"/api/acceptances/{acc.pk}"
    supervisor, agency, pm = (api(a.users[r]) for r in ("supervisor", "agency_admin",
                                                         "vendor_pm"))
    raised = supervisor.post(f"{base}/finding/", {"text": "缺少巡检记录",
                                                  "deadline": "2026-12-10"})
    assert raised.status_code == 200 and len(raised.json()["findings"]) == 2
    assert supervisor.post(f"{base}/finding/", {"text": "x", "deadline": "明天"}).status_code \
        == 400
    opinion = {"reviewer": "王专家", "reviewer_role": "expert", "opinion": "同意通过",
               "passed": True}
    assert supervisor.post(f"{base}/opinion/", opinion).status_code == 403
    assert api(a.users["expert"]).post(f"{base}/opinion/", opinion).status_code == 403
    assert agency.post(f"{base}/opinion/", opinion).status_code == 200
    refused = agency.post(f"{base}/sign/", {"passed": True, "result": "通过"}, format="json")
    assert refused.status_code == 400 and refused.json()["detail"]  # open findings
    assert pm.post(f"{base}/request/").status_code == 400  # already in review
    assert agency.post(f"/api/acceptance-findings/{finding.pk}/rectify/",
                       {"rectification": "已补"}).status_code == 403
    fixed = pm.post(f"/api/acceptance-findings/{finding.pk}/rectify/",
                    {"rectification": "已补签字"})
    assert fixed.status_code == 200 and fixed.json()["rectified_on"]
    assert pm.patch(f"{base}/", {"name": "改名"}, format="json").status_code == 403
    assert agency.patch(f"{base}/", {"name": "竣工验收（二）"}, format="json").status_code == 200


def test_register_is_the_agencys(world):
    a, b = world.a, world.b
    body = {"contract": a.contract.pk, "name": "季度巡检报告", "frequency": "quarterly",
            "due_workdays": 10, "reviewer_role": "supervisor", "review_workdays": 10,
            "deemed_approval": True}
    assert api(a.users["vendor_pm"]).post("/api/document-types/", body,
                                          format="json").status_code == 403
    agency = api(a.users["agency_admin"])
    foreign = agency.post("/api/document-types/", {**body, "calendar": b.calendar.pk},
                          format="json")
    assert foreign.status_code == 400 and "calendar" in foreign.json()
    once = agency.post("/api/document-types/", {**body, "name": "总结", "frequency": "once"},
                       format="json")
    assert once.status_code == 400 and "fixed_date" in once.json()
    made = agency.post("/api/document-types/", body, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["reviewer_role"] == "supervisor"


def test_operations_are_in_the_schema():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path, method in (("/api/document-types/", "post"), ("/api/deliverables/", "get"),
                         ("/api/deliverables/{id}/submit/", "post"),
                         ("/api/deliverables/{id}/review/", "post"),
                         ("/api/submissions/", "get"),
                         ("/api/acceptances/{id}/request/", "post"),
                         ("/api/acceptances/{id}/opinion/", "post"),
                         ("/api/acceptances/{id}/finding/", "post"),
                         ("/api/acceptances/{id}/sign/", "post"),
                         ("/api/acceptance-findings/{id}/rectify/", "post")):
        assert method in paths[path], path
    submit = paths["/api/deliverables/{id}/submit/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in submit


def test_report_download_docx_and_pdf_scoped_as_the_page(world):
    import io

    from docx import Document

    a, b = world.a, world.b
    item = a.deliverables["deliverable"]  # September's monthly report
    url = f"/api/deliverables/{item.pk}/report/"
    expert = api(a.users["expert"])  # read-only roles download it too, as on the page
    docx = expert.get(url)
    assert docx.status_code == 200
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    assert docx["Content-Disposition"].endswith('20260930.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "2026-09-01" in text and "2026-09-30" in text
    pdf = api(a.users["vendor_pm"]).get(url + "?kind=pdf", HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    asked = expert.get(url, HTTP_ACCEPT="application/pdf")  # asked by Accept: the same PDF
    assert asked.status_code == 200 and asked.content.startswith(b"%PDF")
    unseen = api(b.users["agency_admin"]).get(url, HTTP_ACCEPT="application/pdf")
    assert unseen.status_code == 404 and unseen["Content-Type"] == "application/json"
    bad = expert.get(url + "?kind=xls")
    assert bad.status_code == 400 and bad.json()["field"] == "kind"
    assert "docx" in bad.json()["detail"] and "format" in bad.json()["detail_en"]
    # another contract's document: unseen (404), whatever the format; requesters see none
    assert api(b.users["agency_admin"]).get(url).status_code == 404
    assert api(b.users["agency_admin"]).get(url + "?kind=pdf").status_code == 404
    assert api(a.users["requester"]).get(url).status_code == 404
    # the page answers the same document and the same 404
    from django.test import Client

    page = Client()
    page.force_login(b.users["agency_admin"])
    assert page.get(f"/deliverables/{item.pk}/report/").status_code == 404
