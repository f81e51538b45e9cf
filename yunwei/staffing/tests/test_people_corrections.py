"""People added and edited by the vendor PM (do_add_person, do_edit_person) and hand
corrections of attendance by the agency administrator (do_correct_attendance,
do_enter_attendance): rules, audit, the pages and the API, re-derivation keeping them."""

import datetime as dt

import pytest

from yunwei.core import context
from yunwei.core.errors import NotPermitted, Refused
from yunwei.core.models import AuditEvent
from yunwei.staffing import actions
from yunwei.staffing.models import AttendanceRecord, Person, Post, Qualification
from yunwei.staffing.testing import make_staffing, make_world_with_staffing

pytestmark = pytest.mark.django_db
JSON = "application/json"
ROLES = ("agency_admin", "agency_liaison", "vendor_pm", "vendor_engineer", "supervisor",
         "service_desk", "expert", "requester")


@pytest.fixture(scope="module")
def world_builder():
    """The world with the staffing objects on contract A, built once for the module."""
    return make_world_with_staffing


@pytest.fixture
def st(world, client):
    data = dict(world.a.staffing)
    data["world"], data["users"], data["c"] = world, world.a.users, world.a.contract
    data["client"] = client
    data["record"] = AttendanceRecord.objects.get(contract=world.a.contract,
                                                  day=dt.date(2026, 3, 2))
    return data


def _as(st, role, side="a"):
    st["client"].force_login(getattr(st["world"], side).users[role])
    return st["client"]


def _events(obj):
    return list(AuditEvent.objects.filter(object_type=obj._meta.label_lower,
                                          object_id=str(obj.pk)).order_by("id"))


# -- people: the actions ----------------------------------------------------------------------
def test_only_the_vendor_pm_adds_and_edits_people(st):
    users, c = st["users"], st["c"]
    for role in ROLES:
        if role == "vendor_pm":
            continue
        with pytest.raises(Refused):
            actions.do_add_person(c.pk, actor=users[role], name="A新人")
        with pytest.raises(NotPermitted):  # the role may not at all: 403 in the UI and API
            actions.do_edit_person(st["people"]["li"], actor=users[role], phone="13700000000")
    with pytest.raises(Refused):  # the vendor PM of another contract
        actions.do_add_person(c.pk, actor=st["world"].b.users["vendor_pm"], name="A新人")
    host = st["staffing.post"]
    person = actions.do_add_person(c.pk, actor=users["vendor_pm"], name=" A新人 ",
                                   posts=[host], employee_no="E9", phone="13700009999",
                                   id_number="11010119950505123x")
    assert (person.name, person.id_number, person.entry_status) == (
        "A新人", "11010119950505123X", "pending")
    create, posts = _events(person)
    assert create.action == "create" and create.after["employee_no"] == "E9"
    assert (posts.before, posts.after) == ({"posts": []}, {"posts": [host.pk]})
    from yunwei.core.auditdisplay import changes

    assert changes(posts) == [("岗位", "∅", host.name)]  # names, not ids, in the history


@pytest.mark.parametrize("values, field", [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "A" * 51}, "name"),
    ({"name": "A李娜"}, "name"),                      # taken on this contract
    ({"employee_no": "E2"}, "employee_no"),          # li's clock-in ID
    ({"id_number": "11010119900101123"}, "id_number"),   # 17 characters
    ({"id_number": "11010119900101123Y"}, "id_number"),
    ({"phone": "138-abc"}, "phone"),
    ({"phone": "1"}, "phone"),
])
def test_bad_person_values_are_refused_naming_the_field(st, values, field):
    values = {"name": "A新人", **values}
    with pytest.raises(Refused) as exc:
        actions.do_add_person(st["c"].pk, actor=st["users"]["vendor_pm"], **values)
    assert exc.value.field == field
    assert not Person.objects.filter(contract=st["c"], name="A新人").exists()


