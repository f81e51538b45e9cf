"""Work orders end to end: intake, lifecycle, clocks, sign-off, concurrency, queues, API."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from yunwei.core import context
from yunwei.workorders import actions
from yunwei.workorders.lifecycle import TransitionError
from yunwei.workorders.models import Evaluation, Notification, WorkOrder

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def T(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make(world, **kwargs) -> WorkOrder:
    defaults = {"actor": world.a.users["service_desk"], "title": "打印机卡纸", "channel": "phone",
                "requester": world.a.users["requester"], "reported_at": T(2026, 11, 2, 9, 0)}
    defaults.update(kwargs)
    with context.acting(defaults["actor"]):
        return actions.do_create_workorder(world.a.contract, **defaults)


def step(wo, code, user, **inputs):
    wo.refresh_from_db()
    with context.acting(user):
        return actions.do_transition(wo.pk, code, actor=user, version=wo.version, **inputs)


def test_numbers_are_per_contract_and_year(world):
    first = make(world)
    assert first.number.startswith(f"{world.a.contract.code}-2026-")
    later = make(world)
    assert later.seq == first.seq + 1
    world.a.contract.service_start = dt.date(2025, 1, 1)
    world.a.contract.save()
    old = make(world, reported_at=T(2025, 12, 31, 23, 0))
    assert old.number == f"{world.a.contract.code}-2025-000001"
    other = actions.do_create_workorder(world.b.contract, actor=world.b.users["service_desk"],
                                        title="x", channel="phone", requester_name="某人",
                                        reported_at=T(2026, 11, 2, 9, 0))
    assert other.number.endswith("-2026-000002")  # the fixture's own order was the first


def test_clock_starts_at_the_issue_time_and_explains_itself(world):
    wo = make(world)  # urgent: 8 working hours on 09:00-17:30
    assert wo.resolution_deadline == T(2026, 11, 2, 17, 0)
    client = login(world.a.users["vendor_engineer"])
    page = client.get(wo.get_absolute_url()).content.decode()
    assert "截止时间 = 报告 11-02 09:00 + 8小时（工作小时）" in page


def test_full_lifecycle_to_the_requesters_signature(world):
    wo = make(world)
    desk, eng = world.a.users["service_desk"], world.a.users["vendor_engineer"]
    step(wo, "accept", desk, at=T(2026, 11, 2, 9, 3))
    step(wo, "dispatch", desk, assignee=eng.pk, at=T(2026, 11, 2, 9, 5))
    assert Notification.objects.filter(user=eng, work_order=wo).exists()
    step(wo, "arrive", eng, at=T(2026, 11, 2, 10, 0))
    with pytest.raises(TransitionError, match="请先填写：问题分析、解决步骤、验证结果"):
        step(wo, "resolve", eng, at=T(2026, 11, 2, 11, 0))
    wo.refresh_from_db()
    with context.acting(eng):
        actions.do_update_workorder(wo.pk, actor=eng, version=wo.version,
                                    problem_analysis="硒鼓老化", resolution_steps="更换硒鼓",
                                    verification="打印测试页正常")
    step(wo, "resolve", eng, at=T(2026, 11, 2, 11, 0))
    with pytest.raises(TransitionError, match="您的角色不能确认关闭"):
        step(wo, "confirm", desk, rating="satisfied")
    step(wo, "confirm", world.a.users["requester"], rating="satisfied", comment="很快",
         at=T(2026, 11, 2, 12, 0))
    wo.refresh_from_db()
    assert wo.state == "closed" and wo.closed_at == T(2026, 11, 2, 12, 0)
    evaluation = Evaluation.objects.get(work_order=wo)
    assert evaluation.method == "app" and evaluation.signed_by == world.a.users["requester"]
    clocks = {c.target.metric: c for c in actions.clocks_of(wo)}
    assert clocks["resolution"].state == "stopped" and clocks["resolution"].met is True
    with pytest.raises(TransitionError):
        step(wo, "confirm", world.a.users["requester"], rating="unsatisfied")
    assert Evaluation.objects.filter(work_order=wo).count() == 1


def test_phone_confirmation_and_its_setting(world):
    wo = make(world)
    eng, desk = world.a.users["vendor_engineer"], world.a.users["service_desk"]
    step(wo, "dispatch", desk, assignee=eng.pk)
    step(wo, "start", eng)
    wo.refresh_from_db()
    actions.do_update_workorder(wo.pk, actor=eng, version=wo.version, problem_analysis="a",
                                resolution_steps="b", verification="c")
    step(wo, "resolve", eng)
    world.a.desk.allow_phone_confirmation = False
    world.a.desk.save()
    with pytest.raises(actions.InputError, match="不允许电话确认"):
        step(wo, "phone_confirm", desk, rating="basically", confirmed_by="陈丽")
    world.a.desk.allow_phone_confirmation = True
    world.a.desk.save()
    step(wo, "phone_confirm", desk, rating="basically", confirmed_by="陈丽",
         confirmed_at=timezone.now())
    assert Evaluation.objects.get(work_order=wo).method == "phone"


def test_suspend_pauses_and_resume_continues(world):
    wo = make(world)
    desk = world.a.users["service_desk"]
    step(wo, "accept", desk, at=T(2026, 11, 2, 9, 0))
    step(wo, "suspend", desk, pause_reason="wait", at=T(2026, 11, 2, 10, 0))
    wo.refresh_from_db()
    assert wo.state == "suspended" and wo.resolution_deadline is None
    step(wo, "resume", desk, at=T(2026, 11, 2, 11, 0))
    wo.refresh_from_db()
    assert wo.resolution_deadline == T(2026, 11, 3, 9, 30)  # one hour later than before
    with pytest.raises(actions.InputError, match="请选择挂起原因"):
        step(wo, "suspend", desk, pause_reason="nonsense")


def test_extension_is_recorded_never_silent(world):
    wo = make(world)
    desk = world.a.users["service_desk"]
    with pytest.raises(actions.InputError, match="延期原因"):
        step(wo, "extend", desk, reason="", approver="陈丽", new_deadline=T(2026, 11, 6, 17))
    step(wo, "extend", desk, reason="等待原厂备件", approver="陈丽",
         new_deadline=T(2026, 11, 6, 17, 0), at=T(2026, 11, 2, 10, 0))
    wo.refresh_from_db()
    assert wo.resolution_deadline == T(2026, 11, 6, 17, 0)
    event = wo.events.get(kind="extend")
    assert event.data["approver"] == "陈丽" and "等待原厂备件" in event.note


def test_reopen_resumes_the_clock(world):
    wo = make(world)
    eng = world.a.users["vendor_engineer"]
    step(wo, "dispatch", world.a.users["service_desk"], assignee=eng.pk, at=T(2026, 11, 2, 9))
    step(wo, "start", eng, at=T(2026, 11, 2, 9, 10))
    wo.refresh_from_db()
    actions.do_update_workorder(wo.pk, actor=eng, version=wo.version, problem_analysis="a",
                                resolution_steps="b", verification="c")
    step(wo, "resolve", eng, at=T(2026, 11, 2, 10, 0))
    step(wo, "reopen", world.a.users["requester"], note="还是不行", at=T(2026, 11, 2, 14, 0))
    wo.refresh_from_db()
    assert wo.state == "in_progress"
    # 1 h counted before confirmation was asked; the 4 h waiting did not count: 7 h remain
    assert wo.resolution_deadline == T(2026, 11, 3, 12, 30)


def test_second_writer_gets_a_conflict_not_a_lost_update(world):
    wo = world.a.work_order
    desk_a = login(world.a.users["service_desk"])
    desk_b = login(world.a.users["agency_admin"])
    seen = wo.version
    first = desk_a.post(f"/workorders/{wo.pk}/do/accept/", {"version": seen})
    assert first.status_code == 302
    second = desk_b.post(f"/workorders/{wo.pk}/do/accept/", {"version": seen})
    assert second.status_code == 409
    page = second.content.decode()
    assert "在此期间他人已更新该工单" in page and "已受理" in page


@pytest.mark.django_db(transaction=True)
def test_numbers_are_gap_free_under_concurrency():
    from yunwei.testing import make_world

    world = make_world()
    numbers: list[str] = []
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(5):
                with context.acting(None):
                    wo = actions.do_create_workorder(
                        world.a.contract, actor=None, title=f"并发 {n}-{i}", channel="api",
                        requester_name="x", reported_at=T(2026, 11, 2, 9, 0))
                numbers.append(wo.number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    seqs = sorted(WorkOrder.objects.filter(contract=world.a.contract, year=2026)
                  .values_list("seq", flat=True))
    assert seqs == list(range(1, 32))  # the fixture's order + 30, no gaps, no duplicates
    assert len(set(numbers)) == 30


def test_requester_sees_only_their_own(world):
    mine = make(world)
    other = make(world, requester=None, requester_name="别人")
    client = login(world.a.users["requester"])
    page = client.get("/workorders/").content.decode()
    assert mine.number in page and other.number not in page
    assert client.get(other.get_absolute_url()).status_code == 404


def test_desk_form_and_self_service(world):
    desk = login(world.a.users["service_desk"])
    response = desk.post("/workorders/add/", {
        "contract": world.a.contract.pk, "channel": "qq", "requester_name": "王老师",
        "title": "会议室话筒无声", "location": "5楼", "level_code": "urgent"})
    assert response.status_code == 302
    wo = WorkOrder.objects.get(title="会议室话筒无声")
    assert wo.channel == "qq" and wo.resolution_deadline is not None
    bad = desk.post("/workorders/add/", {"contract": world.a.contract.pk, "channel": "qq",
                                          "title": "x", "level_code": "nope"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "请填写服务对象的姓名或用户名" in body
    requester = login(world.a.users["requester"])
    assert requester.get("/workorders/add/").status_code == 403
    response = requester.post("/workorders/report/", {"contract": world.a.contract.pk,
                                                      "title": "电脑蓝屏", "location": "201"})
    assert response.status_code == 302
    assert WorkOrder.objects.get(title="电脑蓝屏").requester == world.a.users["requester"]


def test_unknown_level_is_a_clear_error(world):
    with pytest.raises(actions.InputError, match="没有级别"):
        make(world, level_code="L9")


def test_queues_search_and_export(world):
    eng = world.a.users["vendor_engineer"]
    hot = make(world, title="指挥大厅拼接屏黑屏", reported_at=timezone.now() - dt.timedelta(days=5))
    step(hot, "dispatch", world.a.users["service_desk"], assignee=eng.pk)
    make(world, title="打印机卡纸")
    client = login(eng)
    mine = client.get("/workorders/?queue=mine").content.decode()
    assert hot.number in mine and "打印机卡纸" not in mine
    found = client.get("/workorders/", {"q": "拼接屏"}).content.decode()
    assert hot.number in found and "打印机卡纸" not in found
    overdue = client.get("/workorders/?queue=overdue").content.decode()
    assert hot.number in overdue
    export = client.get("/workorders/", {"q": "拼接屏", "export": "xlsx"})
    assert export.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "工单编号" and len(rows) == 2 and rows[1][0] == hot.number


def test_queue_query_count_does_not_grow(world):
    client = login(world.a.users["service_desk"])
    client.get("/workorders/")
    with CaptureQueriesContext(connection) as small:
        client.get("/workorders/?queue=open")
    for i in range(30):
        wo = make(world, title=f"工单{i}")
        if i % 2:
            step(wo, "dispatch", world.a.users["service_desk"],
                 assignee=world.a.users["vendor_engineer"].pk)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/workorders/?queue=open").status_code == 200
    assert len(large) == len(small)


def test_attachment_upload_and_scoped_download(world):
    wo = world.a.work_order
    step(wo, "dispatch", world.a.users["service_desk"], assignee=world.a.users[
        "vendor_engineer"].pk)
    wo.refresh_from_db()
    eng = login(world.a.users["vendor_engineer"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = eng.post(f"/workorders/{wo.pk}/record/", {
        "version": wo.version, "problem_analysis": "线缆松动", "resolution_steps": "",
        "verification": "", "attachment": SimpleUploadedFile("现场照片.jpg", b"JPEGDATA",
                                                              content_type="image/jpeg")})
    assert response.status_code == 302
    attachment = wo.attachments.get(name="现场照片.jpg")
    download = eng.get(attachment.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"JPEGDATA"
    foreign = login(world.b.users["vendor_engineer"])
    assert foreign.get(attachment.get_absolute_url()).status_code == 404


def test_sla_warning_and_breach_notify_once(world, mailoutbox,
                                            django_capture_on_commit_callbacks):
    wo = make(world, reported_at=T(2026, 11, 2, 9, 0))
    eng = world.a.users["vendor_engineer"]
    eng.email = "eng@example.invalid"
    eng.save()
    step(wo, "dispatch", world.a.users["service_desk"], assignee=eng.pk, at=T(2026, 11, 2, 9, 5))
    mailoutbox.clear()
    with context.acting(None), django_capture_on_commit_callbacks(execute=True):
        assert not mailoutbox  # nothing is mailed before the transaction commits
        assert actions.watch_sla(now=T(2026, 11, 2, 15, 0))["warnings"] == 1
        assert actions.watch_sla(now=T(2026, 11, 2, 15, 5))["warnings"] == 0
        assert actions.watch_sla(now=T(2026, 11, 2, 17, 1))["breaches"] == 1
        assert actions.watch_sla(now=T(2026, 11, 2, 18, 0))["breaches"] == 0
    wo.refresh_from_db()
    assert wo.sla_breached
    assert wo.events.filter(kind="sla_breach").count() == 1
    kinds = set(Notification.objects.filter(user=eng, work_order=wo)
                .values_list("kind", flat=True))
    assert any(k.startswith("warning") for k in kinds) and any(k.startswith("breach")
                                                                for k in kinds)
    assert len(mailoutbox) == 2 and "超时" in mailoutbox[1].body


def test_phone_first_issues_a_work_order_only_when_unsolved(world):
    desk = world.a.users["service_desk"]
    eng = world.a.users["vendor_engineer"]
    with context.acting(desk):
        solved = actions.do_log_phone_notice(world.a.contract, actor=desk, title="网络中断",
                                             engineer=eng, called_at=T(2026, 11, 2, 9, 0),
                                             requester_name="张三")
        actions.do_solve_phone_notice(solved.pk, actor=eng, note="重启交换机",
                                      at=T(2026, 11, 2, 10, 0))
        late = actions.do_log_phone_notice(world.a.contract, actor=desk, title="投影仪故障",
                                           engineer=eng, called_at=T(2026, 11, 2, 9, 30),
                                           requester_name="李四", level_code="urgent")
        before = WorkOrder.objects.count()
        assert actions.issue_due_phone_notices(now=T(2026, 11, 2, 11, 0)) == 0
        assert actions.issue_due_phone_notices(now=T(2026, 11, 2, 11, 31)) == 1
        assert actions.issue_due_phone_notices(now=T(2026, 11, 2, 12, 0)) == 0
    assert WorkOrder.objects.count() == before + 1
    late.refresh_from_db()
    wo = late.work_order
    assert wo.reported_at == T(2026, 11, 2, 11, 30) and wo.channel == "phone_first"
    assert wo.assignee == eng and wo.state == "dispatched"
    assert wo.resolution_deadline == T(2026, 11, 3, 11, 0)  # the clock starts at 11:30
    with pytest.raises(actions.InputError):
        actions.do_solve_phone_notice(late.pk, actor=eng, note="x")


def test_api_create_transition_and_conflict(world):
    token, _ = Token.objects.get_or_create(user=world.a.users["service_desk"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    created = api.post("/api/workorders/", {"contract": world.a.contract.pk, "title": "接口报修",
                                            "requester_name": "监控系统", "level_code": "urgent"},
                       format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"].startswith(world.a.contract.code) and body["resolution_deadline"]
    url = f"/api/workorders/{body['id']}/transition/"
    ok = api.post(url, {"code": "accept", "version": body["version"]}, format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "accepted"
    stale = api.post(url, {"code": "dispatch", "version": body["version"],
                           "assignee": world.a.users["vendor_engineer"].pk}, format="json")
    assert stale.status_code == 409 and stale.json()["work_order"]["state"] == "accepted"
    illegal = api.post(url, {"code": "confirm", "version": ok.json()["version"],
                             "rating": "satisfied"}, format="json")
    assert illegal.status_code == 400 and "不能确认关闭" in illegal.json()["detail"]
    foreign = api.post("/api/workorders/", {"contract": world.b.contract.pk, "title": "x"},
                       format="json")
    assert foreign.status_code == 400
    future = api.post("/api/workorders/", {"contract": world.a.contract.pk, "title": "x",
                                           "requester_name": "y",
                                           "reported_at": "2099-01-01T00:00:00+08:00"},
                      format="json")
    assert future.status_code == 400


def test_printable_work_order_is_a_pdf_with_chinese_text(world, tmp_path):
    import shutil
    import subprocess

    wo = world.a.work_order
    client = login(world.a.users["supervisor"])
    response = client.get(f"/workorders/{wo.pk}/print.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is installed by scripts/install-test-deps.sh")
    path = tmp_path / "wo.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "运维服务工单" in text and wo.number in text and "服务对象签字" in text
    assert login(world.b.users["supervisor"]).get(
        f"/workorders/{wo.pk}/print.pdf").status_code == 404


def _close(world, wo, rating):
    eng = world.a.users["vendor_engineer"]
    step(wo, "dispatch", world.a.users["service_desk"], assignee=eng.pk, at=wo.reported_at)
    step(wo, "start", eng, at=wo.reported_at + dt.timedelta(minutes=5))
    wo.refresh_from_db()
    actions.do_update_workorder(wo.pk, actor=eng, version=wo.version, problem_analysis="a",
                                resolution_steps="b", verification="c")
    step(wo, "resolve", eng, at=wo.reported_at + dt.timedelta(minutes=30))
    step(wo, "confirm", world.a.users["requester"], rating=rating,
         at=wo.reported_at + dt.timedelta(minutes=40))


def test_dashboard_figures_and_query_count(world):
    from yunwei.workorders.reports import dashboard

    now = timezone.now()
    for rating in ("satisfied", "basically", "unsatisfied"):
        _close(world, make(world, reported_at=now - dt.timedelta(hours=3)), rating)
    make(world, reported_at=now - dt.timedelta(days=3))  # open and overdue
    data = dashboard(world.a.contract)
    assert data["rated"] == 3 and data["satisfaction"] == 66.7
    assert data["satisfaction_target"] == 90 and data["satisfaction_ok"] is False
    assert data["overdue"] >= 1 and data["open"] >= 2
    # the month the three were reported and solved in (not always the current one: at 00:30
    # on the 1st they belong to the month before)
    month = timezone.localtime(now - dt.timedelta(hours=3)).strftime("%Y-%m")
    assert data["compliance"][data["months"].index(month)] == 100.0
    client = login(world.a.users["supervisor"])
    url = f"/workorders/dashboard/{world.a.contract.pk}/"
    with CaptureQueriesContext(connection) as small:
        page = client.get(url)
    assert page.status_code == 200 and "66.7%" in page.content.decode()
    for _ in range(10):
        make(world)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
    assert login(world.a.users["requester"]).get(url).status_code == 403
    assert login(world.b.users["supervisor"]).get(url).status_code == 404


def test_queue_pages_without_counting_everything(world):
    for i in range(55):
        make(world, title=f"批量{i}", reported_at=T(2026, 11, 2, 9, 0) + dt.timedelta(minutes=i))
    client = login(world.a.users["service_desk"])
    first = client.get("/workorders/?q=批量").content.decode()
    assert first.count("批量") >= 50 and "下一页" in first
    assert "第 1 页" in first and "第 1 页，共" not in first  # no count of every row
    second = client.get("/workorders/?q=批量&page=2").content.decode()
    assert "第 2 页" in second and "批量0<" in second


def test_another_requester_cannot_sign_off_someone_elses_order(world):
    from django.contrib.auth import get_user_model

    from yunwei.contracts.models import Membership

    other = get_user_model().objects.create(username="aaa_requester2")
    Membership.objects.create(contract=world.a.contract, user=other, role="requester")
    wo = make(world)
    eng = world.a.users["vendor_engineer"]
    step(wo, "dispatch", world.a.users["service_desk"], assignee=eng.pk)
    step(wo, "start", eng)
    wo.refresh_from_db()
    actions.do_update_workorder(wo.pk, actor=eng, version=wo.version, problem_analysis="a",
                                resolution_steps="b", verification="c")
    step(wo, "resolve", eng)
    wo.refresh_from_db()
    client = login(other)
    response = client.post(f"/workorders/{wo.pk}/do/confirm/",
                           {"version": wo.version, "rating": "satisfied"})
    assert response.status_code == 404
    with pytest.raises(TransitionError, match="您的角色不能确认关闭"):
        step(wo, "confirm", other, rating="satisfied")
    wo.refresh_from_db()
    assert wo.state == "pending_confirmation" and not Evaluation.objects.filter(
        work_order=wo).exists()


def test_tampered_version_and_unknown_action_are_refused(world):
    wo = world.a.work_order
    client = login(world.a.users["service_desk"])
    assert client.post(f"/workorders/{wo.pk}/do/accept/", {"version": "abc"}).status_code == 400
    assert client.post(f"/workorders/{wo.pk}/do/teleport/", {"version": wo.version}
                       ).status_code == 403
    assert client.post(f"/workorders/{wo.pk}/do/dispatch/", {
        "version": wo.version, "assignee": world.b.users["vendor_engineer"].pk}).status_code == 400
    wo.refresh_from_db()
    assert wo.assignee is None


def test_resolve_form_takes_the_record_with_the_step(world):
    wo = make(world)
    eng = world.a.users["vendor_engineer"]
    step(wo, "dispatch", world.a.users["service_desk"], assignee=eng.pk)
    step(wo, "start", eng)
    wo.refresh_from_db()
    client = login(eng)
    missing = client.post(f"/workorders/{wo.pk}/do/resolve/", {
        "version": wo.version, "problem_analysis": "线缆松动", "resolution_steps": "",
        "verification": ""})
    assert missing.status_code == 400
    wo.refresh_from_db()
    assert wo.problem_analysis == "" and wo.state == "in_progress"  # neither was saved
    done = client.post(f"/workorders/{wo.pk}/do/resolve/", {
        "version": wo.version, "problem_analysis": "线缆松动", "resolution_steps": "重新插紧",
        "verification": "图像正常"})
    assert done.status_code == 302
    wo.refresh_from_db()
    assert wo.state == "pending_confirmation" and wo.verification == "图像正常"


def test_the_dashboard_months_start_with_the_service(world):
    from yunwei.contracts.models import Contract
    from yunwei.workorders.reports import dashboard

    Contract.objects.filter(pk=world.a.contract.pk).update(service_start=dt.date(2026, 9, 15))
    world.a.contract.refresh_from_db()
    now = T(2026, 11, 20, 10, 0)
    assert dashboard(world.a.contract, now=now)["months"] == ["2026-09", "2026-10", "2026-11"]
    # a year on, the last 12 months only
    later = dashboard(world.a.contract, now=T(2027, 12, 1, 10, 0))["months"]
    assert later[0] == "2027-01" and later[-1] == "2027-12" and len(later) == 12
