"""One rule set for every channel (issue #9 §1): each finding of the hard try, through the UI
and the API, refused and permitted paths. Expected answers are written out here by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from yunwei.calendars.models import PauseReason, SlaClockRecord
from yunwei.contracts.models import Membership
from yunwei.core import context
from yunwei.core.roles import Role
from yunwei.workorders import actions
from yunwei.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def T(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def api(user) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fresh(wo) -> WorkOrder:
    return WorkOrder.objects.get(pk=wo.pk)


def step(wo, code, user, **inputs):
    wo = fresh(wo)
    with context.acting(user):
        return actions.do_transition(wo.pk, code, actor=user, version=wo.version, **inputs)


def in_progress(world, engineer=None):
    """A work order of the fixture's requester, dispatched to the engineer and started."""
    side = world.a
    engineer = engineer or side.users["vendor_engineer"]
    with context.acting(side.users["service_desk"]):
        wo = actions.do_create_workorder(side.contract, actor=side.users["service_desk"],
                                         title="打印机卡纸", channel="phone",
                                         requester=side.users["requester"])
    step(wo, "dispatch", side.users["service_desk"], assignee=engineer.pk)
    step(wo, "start", engineer)
    return fresh(wo)


RECORD = {"problem_analysis": "搓纸轮老化", "resolution_steps": "更换搓纸轮",
          "verification": "连续打印 20 页正常"}


# -- intake: a requester files for themselves, by self-service, reported now ----------------
def test_requester_cannot_file_in_another_requesters_name(world):
    other = world.a.users["agency_liaison"]  # give them a requester membership too
    Membership.objects.create(contract=world.a.contract, user=other, role=Role.REQUESTER)
    response = api(world.a.users["requester"]).post("/api/workorders/", {
        "contract": world.a.contract.pk, "title": "代人报修", "requester": other.username},
        format="json")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "requester"
    assert not WorkOrder.objects.filter(title="代人报修").exists()


@pytest.mark.parametrize("body", [
    {"channel": "phone"},
    {"channel": "email"},
    {"reported_at": "2020-01-01T09:00:00+08:00"},
    {"reported_at": "1900-01-01T09:00:00+08:00"},
])
def test_requester_cannot_choose_channel_or_time(world, body):
    response = api(world.a.users["requester"]).post(
        "/api/workorders/", {"contract": world.a.contract.pk, "title": "改渠道", **body},
        format="json")
    assert response.status_code == 400, response.content
    assert response.json()["detail"] and response.json()["detail_en"]
    assert not WorkOrder.objects.filter(title="改渠道").exists()