def test_posts_and_user_must_be_of_the_contract(st):
    pm, c = st["users"]["vendor_pm"], st["c"]
    foreign = make_staffing(st["world"].b, "B")["staffing.post"]
    with pytest.raises(Refused) as exc:
        actions.do_add_person(c.pk, actor=pm, name="A新人", posts=[foreign])
    assert exc.value.field == "posts"
    with pytest.raises(Refused) as exc:  # an account of the other contract only
        actions.do_add_person(c.pk, actor=pm, name="A新人",
                              user=st["world"].b.users["vendor_engineer"])
    assert exc.value.field == "user"
    with pytest.raises(Refused) as exc:  # wang's account already
        actions.do_add_person(c.pk, actor=pm, name="A新人", user=st["users"]["vendor_engineer"])
    assert exc.value.field == "user"


def test_edit_rules_entry_note_posts_and_leaving(st, monkeypatch):
    pm = st["users"]["vendor_pm"]
    wang, li = st["people"]["wang"], st["people"]["li"]
    # the entry documents: editable while pending (li), kept once decided (wang)
    actions.do_edit_person(li, actor=pm, entry_note="学历证书复印件")
    with pytest.raises(Refused) as exc:
        actions.do_edit_person(wang, actor=pm, entry_note="改写")
    assert exc.value.field == "entry_note"
    # a post added to an approved person needs its qualifications
    dba = Post.objects.create(contract=st["c"], name="A 数据库工程师", qualifications="OCP")
    with pytest.raises(Refused) as exc:
        actions.do_edit_person(wang, actor=pm, posts=[*wang.posts.all(), dba])
    assert exc.value.field == "posts" and "OCP" in exc.value.en
    Qualification.objects.create(contract=st["c"], person=wang, name="OCP")
    before = sorted(wang.posts.values_list("pk", flat=True))
    actions.do_edit_person(wang, actor=pm, posts=[*wang.posts.all(), dba])
    row = _events(wang)[-1]
    assert (row.before, row.after) == ({"posts": before}, {"posts": sorted([*before, dba.pk])})
    # a pending person takes any post (the entry check looks at qualifications)
    actions.do_edit_person(li, actor=pm, posts=[dba])
    # leaving the contract: refused while shifts lie ahead
    now = dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC)
    with pytest.raises(Refused) as exc:
        actions.do_edit_person(wang, actor=pm, active=False, now=now)
    assert exc.value.field == "active" and "2026-02-02" in exc.value.en
    later = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    actions.do_edit_person(wang, actor=pm, active=False, now=later)
    wang.refresh_from_db()
    assert wang.active is False
    assert _events(wang)[-1].after["active"] is False


# -- people: the pages ------------------------------------------------------------------------
def test_pages_add_and_edit_through_the_actions(st):
    host = st["staffing.post"]
    client = _as(st, "vendor_pm")
    added = client.post("/staffing/people/add/", {
        "contract": st["c"].pk, "name": "A赵敏", "posts": [host.pk], "employee_no": "E7",
        "id_number": "110101199303031111", "phone": "13600003333"})
    assert added.status_code == 302, added.content.decode()[:2000]
    zhao = Person.objects.get(name="A赵敏")
    assert list(zhao.posts.all()) == [host] and zhao.active
    bad = client.post(f"/staffing/people/{zhao.pk}/edit/", {
        "name": "A赵敏", "posts": [host.pk], "phone": "电话", "active": "on"})
    assert bad.status_code == 400 and "电话号码" in bad.content.decode()
    ok = client.post(f"/staffing/people/{zhao.pk}/edit/", {
        "name": "A赵敏", "posts": [host.pk], "phone": "13600004444", "employee_no": "E7",
        "id_number": "110101199303031111", "active": "on"})
    assert ok.status_code == 302
    assert Person.objects.get(pk=zhao.pk).phone == "13600004444"
    for role in ("agency_admin", "agency_liaison", "vendor_engineer", "supervisor"):
        assert _as(st, role).get(f"/staffing/people/{zhao.pk}/edit/").status_code == 403
        assert _as(st, role).get("/staffing/people/add/").status_code in (403,)
    assert _as(st, "vendor_pm", "b").get(f"/staffing/people/{zhao.pk}/edit/").status_code == 404
    # the edit link is shown to whom the edit page lets in
    edit = f'href="/staffing/people/{zhao.pk}/edit/"'
    assert edit in _as(st, "vendor_pm").get(f"/staffing/people/{zhao.pk}/").content.decode()
    assert edit not in _as(st, "agency_admin").get(
        f"/staffing/people/{zhao.pk}/").content.decode()


