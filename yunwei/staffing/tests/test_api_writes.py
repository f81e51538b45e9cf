"""The API offers every step the pages offer, through the same do_* action: entry checks,
qualifications, leave, replacements, the roster (add, remove, swap, generate, publish,
withdraw), attendance imports and derivation. Refusals answer 400 {detail, detail_en, field}."""

import datetime as dt
import pathlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yunwei.staffing import actions
from yunwei.staffing.models import (
    ImportBatch,
    LeaveRequest,
    Person,
    Punch,
    Qualification,
    RosterChange,
    RosterShift,
)
from yunwei.staffing.testing import make_world_with_staffing
from yunwei.worktime import TZ

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_every_step_of_the_pages_is_in_the_api():
    here = pathlib.Path(actions.__file__).parent
    steps = set(re.findall(r"actions\.(do_\w+)\(", (here / "views.py").read_text("utf-8")))
    api = set(re.findall(r"actions\.(do_\w+)\(", (here / "api/views.py").read_text("utf-8")))
    assert steps, "the pages call no action?"
    assert steps <= api, f"pages only: {sorted(steps - api)}"
    # people and hand corrections are actions on both sides, not generic model edits
    assert {"do_add_person", "do_edit_person", "do_remove_person", "do_correct_attendance",
            "do_enter_attendance", "do_remove_attendance"} <= steps & api


@pytest.fixture(scope="module")
def world_builder():
    """The world with the staffing objects on contract A, built once for the module."""
    return make_world_with_staffing


@pytest.fixture
def st(world, client):
    data = dict(world.a.staffing)
    data["world"], data["users"], data["c"] = world, world.a.users, world.a.contract
    data["client"] = client
    return data


def _as(st, role):
    st["client"].force_login(st["users"][role])
    return st["client"]


def test_entry_check(st):
    newcomer = Person.objects.create(contract=st["c"], name="A新人")
    url = f"/api/staff/{newcomer.pk}/entry/"
    refused = _as(st, "vendor_pm").post(url, {"approve": True}, content_type=JSON)
    assert refused.status_code == 400
    assert refused.json()["detail_en"] == "only the agency administrator checks entries"
    ok = _as(st, "agency_admin").post(url, {"approve": False, "note": "材料不全"},
                                      content_type=JSON)
    assert ok.status_code == 200 and ok.json()["entry_status"] == "refused"
    st["client"].force_login(st["world"].b.users["agency_admin"])
    assert st["client"].post(url, {"approve": True}, content_type=JSON).status_code == 404


def test_qualifications(st):
    wang = st["people"]["wang"]
    url = f"/api/staff/{wang.pk}/qualifications/"
    client = _as(st, "vendor_pm")
    evidence = SimpleUploadedFile("cert.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    ok = client.post(url, {"name": "数据库认证", "years": 3, "valid_until": "2027-06-30",
                           "evidence": evidence})
    assert ok.status_code == 201, ok.content
    q = Qualification.objects.get(pk=ok.json()["id"])
    assert (q.name, q.years, q.valid_until) == ("数据库认证", 3, dt.date(2027, 6, 30))
    assert q.evidence.name.endswith(".pdf")
    bad = client.post(url, {"name": "经验", "years": 99}, content_type=JSON)
    assert bad.status_code == 400 and bad.json()["field"] == "years"
    assert _as(st, "vendor_engineer").post(url, {"name": "x"}, content_type=JSON
                                           ).status_code == 400


def test_leave_asked_and_decided(st):
    wang = st["people"]["wang"]
    start = (dt.datetime.now(TZ) + dt.timedelta(days=3)).replace(microsecond=0)
    body = {"person": wang.pk, "kind": "annual", "starts": start.isoformat(),
            "ends": (start + dt.timedelta(hours=8)).isoformat(), "reason": "探亲"}
    asked = _as(st, "vendor_engineer").post("/api/leave/", body, content_type=JSON)
    assert asked.status_code == 201, asked.content
    assert asked.json()["kind"] == "annual" and asked.json()["status"] == "pending"
    leave = asked.json()["id"]
    late = _as(st, "vendor_engineer").post("/api/leave/", {
        **body, "starts": dt.datetime.now(TZ).isoformat()}, content_type=JSON)
    assert late.status_code == 400 and late.json()["field"] == "starts"
    assert _as(st, "vendor_pm").post(f"/api/leave/{leave}/decide/", {"approve": True},
                                     content_type=JSON).status_code == 400
    decided = _as(st, "agency_admin").post(f"/api/leave/{leave}/decide/", {"approve": True},
                                           content_type=JSON)
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    assert LeaveRequest.objects.get(pk=leave).decided_by == st["users"]["agency_admin"]
    # an unknown person is a 400 naming the field, never a 500
    unknown = _as(st, "vendor_pm").post("/api/leave/", {**body, "person": 999999},
                                        content_type=JSON)
    assert unknown.status_code == 400 and unknown.json()["field"] == "person"


def test_replacement(st):
    newcomer = Person.objects.create(contract=st["c"], name="A新人")
    body = {"leaving": st["people"]["li"].pk, "joining": newcomer.pk,
            "effective_on": "2026-12-20"}
    lacking = _as(st, "vendor_pm").post("/api/replacements/", body, content_type=JSON)
    assert lacking.status_code == 400 and lacking.json()["field"] == "joining"
    Qualification.objects.create(contract=st["c"], person=newcomer, name="本科")
    ok = _as(st, "vendor_pm").post("/api/replacements/", body, content_type=JSON)
    assert ok.status_code == 201, ok.content
    assert _as(st, "agency_admin").post("/api/replacements/", body,
                                        content_type=JSON).status_code == 403