def test_requester_without_requester_files_for_themselves_and_can_read_it(world):
    requester = world.a.users["requester"]
    client = api(requester)
    before = timezone.now()
    response = client.post("/api/workorders/", {"contract": world.a.contract.pk,
                                                "title": "自己报修"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["requester"] == requester.username
    assert body["channel"] == "self_service"
    wo = WorkOrder.objects.get(pk=body["id"])
    assert wo.requester_id == requester.pk and wo.reported_at >= before
    assert client.get(f"/api/workorders/{wo.pk}/").status_code == 200
    assert web(requester).get(wo.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(("reported_at", "ok"), [
    ("2026-03-01T09:00:00+08:00", True),  # a call taken earlier, inside the service period
    ("2026-01-01T00:00:00+08:00", True),  # the first minute of the service period
    ("2025-12-31T23:59:00+08:00", False),  # before the contract starts
    ("1900-01-01T09:00:00+08:00", False),  # was a 500
    ("2999-01-01T09:00:00+08:00", False),  # in the future
])
def test_desk_may_backdate_within_the_contract_only(world, reported_at, ok):
    response = api(world.a.users["service_desk"]).post("/api/workorders/", {
        "contract": world.a.contract.pk, "title": "补登来电", "requester_name": "王五",
        "channel": "phone", "reported_at": reported_at}, format="json")
    assert response.status_code == (201 if ok else 400), response.content
    if ok:
        wo = WorkOrder.objects.get(pk=response.json()["id"])
        assert wo.reported_at == dt.datetime.fromisoformat(reported_at)


def test_desk_names_the_requester(world):
    response = api(world.a.users["service_desk"]).post("/api/workorders/", {
        "contract": world.a.contract.pk, "title": "无名"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "requester_name"


# -- the record is the engineer's and frozen once submitted ----------------------------------
def test_requester_cannot_overwrite_the_record_with_a_crafted_post(world):
    wo = in_progress(world)
    with context.acting(world.a.users["vendor_engineer"]):
        actions.do_update_workorder(wo.pk, actor=world.a.users["vendor_engineer"],
                                    version=wo.version, **RECORD)
    wo = fresh(wo)
    response = web(world.a.users["requester"]).post(f"/workorders/{wo.pk}/record/", {
        "version": wo.version, "problem_analysis": "被改写", "resolution_steps": "被改写",
        "verification": "被改写",
        "attachment": SimpleUploadedFile("x.jpg", b"JPEG", content_type="image/jpeg")})
    assert response.status_code in (302, 400, 403)
    after = fresh(wo)
    assert after.problem_analysis == RECORD["problem_analysis"]
    assert not after.attachments.filter(name="x.jpg").exists()
    refused = api(world.a.users["requester"]).patch(
        f"/api/workorders/{wo.pk}/", {"version": after.version, "verification": "被改写"},
        format="json")
    assert refused.status_code == 400
    assert fresh(wo).verification == RECORD["verification"]


def test_record_is_frozen_after_submission_until_taken_back(world):
    eng = world.a.users["vendor_engineer"]
    wo = in_progress(world)
    client = api(eng)
    resolved = client.post(f"/api/workorders/{wo.pk}/transition/",
                           {"code": "resolve", "version": wo.version, **RECORD}, format="json")
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["state"] == "pending_confirmation"
    version = resolved.json()["version"]
    # UI and API both refuse a change now
    page = web(eng).post(f"/workorders/{wo.pk}/record/", {
        "version": version, **RECORD, "verification": "偷偷改过"})
    assert page.status_code in (302, 400)
    patch = client.patch(f"/api/workorders/{wo.pk}/", {"version": version,
                                                       "verification": "偷偷改过"},
                         format="json")
    assert patch.status_code == 400 and "撤回" in patch.json()["detail"]
    assert fresh(wo).verification == RECORD["verification"]
    # taking it back is a step of its own, in the timeline, with a reason
    back = client.post(f"/api/workorders/{wo.pk}/transition/",
                       {"code": "withdraw", "version": version, "note": "补充验证结果"},
                       format="json")
    assert back.status_code == 200 and back.json()["state"] == "in_progress"
    patch = client.patch(f"/api/workorders/{wo.pk}/", {"version": back.json()["version"],
                                                       "verification": "补充后的验证"},
                         format="json")
    assert patch.status_code == 200 and patch.json()["verification"] == "补充后的验证"
    kinds = list(fresh(wo).events.values_list("kind", flat=True))
    assert kinds[-3:] == ["resolve", "withdraw", "edited"]


def test_only_the_assignee_or_the_pm_submits_and_the_pdf_names_who_did(world):
    side = world.a
    assignee = side.users["vendor_engineer"]
    stranger = side.users["agency_liaison"]
    Membership.objects.create(contract=side.contract, user=stranger, role=Role.VENDOR_ENGINEER)
    wo = in_progress(world, engineer=assignee)
    with context.acting(assignee):
        actions.do_update_workorder(wo.pk, actor=assignee, version=wo.version, **RECORD)
    wo = fresh(wo)
    refused = api(stranger).post(f"/api/workorders/{wo.pk}/transition/",
                                 {"code": "resolve", "version": wo.version}, format="json")
    assert refused.status_code == 400
    assert "处理人" in refused.json()["detail"]
    ui = web(stranger).post(f"/workorders/{wo.pk}/do/resolve/", {"version": wo.version,
                                                                  **RECORD})
    assert ui.status_code == 400 and fresh(wo).state == "in_progress"
    pm = side.users["vendor_pm"]
    pm.first_name, pm.last_name = "经理", "项目"
    pm.save()
    done = api(pm).post(f"/api/workorders/{wo.pk}/transition/",
                        {"code": "resolve", "version": wo.version}, format="json")
    assert done.status_code == 200, done.content
    wo = WorkOrder.objects.select_related("resolved_by", "assignee").get(pk=wo.pk)
    assert wo.resolved_by_id == pm.pk
    html = render_to_string("workorders/print.html", {"wo": wo, "contract": wo.contract})
    signature = html.split("处理人签字")[1].split("</tr>")[0]
    assert "项目经理" in signature or pm.get_full_name() in signature
    assert "代 vendor_engineer 提交" in signature  # the fixture's engineer: first_name = role


# -- every step the UI offers, the API offers -----------------------------------------------
def test_an_engineer_takes_an_order_from_dispatch_to_sign_off_through_the_api(world):
    side = world.a
    eng, requester = side.users["vendor_engineer"], side.users["requester"]
    with context.acting(side.users["service_desk"]):
        wo = actions.do_create_workorder(side.contract, actor=side.users["service_desk"],
                                         title="网络中断", channel="phone", requester=requester)
    step(wo, "dispatch", side.users["service_desk"], assignee=eng.pk)
    client = api(eng)
    url = f"/api/workorders/{wo.pk}/"
    version = fresh(wo).version
    for code in ("start", "arrive"):
        response = client.post(url + "transition/", {"code": code, "version": version},
                               format="json")
        assert response.status_code == 200, (code, response.content)
        version = response.json()["version"]
    again = client.post(url + "transition/", {"code": "arrive", "version": version},
                        format="json")
    assert again.status_code == 400 and "已记录到场" in again.json()["detail"]
    comment = client.post(url + "comments/", {"note": "已到现场"}, format="json")
    assert comment.status_code == 201 and comment.json()["kind"] == "comment"
    upload = client.post(url + "attachments/", {"file": SimpleUploadedFile(
        "现场.jpg", b"JPEGDATA", content_type="image/jpeg")}, format="multipart")
    assert upload.status_code == 201, upload.content
    assert upload.json()["name"] == "现场.jpg" and upload.json()["size"] == 8
    patched = client.patch(url, {"version": version, **RECORD}, format="json")
    assert patched.status_code == 200, patched.content
    resolved = client.post(url + "transition/", {"code": "resolve",
                                                 "version": patched.json()["version"]},
                           format="json")
    assert resolved.status_code == 200 and resolved.json()["state"] == "pending_confirmation"
    signed = api(requester).post(url + "transition/", {
        "code": "confirm", "version": resolved.json()["version"], "rating": "satisfied"},
        format="json")
    assert signed.status_code == 200, signed.content
    assert signed.json()["state"] == "closed"
    assert signed.json()["evaluation"]["rating"] == "satisfied"
    listed = api(requester).get(url + "attachments/")
    assert listed.status_code == 200 and [a["name"] for a in listed.json()] == ["现场.jpg"]


def test_put_is_not_offered(world):
    wo = world.a.work_order
    response = api(world.a.users["service_desk"]).put(f"/api/workorders/{wo.pk}/",
                                                      {"version": 0}, format="json")
    assert response.status_code == 405


# -- a pause that needs the requester's consent waits for it ---------------------------------
def _consent_reason(world) -> PauseReason:
    return PauseReason.objects.create(policy=world.a.policy, code="parts",
                                      name="等待用户提供备件", needs_approval=True)


def _resolution_clock(wo) -> SlaClockRecord:
    return SlaClockRecord.objects.get(subject_type="workorders.workorder",
                                      subject_id=str(wo.pk), target__metric="resolution")


def test_consent_pause_waits_and_clocks_stop_from_consent(world):
    reason = _consent_reason(world)
    eng, requester = world.a.users["vendor_engineer"], world.a.users["requester"]
    wo = in_progress(world)
    step(wo, "suspend", eng, pause_reason=reason.code)
    wo = fresh(wo)
    assert wo.state == "in_progress" and wo.pending_pause == reason.code
    assert _resolution_clock(wo).state == "running"
    assert wo.events.order_by("id").last().kind == "pause_requested"
    assert requester.notifications.filter(work_order=wo).exists()
    # the engineer cannot consent on the requester's behalf
    with pytest.raises(Exception, match="您的角色不能同意挂起"):
        step(wo, "approve_pause", eng)
    consent_at = timezone.now() + dt.timedelta(minutes=30)  # consent comes half an hour later
    step(wo, "approve_pause", requester, at=consent_at)
    wo = fresh(wo)
    assert wo.state == "suspended" and wo.pending_pause == ""
    clock = _resolution_clock(wo)
    assert clock.state == "paused"
    event = wo.events.order_by("id").last()
    assert event.kind == "approve_pause" and event.at == consent_at
    pause = clock.events.order_by("id").last()
    assert pause.kind == "pause" and pause.at == consent_at  # stopped from the consent


def test_consent_refused_is_in_the_timeline_and_the_desk_records_phone_answers(world):
    reason = _consent_reason(world)
    eng, desk = world.a.users["vendor_engineer"], world.a.users["service_desk"]
    wo = in_progress(world)
    step(wo, "suspend", eng, pause_reason=reason.code)
    with pytest.raises(actions.InputError, match="电话"):
        step(wo, "refuse_pause", desk)  # the desk must say who answered
    step(wo, "refuse_pause", desk, confirmed_by="王科长", note="不同意，今天必须修好")
    wo = fresh(wo)
    assert wo.state == "in_progress" and wo.pending_pause == ""
    event = wo.events.order_by("id").last()
    assert event.kind == "refuse_pause" and event.data["confirmed_by"] == "王科长"
    assert _resolution_clock(wo).state == "running"
    # a plain reason still pauses at once
    step(wo, "suspend", eng, pause_reason=world.a.pause_reason.code)
    assert fresh(wo).state == "suspended"


def test_consent_pause_through_the_api_and_the_ui(world):
    reason = _consent_reason(world)
    wo = in_progress(world)
    r = api(world.a.users["vendor_engineer"]).post(
        f"/api/workorders/{wo.pk}/transition/",
        {"code": "suspend", "version": wo.version, "pause_reason": reason.code}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "in_progress"
    requester = web(world.a.users["requester"])
    page = requester.get(wo.get_absolute_url()).content.decode()
    assert f"/workorders/{wo.pk}/do/approve_pause/" in page
    form = requester.get(f"/workorders/{wo.pk}/do/approve_pause/").content.decode()
    assert 'name="confirmed_by"' not in form  # their own answer: no phone field
    done = requester.post(f"/workorders/{wo.pk}/do/approve_pause/",
                          {"version": r.json()["version"]})
    assert done.status_code == 302 and fresh(wo).state == "suspended"


# -- a contract keeps an agency administrator -----------------------------------------------
def test_the_last_agency_admin_membership_cannot_be_deleted_or_demoted(world):
    admin = world.a.users["agency_admin"]
    mine = world.a.memberships["agency_admin"]
    response = api(admin).delete(f"/api/memberships/{mine.pk}/")
    assert response.status_code == 400, response.content
    assert "甲方管理员" in response.json()["detail"]
    page = web(admin).post(f"/contracts/members/{mine.pk}/delete/")
    assert page.status_code == 302
    demote = api(admin).patch(f"/api/memberships/{mine.pk}/", {"role": "agency_liaison"},
                              format="json")
    assert demote.status_code == 400
    assert Membership.objects.get(pk=mine.pk).role == "agency_admin"
    # with a second administrator, the first may go
    Membership.objects.create(contract=world.a.contract, user=world.a.users["agency_liaison"],
                              role=Role.AGENCY_ADMIN)
    assert api(admin).delete(f"/api/memberships/{mine.pk}/").status_code == 204


# -- the desk's form offers the contract's levels by name and a report time ------------------
def test_desk_form_offers_levels_by_name_and_a_past_report_time(world):
    desk = web(world.a.users["service_desk"])
    page = desk.get("/workorders/add/").content.decode()
    assert '<option value="urgent">AAA 紧急</option>' in page
    assert 'name="reported_at"' in page and 'type="datetime-local"' in page
    response = desk.post("/workorders/add/", {
        "contract": world.a.contract.pk, "channel": "phone", "requester_name": "王五",
        "title": "补登：上午的来电", "level_code": "urgent", "category": "打印机",
        "reported_at": "2026-03-02T10:15"})
    assert response.status_code == 302, response.content.decode()[:3000]
    wo = WorkOrder.objects.get(title="补登：上午的来电")
    assert wo.reported_at == T(2026, 3, 2, 10, 15) and wo.level_code == "urgent"
    assert "打印机" in desk.get(wo.get_absolute_url()).content.decode()
    future = desk.post("/workorders/add/", {
        "contract": world.a.contract.pk, "channel": "phone", "requester_name": "王五",
        "title": "未来的来电", "reported_at": "2999-03-02T10:15"})
    assert future.status_code == 400 and "报告时间不能晚于现在" in future.content.decode()