# -- people: the API --------------------------------------------------------------------------
def test_api_add_and_edit_people(st):
    host = st["staffing.post"]
    body = {"contract": st["c"].pk, "name": "A赵敏", "posts": [host.pk], "employee_no": "E7",
            "id_number": "110101199303031111", "phone": "13600003333"}
    added = _as(st, "vendor_pm").post("/api/staff/", body, content_type=JSON)
    assert added.status_code == 201, added.content
    assert (added.json()["phone"], added.json()["posts"]) == ("13600003333", [host.pk])
    pk = added.json()["id"]
    for role in ("agency_admin", "vendor_engineer", "agency_liaison"):
        assert _as(st, role).post("/api/staff/", {**body, "name": "X"},
                                  content_type=JSON).status_code == 403
    assert _as(st, "vendor_pm", "b").post("/api/staff/", {**body, "name": "X"},
                                          content_type=JSON).status_code == 404
    bad = _as(st, "vendor_pm").post("/api/staff/", {**body, "name": "A钱", "employee_no": "E8",
                                                      "id_number": "12"},
                                    content_type=JSON)
    assert bad.status_code == 400
    assert set(bad.json()) >= {"detail", "detail_en", "field"}
    assert bad.json()["field"] == "id_number"
    assert _as(st, "vendor_pm").post("/api/staff/", {**body, "name": "A钱", "posts": ["x"]},
                                     content_type=JSON).json()["field"] == "posts"
    assert _as(st, "vendor_pm").post("/api/staff/", {"name": "A钱"},
                                     content_type=JSON).json()["field"] == "contract"
    url = f"/api/staff/{pk}/"
    patched = _as(st, "vendor_pm").patch(url, {"phone": "13600004444"}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["phone"] == "13600004444"
    assert Person.objects.get(pk=pk).name == "A赵敏"  # untouched fields stay
    # the agency may not edit a person at all: 403 here as on the edit page, with the reason
    refused = _as(st, "agency_admin").patch(url, {"phone": "13600005555"}, content_type=JSON)
    assert refused.status_code == 403 and refused.json()["detail_en"] == \
        "only the vendor PM edits staff"
    assert refused.json()["detail"] == "只有乙方项目经理可以修改人员信息"
    assert _as(st, "agency_admin").get(f"/staffing/people/{pk}/edit/").status_code == 403
    assert _as(st, "agency_admin").post(f"/staffing/people/{pk}/edit/", {
        "name": "A赵敏", "phone": "13600005555", "active": "on"}).status_code == 403
    # a refusal for a reason (a bad value) is a 400 naming the field, in both
    bad = _as(st, "vendor_pm").patch(url, {"phone": "电话"}, content_type=JSON)
    assert bad.status_code == 400 and bad.json()["field"] == "phone"
    assert Person.objects.get(pk=pk).phone == "13600004444"
    assert _as(st, "vendor_engineer").patch(url, {"phone": "1"},
                                            content_type=JSON).status_code == 403
    assert _as(st, "vendor_pm", "b").patch(url, {"phone": "1"},
                                           content_type=JSON).status_code == 404
    # personal data masked in the answers of everyone but the agency admin and the vendor PM
    seen = {role: _as(st, role).get(url).json()["phone"] for role in (
        "agency_admin", "vendor_pm", "agency_liaison", "vendor_engineer", "supervisor")}
    assert seen == {"agency_admin": "13600004444", "vendor_pm": "13600004444",
                    "agency_liaison": "136****4444", "vendor_engineer": "136****4444",
                    "supervisor": "136****4444"}


# -- attendance corrections -------------------------------------------------------------------
def test_correction_keeps_the_derived_value_and_is_audited_with_codes(st):
    record, admin = st["record"], st["users"]["agency_admin"]
    assert (record.kind, record.derived) == ("present", True)
    for role in ("vendor_pm", "agency_liaison", "supervisor", "vendor_engineer"):
        with pytest.raises(Refused):
            actions.do_correct_attendance(record, actor=st["users"][role], kind="late",
                                          minutes=30, reason="x")
    with context.acting(admin, source="web"):  # as the request middleware sets it
        actions.do_correct_attendance(record, actor=admin, kind="late", minutes=75,
                                      reason="打卡机时间快了一小时", seen=0)
    record.refresh_from_db()
    assert (record.kind, record.minutes, record.derived, record.derived_kind,
            record.derived_minutes, record.corrections, record.corrected_by) == (
        "late", 75, False, "present", 0, 1, admin)
    assert len(record.evidence.split(",")) == 2  # the punches stay its evidence
    row = _events(record)[-1]
    assert (row.before["kind"], row.after["kind"]) == ("present", "late")
    assert (row.before["derived"], row.after["derived"]) == (True, False)
    assert row.after["derived_kind"] == "present" and row.actor_id == admin.pk
    # a second correction keeps what the derivation said, not the first correction
    actions.do_correct_attendance(record, actor=admin, kind="absent", minutes=0,
                                  reason="当天实际未到岗", seen=1)
    record.refresh_from_db()
    assert (record.kind, record.derived_kind, record.corrections) == ("absent", "present", 2)


def test_rederivation_keeps_a_correction(st):
    record, c = st["record"], st["c"]
    actions.do_correct_attendance(record, actor=st["users"]["agency_admin"], kind="leave",
                                  minutes=0, reason="补批病假")
    before = AuditEvent.objects.count()
    actions.do_derive_attendance(c.pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    rows = list(AttendanceRecord.objects.filter(person=record.person, day=record.day))
    assert [(r.pk, r.kind, r.derived) for r in rows] == [(record.pk, "leave", False)]
    derived = AuditEvent.objects.filter(pk__gt=before, object_type="contracts.contract").last()
    assert derived.after["staffing_attendance_derived"]["kept_corrections"] == 1


def test_corrected_violation_is_kept_and_the_days_shift_still_derived(st):
    c, li = st["c"], st["people"]["li"]  # li was never approved: unchecked entry
    day = dt.date(2026, 3, 11)
    actions.do_add_shift(li, st["patterns"]["day"], day, actor=None)
    actions.do_import_attendance(c.pk, f"姓名,打卡时间\n{li.name},2026-03-11 09:00\n"
                                 f"{li.name},2026-03-11 17:30\n".encode(), "li.csv",
                                 actor=None)
    actions.do_derive_attendance(c.pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    violation = AttendanceRecord.objects.get(person=li, kind="unchecked_entry")
    actions.do_correct_attendance(violation, actor=st["users"]["agency_admin"], kind="present",
                                  minutes=0, reason="纸质入场核验单已签")
    actions.do_derive_attendance(c.pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    got = sorted((r.kind, r.derived, r.shift_id is None)
                 for r in AttendanceRecord.objects.filter(person=li, day=day))
    assert got == [("present", False, True), ("present", True, False)]


def test_a_correction_made_meanwhile_refuses_the_stale_one(st):
    record, admin = st["record"], st["users"]["agency_admin"]
    actions.do_correct_attendance(record, actor=admin, kind="late", minutes=10, reason="甲",
                                  seen=0)
    with pytest.raises(Refused) as exc:  # the second corrector also saw 0 corrections
        actions.do_correct_attendance(record, actor=admin, kind="absent", minutes=0,
                                      reason="乙", seen=0)
    assert exc.value.field == "seen"
    record.refresh_from_db()
    assert (record.kind, record.correction_reason) == ("late", "甲")


@pytest.mark.parametrize("kind, minutes, reason, field", [
    ("nonsense", 0, "r", "kind"),
    ("late", 0, "r", "minutes"),
    ("present", 5, "r", "minutes"),
    ("late", 1441, "r", "minutes"),
    ("late", -1, "r", "minutes"),
    ("absent", 0, "  ", "reason"),
    ("present", 0, "r", "kind"),       # the record is present already: nothing changes
])
def test_bad_corrections(st, kind, minutes, reason, field):
    with pytest.raises(Refused) as exc:
        actions.do_correct_attendance(st["record"], actor=st["users"]["agency_admin"],
                                      kind=kind, minutes=minutes, reason=reason)
    assert exc.value.field == field


def test_correction_pages(st):
    record = st["record"]
    url = f"/staffing/attendance/{record.pk}/edit/"
    page = _as(st, "agency_admin").get(url)
    assert page.status_code == 200 and "出勤" in page.content.decode()
    done = _as(st, "agency_admin").post(url, {"kind": "late", "minutes": "61",
                                              "reason": "补录", "seen": "0"})
    assert done.status_code == 302
    stale = _as(st, "agency_admin").post(url, {"kind": "absent", "minutes": "0",
                                               "reason": "再改", "seen": "0"})
    assert stale.status_code == 400 and "已被他人更正" in stale.content.decode()
    no_reason = _as(st, "agency_admin").post(url, {"kind": "absent", "minutes": "0",
                                                   "reason": "", "seen": "1"})
    assert no_reason.status_code == 400
    # the refused post's values stay in the form, the record shown is still the saved one
    body = no_reason.content.decode()
    assert "<dt>当前记录</dt><dd>迟到 61 分钟</dd>" in body and "<dd>缺勤" not in body
    for role in ("vendor_pm", "agency_liaison", "supervisor"):
        assert _as(st, role).get(url).status_code == 403
    assert _as(st, "agency_admin", "b").get(url).status_code == 404
    # hand entry of a day without records
    li = st["people"]["li"]
    entered = _as(st, "agency_admin").post("/staffing/attendance/add/", {
        "contract": st["c"].pk, "person": li.pk, "day": "2026-03-12", "kind": "absent",
        "minutes": "0", "reason": "纸质考勤表"})
    assert entered.status_code == 302
    hand = AttendanceRecord.objects.get(person=li, day=dt.date(2026, 3, 12))
    assert (hand.derived, hand.derived_kind, hand.correction_reason) == (False, "", "纸质考勤表")
    twice = _as(st, "agency_admin").post("/staffing/attendance/add/", {
        "contract": st["c"].pk, "person": li.pk, "day": "2026-03-12", "kind": "absent",
        "minutes": "0", "reason": "再录"})
    assert twice.status_code == 400


def test_correction_page_names_the_corrector_with_full_width_colon(st):
    """The last correction names the person (display name, not the login name); the Chinese
    heading and line use the full-width colon, the English ones the ASCII one."""
    admin = st["users"]["agency_admin"]
    admin.first_name = "赵敏"
    admin.save()
    record = actions.do_correct_attendance(st["record"], actor=admin, kind="late", minutes=61,
                                           reason="打卡机故障", seen=0)
    url = f"/staffing/attendance/{record.pk}/edit/"
    client = _as(st, "agency_admin")
    zh = client.get(url).content.decode()
    assert f"<h1>更正考勤：{record}</h1>" in zh
    assert "赵敏：打卡机故障</dd>" in zh and admin.username not in zh
    client.cookies["yunwei_language"] = "en"
    en = client.get(url).content.decode()
    assert "<h1>Correct attendance: " in en and "赵敏: 打卡机故障</dd>" in en
    assert admin.username not in en


def test_correction_api(st):
    record = st["record"]
    url = f"/api/attendance/{record.pk}/correct/"
    body = {"kind": "late", "minutes": 61, "reason": "打卡机故障", "seen": 0}
    for role in ("vendor_pm", "agency_liaison", "supervisor"):
        assert _as(st, role).post(url, body, content_type=JSON).status_code == 403
    assert _as(st, "agency_admin", "b").post(url, body, content_type=JSON).status_code == 404
    for bad, field in (({"kind": "迟到"}, "kind"), ({"minutes": "x"}, "minutes"),
                       ({"reason": ""}, "reason"), ({"kind": "present", "minutes": 3},
                                                    "minutes")):
        answer = _as(st, "agency_admin").post(url, {**body, **bad}, content_type=JSON)
        assert answer.status_code == 400 and answer.json()["field"] == field, answer.json()
        assert answer.json()["detail"] and answer.json()["detail_en"]
    ok = _as(st, "agency_admin").post(url, body, content_type=JSON)
    assert ok.status_code == 200, ok.content
    assert (ok.json()["kind"], ok.json()["derived_kind"], ok.json()["corrections"]) == (
        "late", "present", 1)
    stale = _as(st, "agency_admin").post(url, {**body, "kind": "absent", "minutes": 0},
                                         content_type=JSON)
    assert stale.status_code == 400 and stale.json()["field"] == "seen"
    entry = {"person": st["people"]["li"].pk, "day": "2026-03-12", "kind": "absent",
             "reason": "纸质考勤表"}
    assert _as(st, "vendor_pm").post("/api/attendance/", entry,
                                     content_type=JSON).status_code == 403
    made = _as(st, "agency_admin").post("/api/attendance/", entry, content_type=JSON)
    assert made.status_code == 201 and made.json()["derived"] is False
    outside = _as(st, "agency_admin").post("/api/attendance/", {**entry, "day": "2027-01-05"},
                                           content_type=JSON)
    assert outside.status_code == 400 and outside.json()["field"] == "day"


def test_deleting_people_and_hand_records(st):
    pm, admin = st["users"]["vendor_pm"], st["users"]["agency_admin"]
    wang = st["people"]["wang"]
    with pytest.raises(Refused) as exc:  # punches, shifts, records: they leave instead
        actions.do_remove_person(wang, actor=pm)
    assert exc.value.field == "active"
    typo = actions.do_add_person(st["c"].pk, actor=pm, name="A错字")
    with pytest.raises(Refused):
        actions.do_remove_person(typo, actor=admin)
    assert _as(st, "vendor_pm", "b").delete(f"/api/staff/{typo.pk}/").status_code == 404
    assert _as(st, "agency_admin").delete(f"/api/staff/{typo.pk}/").status_code == 403
    assert _as(st, "vendor_pm").delete(f"/api/staff/{typo.pk}/").status_code == 204
    assert not Person.objects.filter(pk=typo.pk).exists()
    assert _events(typo)[-1].action == "delete"
    # a derived record is corrected, not deleted; a correction withdrawn is derived again
    record = st["record"]
    url = f"/api/attendance/{record.pk}/"
    refused = _as(st, "agency_admin").delete(url)
    assert refused.status_code == 400 and refused.json()["field"] == "kind"
    actions.do_correct_attendance(record, actor=admin, kind="absent", minutes=0, reason="误")
    assert _as(st, "vendor_pm").delete(url).status_code == 403
    page = _as(st, "agency_admin").post(f"/staffing/attendance/{record.pk}/delete/")
    assert page.status_code == 302 and not AttendanceRecord.objects.filter(pk=record.pk).exists()
    actions.do_derive_attendance(st["c"].pk, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    again = AttendanceRecord.objects.get(person=wang, day=dt.date(2026, 3, 2))
    assert (again.kind, again.derived) == ("present", True)


def test_the_person_form_names_accounts_by_person_and_login(st):
    """The account select shows the person's name; the login only beside a name two accounts
    share; the person's field is 姓名 (not 名称)."""
    users = st["users"]
    eng, pm, desk = users["vendor_engineer"], users["vendor_pm"], users["service_desk"]
    for account, first, last in ((eng, "伟", "张"), (pm, "伟", "张"), (desk, "丽", "陈")):
        account.first_name, account.last_name = first, last
        account.save()
    page = _as(st, "vendor_pm").get("/staffing/people/add/").content.decode()
    select = page.split('name="user"')[1].split("</select>")[0]
    assert ">陈丽</option>" not in select  # get_full_name() is "first last": 丽 陈
    assert f">{desk.get_full_name()}</option>" in select and desk.username not in select
    for account in (eng, pm):  # 张 伟 twice: told apart by login
        assert f">{account.get_full_name()} ({account.username})</option>" in select
    assert '<label for="id_name">姓名' in page


def test_leave_and_punch_names_are_in_beijing_time(st):
    """A leave from 09:00 Beijing time is "… 2026-12-03 09:00" (stored as 01:00 UTC), as is a
    punch: titles and links never show UTC."""
    from zoneinfo import ZoneInfo

    from yunwei.staffing.models import LeaveRequest, Punch

    nine = dt.datetime(2026, 12, 3, 1, 0, tzinfo=dt.UTC)  # 09:00 in Beijing
    assert nine.astimezone(ZoneInfo("Asia/Shanghai")).hour == 9
    leave = LeaveRequest(person=Person(name="李娜"), starts=nine, ends=nine)
    assert str(leave) == "李娜 2026-12-03 09:00"
    assert str(Punch(time=nine)) == "2026-12-03 09:00"