def test_roster_add_remove_swap_generate(st):
    wang, li = st["people"]["wang"], st["people"]["li"]
    day = st["patterns"]["day"]
    client = _as(st, "vendor_pm")
    added = client.post("/api/roster/", {"person": li.pk, "pattern": day.pk,
                                         "day": "2026-02-04"}, content_type=JSON)
    assert added.status_code == 201, added.content
    # February is published (fixture): the addition is a recorded change
    assert RosterChange.objects.filter(day=dt.date(2026, 2, 4), kind="added").exists()
    clash = client.post("/api/roster/", {"person": li.pk, "pattern": day.pk,
                                         "day": "2026-02-04"}, content_type=JSON)
    assert clash.status_code == 400
    other = RosterShift.objects.get(person=wang, day=dt.date(2026, 2, 2))
    swapped = client.post("/api/roster/swap/", {"first": added.json()["id"],
                                                "second": other.pk}, content_type=JSON)
    assert swapped.status_code == 200, swapped.content
    assert {s["person"] for s in swapped.json()} == {wang.pk, li.pk}
    assert RosterShift.objects.get(pk=other.pk).person == li
    removed = client.delete(f"/api/roster/{other.pk}/")
    assert removed.status_code == 204
    assert RosterChange.objects.filter(day=dt.date(2026, 2, 2), kind="removed").exists()
    generated = client.post("/api/roster-months/generate/", {"contract": st["c"].pk,
                                                             "month": "2026-06"},
                            content_type=JSON)
    assert generated.status_code == 200 and generated.json()["added"] > 0
    assert client.post("/api/roster-months/generate/", {"contract": st["c"].pk,
                                                        "month": "2026-6"},
                       content_type=JSON).json()["field"] == "month"
    # the engineer may not edit the roster
    assert _as(st, "vendor_engineer").post("/api/roster/", {
        "person": li.pk, "pattern": day.pk, "day": "2026-02-05"},
        content_type=JSON).status_code == 403


def test_unpublish(st, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now",
                        lambda: dt.datetime(2026, 1, 20, 9, tzinfo=TZ))
    client = _as(st, "vendor_pm")
    no_reason = client.post("/api/roster-months/unpublish/", {
        "contract": st["c"].pk, "month": "2026-02"}, content_type=JSON)
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    ok = client.post("/api/roster-months/unpublish/", {
        "contract": st["c"].pk, "month": "2026-02", "reason": "重新排班"}, content_type=JSON)
    assert ok.status_code == 200, ok.content
    assert (ok.json()["status"], ok.json()["unpublish_reason"]) == ("draft", "重新排班")


CSV = "姓名,打卡时间\n{name},2026-03-04 08:58\n{name},2026-03-04 17:35\n"


def test_import_preview_then_import_then_derive(st):
    wang = st["people"]["wang"]
    client = _as(st, "vendor_pm")
    data = CSV.format(name=wang.name).encode("gbk")
    before = (ImportBatch.objects.count(), Punch.objects.count())
    preview = client.post("/api/attendance/import/", {
        "contract": st["c"].pk, "preview": "true",
        "file": SimpleUploadedFile("kq.csv", data)})
    assert preview.status_code == 200, preview.content
    assert (preview.json()["rows"], preview.json()["punches"], preview.json()["errors"]) == (
        2, 2, [])
    assert (ImportBatch.objects.count(), Punch.objects.count()) == before
    done = client.post("/api/attendance/import/", {
        "contract": st["c"].pk, "file": SimpleUploadedFile("kq.csv", data)})
    assert done.status_code == 201 and done.json()["added"] == 2
    again = client.post("/api/attendance/import/", {
        "contract": st["c"].pk, "file": SimpleUploadedFile("kq.csv", data)})
    assert again.json()["added"] == 0
    stranger = CSV.format(name=wang.name) + "陌生人,2026-03-04 09:00\n"
    bad = client.post("/api/attendance/import/", {
        "contract": st["c"].pk, "file": SimpleUploadedFile("kq.csv", stranger.encode())})
    assert bad.status_code == 400 and "4" in bad.json()["detail"]
    derived = client.post("/api/attendance/derive/", {
        "contract": st["c"].pk, "first": "2026-03-01", "last": "2026-03-31"},
        content_type=JSON)
    assert derived.status_code == 200 and derived.json()["records"] >= 1
    backwards = client.post("/api/attendance/derive/", {
        "contract": st["c"].pk, "first": "2026-03-31", "last": "2026-03-01"},
        content_type=JSON)
    assert backwards.status_code == 400 and backwards.json()["field"] == "last"
    refused = _as(st, "supervisor").post("/api/attendance/derive/", {
        "contract": st["c"].pk, "first": "2026-03-01", "last": "2026-03-31"},
        content_type=JSON)
    assert refused.status_code == 400
    st["client"].force_login(st["world"].b.users["vendor_pm"])
    assert st["client"].post("/api/attendance/derive/", {
        "contract": st["c"].pk, "first": "2026-03-01", "last": "2026-03-31"},
        content_type=JSON).status_code == 404
