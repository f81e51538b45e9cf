"""Roster publishing (draft -> published, changes recorded), swaps asked by engineers, the
personal calendar feed with a token URL."""

import datetime as dt

import pytest
from django.core import mail

from yunwei.contracts.models import Membership
from yunwei.core.errors import Refused
from yunwei.staffing import actions
from yunwei.staffing.models import RosterChange, RosterMonth, RosterShift, SwapRequest
from yunwei.staffing.testing import make_world_with_staffing
from yunwei.worktime import TZ

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 4, 20, 9, tzinfo=TZ)  # before May: May's shifts are in the future


@pytest.fixture(scope="module")
def world_builder():
    """The world with the staffing objects on contract A, built once for the module."""
    return make_world_with_staffing


@pytest.fixture
def st(world, django_user_model):
    data = dict(world.a.staffing)
    users = world.a.users
    for role, user in users.items():
        user.email = f"{role}@example.cn"
        user.save()
    # Li gets an engineer account of her own (the colleague)
    li_user = django_user_model.objects.create(username="a_li", email="li@example.cn")
    Membership.objects.create(contract=world.a.contract, user=li_user, role="vendor_engineer")
    li = data["people"]["li"]
    li.user, li.entry_status = li_user, "approved"
    li.save()
    data["world"], data["li_user"] = world, li_user
    return data


def may(day):
    return dt.date(2026, 5, day)


# -- publishing -----------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["agency_admin", "agency_liaison", "vendor_engineer",
                                  "supervisor", "expert", "service_desk"])
def test_only_the_vendor_pm_publishes(st, role):
    c = st["world"].a.contract
    actions.do_add_shift(st["people"]["wang"], st["patterns"]["day"], may(6), actor=None)
    with pytest.raises(Refused) as exc:
        actions.do_publish_roster(c.pk, 2026, 5, actor=st["world"].a.users[role])
    assert exc.value.zh == "只有乙方项目经理可以发布排班"
    assert exc.value.en == "only the vendor PM publishes the roster"
    assert not RosterMonth.objects.filter(contract=c, month=may(1)).exists()


def test_publish_draft_to_published_audited_and_told(st, django_capture_on_commit_callbacks):
    from yunwei.core.models import AuditEvent

    c = st["world"].a.contract
    pm = st["world"].a.users["vendor_pm"]
    with pytest.raises(Refused, match="尚无排班"):  # an empty month is not published
        actions.do_publish_roster(c.pk, 2026, 5, actor=pm)
    shift = actions.do_add_shift(st["people"]["wang"], st["patterns"]["day"], may(6), actor=pm)
    # a draft: nothing recorded (the fixture's February is published and has one change)
    assert not shift.published and not RosterChange.objects.filter(day__month=5).exists()
    with django_capture_on_commit_callbacks(execute=True):
        roster = actions.do_publish_roster(c.pk, 2026, 5, actor=pm)
    assert (roster.status, roster.published_by) == ("published", pm)
    # May 2026 by the office calendar: 19 working days (1-5 May holiday, 9 May a make-up
    # Saturday) need one day-shift each, the 7x24 desk night needs 31: one rostered
    from yunwei.calendars.provider import engine_for

    engine = engine_for("office", "09:00-17:30")
    workdays = sum(engine.is_workday(may(d)) for d in range(1, 32))
    assert roster.shortfall_at_publish == workdays - 1 + 31
    shift.refresh_from_db()
    assert shift.published
    assert AuditEvent.objects.filter(object_type="staffing.rostermonth",
                                     object_id=str(roster.pk)).exists()
    assert [sorted(m.to) for m in mail.outbox] == [["agency_admin@example.cn",
                                                    "agency_liaison@example.cn"]]
    with pytest.raises(Refused, match="已发布"):
        actions.do_publish_roster(c.pk, 2026, 5, actor=pm)


def test_changes_after_publishing_are_recorded(st):
    c = st["world"].a.contract
    pm = st["world"].a.users["vendor_pm"]
    wang, li = st["people"]["wang"], st["people"]["li"]
    day = st["patterns"]["day"]
    a = actions.do_add_shift(wang, day, may(6), actor=pm)
    actions.do_publish_roster(c.pk, 2026, 5, actor=pm)
    b = actions.do_add_shift(li, day, may(7), actor=pm)
    assert b.published  # a shift added to a published month is published at once
    actions.do_swap_shifts(a, b, actor=pm)
    actions.do_remove_shift(RosterShift.objects.get(pk=b.pk), actor=pm)
    actions.do_add_shift(wang, day, dt.date(2026, 6, 1), actor=pm)  # June: a draft, no record
    got = [(ch.kind, ch.day, ch.person, ch.by_id) for ch in
           RosterChange.objects.filter(contract=c, day__month=5).order_by("id")]
    assert got == [("added", may(7), li.name, pm.pk), ("swapped", may(6), wang.name, pm.pk),
                   ("removed", may(7), wang.name, pm.pk)]
    added = actions.do_generate_roster(c.pk, 2026, 5, actor=pm)  # generating records too
    assert RosterChange.objects.filter(contract=c, kind="added", day__month=5).count() \
        == 1 + added


def test_agency_sees_only_published_months(st, client):
    c = st["world"].a.contract
    users = st["world"].a.users
    pm = users["vendor_pm"]
    shift = actions.do_add_shift(st["people"]["wang"], st["patterns"]["day"], may(6), actor=pm)
    url = f"/staffing/roster/?contract={c.pk}&month=2026-05"
    client.force_login(users["agency_admin"])
    body = client.get(url).content.decode()
    assert st["people"]["wang"].name not in body and 'id="not-published"' in body
    may6 = f"/api/roster/?contract={c.pk}&day=2026-05-06"
    assert client.get(may6).json()["count"] == 0
    client.force_login(pm)
    assert st["people"]["wang"].name in client.get(url).content.decode()
    assert client.get(may6).json()["count"] == 1
    # the PM publishes through the API, then changes the month
    response = client.post("/api/roster-months/publish/", {"contract": c.pk, "month": "2026-05"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "published"
    again = client.post("/api/roster-months/publish/", {"contract": c.pk, "month": "2026-05"},
                        content_type="application/json")
    assert again.status_code == 400 and again.json()["detail_en"].endswith("already published")
    actions.do_remove_shift(shift, actor=pm)
    client.force_login(users["agency_admin"])
    body = client.get(url).content.decode()
    assert 'id="roster-changes"' in body and st["people"]["wang"].name in body
    changes = client.get(f"/api/roster-changes/?contract={c.pk}&day=2026-05-06").json()[
        "results"]
    assert [ch["kind"] for ch in changes] == ["removed"]


@pytest.mark.parametrize("body, message", [
    ({"month": "2026-13"}, "month"), ({"month": "May"}, "month"), ({}, "month"),
])
def test_publish_api_bad_input(st, client, body, message):
    client.force_login(st["world"].a.users["vendor_pm"])
    response = client.post("/api/roster-months/publish/",
                           {"contract": st["world"].a.contract.pk, **body},
                           content_type="application/json")
    assert response.status_code == 400
    assert message in str(response.json())


def test_publish_api_refused_for_the_agency(st, client):
    client.force_login(st["world"].a.users["agency_admin"])
    response = client.post("/api/roster-months/publish/",
                           {"contract": st["world"].a.contract.pk, "month": "2026-05"},
                           content_type="application/json")
    assert response.status_code in (400, 403)
    assert not RosterMonth.objects.filter(month=may(1)).exists()


# -- swaps ----------------------------------------------------------------------------------------
def _two_shifts(st):
    wang, li = st["people"]["wang"], st["people"]["li"]
    day = st["patterns"]["day"]
    return (actions.do_add_shift(wang, day, may(6), actor=None),
            actions.do_add_shift(li, day, may(7), actor=None))


def test_swap_asked_agreed_approved_changes_the_roster_on_approval(
        st, django_capture_on_commit_callbacks):
    users = st["world"].a.users
    wang, li = st["people"]["wang"], st["people"]["li"]
    mine, hers = _two_shifts(st)
    with django_capture_on_commit_callbacks(execute=True):
        swap = actions.do_request_swap(mine, li, actor=users["vendor_engineer"],
                                       colleague_shift=hers, reason="孩子开家长会", now=NOW)
    assert swap.status == "awaiting_colleague"
    assert [m.to for m in mail.outbox] == [["li@example.cn"]]
    with pytest.raises(Refused):  # Wang cannot answer for Li
        actions.do_answer_swap(swap, actor=users["vendor_engineer"], agree=True)
    with pytest.raises(Refused):  # nobody decides before the colleague agrees
        actions.do_decide_swap(swap, actor=users["vendor_pm"], approve=True, now=NOW)
    swap = actions.do_answer_swap(swap, actor=st["li_user"], agree=True)
    assert swap.status == "awaiting_approval"
    for shift, person in ((mine, wang), (hers, li)):  # nothing changed yet
        shift.refresh_from_db()
        assert shift.person_id == person.pk
    for role in ("agency_admin", "vendor_engineer", "supervisor"):
        with pytest.raises(Refused):
            actions.do_decide_swap(swap, actor=users[role], approve=True, now=NOW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        swap = actions.do_decide_swap(swap, actor=users["vendor_pm"], approve=True, now=NOW)
    assert swap.status == "approved" and swap.decided_by == users["vendor_pm"]
    mine.refresh_from_db()
    hers.refresh_from_db()
    assert (mine.person_id, hers.person_id) == (li.pk, wang.pk)
    # coverage re-checked on 6 and 7 May (Wed, Thu): the day shift needs one and has one each
    # day; the 7x24 desk night needs one a day and has none: 2 person-shifts short
    assert swap.shortfall_after == 2
    assert sorted(r for m in mail.outbox for r in m.to) == [
        "li@example.cn", "vendor_engineer@example.cn", "vendor_pm@example.cn"]


def test_swap_refused_or_rolled_back_tells_nobody_and_changes_nothing(
        st, django_capture_on_commit_callbacks):
    users = st["world"].a.users
    mine, hers = _two_shifts(st)
    swap = actions.do_request_swap(mine, st["people"]["li"], actor=users["vendor_engineer"],
                                   reason="事", now=NOW)  # give away
    actions.do_answer_swap(swap, actor=st["li_user"], agree=True)
    # Li is then put on the day shift of 6 May too (by hand): she is no longer free, the
    # approval is refused and nothing changes
    RosterShift.objects.filter(pk=hers.pk).update(day=may(6), starts=mine.starts, ends=mine.ends)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        actions.do_decide_swap(swap, actor=users["vendor_pm"], approve=True, now=NOW)
    assert mail.outbox == []
    mine.refresh_from_db()
    swap.refresh_from_db()
    assert mine.person_id == st["people"]["wang"].pk and swap.status == "awaiting_approval"
    swap = actions.do_decide_swap(swap, actor=users["vendor_pm"], approve=False, note="人手紧",
                                  now=NOW)
    assert swap.status == "refused" and swap.note == "人手紧"


def test_swap_approved_by_the_agency_when_the_terms_say_so(st):
    users = st["world"].a.users
    terms = st["staffing.staffingterms"]
    terms.swap_approver = "agency_admin"
    terms.save()
    mine, _hers = _two_shifts(st)
    swap = actions.do_request_swap(mine, st["people"]["li"], actor=users["vendor_engineer"],
                                   reason="事", now=NOW)
    actions.do_answer_swap(swap, actor=st["li_user"], agree=True)
    with pytest.raises(Refused) as exc:
        actions.do_decide_swap(swap, actor=users["vendor_pm"], approve=True, now=NOW)
    assert exc.value.en == "by the contract, the agency administrator approves swaps"
    swap = actions.do_decide_swap(swap, actor=users["agency_admin"], approve=True, now=NOW)
    mine.refresh_from_db()
    assert swap.status == "approved" and mine.person_id == st["people"]["li"].pk


def test_swap_on_a_published_month_is_recorded_and_told_to_the_agency(
        st, django_capture_on_commit_callbacks):
    users = st["world"].a.users
    mine, _hers = _two_shifts(st)
    actions.do_publish_roster(st["world"].a.contract.pk, 2026, 5, actor=users["vendor_pm"])
    swap = actions.do_request_swap(mine, st["people"]["li"], actor=users["vendor_engineer"],
                                   reason="事", now=NOW)
    actions.do_answer_swap(swap, actor=st["li_user"], agree=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_decide_swap(swap, actor=users["vendor_pm"], approve=True, now=NOW)
    [change] = RosterChange.objects.filter(kind="handed_over")
    assert (change.person, change.other, change.note) == (
        st["people"]["wang"].name, st["people"]["li"].name, f"#{swap.pk}")
    told = sorted(r for m in mail.outbox for r in m.to)
    assert "agency_admin@example.cn" in told and "agency_liaison@example.cn" in told


@pytest.mark.parametrize("case, field", [
    ("not_own", "shift"), ("started", "shift"), ("no_reason", "reason"), ("self", "colleague"),
    ("not_on_post", "colleague"), ("not_checked", "colleague"),
    ("foreign_shift", "colleague_shift"), ("open_already", "shift"),
])
def test_swap_request_refusals(st, case, field):
    from yunwei.staffing.models import Person

    users = st["world"].a.users
    wang, li = st["people"]["wang"], st["people"]["li"]
    mine, hers = _two_shifts(st)
    call = dict(actor=users["vendor_engineer"], reason="事", now=NOW)
    shift, colleague = mine, li
    if case == "not_own":
        shift, colleague = hers, wang
    elif case == "started":
        call["now"] = mine.starts
    elif case == "no_reason":
        call["reason"] = "  "
    elif case == "self":
        colleague = wang
    elif case == "not_on_post":
        colleague = Person.objects.create(contract=wang.contract, name="赵六",
                                          entry_status="approved")
    elif case == "not_checked":
        li.entry_status = "pending"
        li.save()
    elif case == "foreign_shift":
        call["colleague_shift"] = mine
    elif case == "open_already":
        actions.do_request_swap(mine, li, **call)
    with pytest.raises(Refused) as exc:
        actions.do_request_swap(shift, colleague, **call)
    assert exc.value.field == field and exc.value.zh and exc.value.en
    assert SwapRequest.objects.filter(shift__in=[mine, hers]).count() == (
        1 if case == "open_already" else 0)


def test_withdraw_only_by_the_requester(st):
    users = st["world"].a.users
    mine, _hers = _two_shifts(st)
    swap = actions.do_request_swap(mine, st["people"]["li"], actor=users["vendor_engineer"],
                                   reason="事", now=NOW)
    with pytest.raises(Refused):
        actions.do_withdraw_swap(swap, actor=st["li_user"])
    assert actions.do_withdraw_swap(swap, actor=users["vendor_engineer"]).status == "withdrawn"
    with pytest.raises(Refused):
        actions.do_answer_swap(swap, actor=st["li_user"], agree=True)


def test_swap_api_journey(st, client):
    from django.utils import timezone

    users = st["world"].a.users
    day = st["patterns"]["day"]
    soon = timezone.localdate() + dt.timedelta(days=10)
    mine = actions.do_add_shift(st["people"]["wang"], day, soon, actor=None)
    hers = actions.do_add_shift(st["people"]["li"], day, soon + dt.timedelta(days=1), actor=None)
    client.force_login(users["vendor_engineer"])
    bad = client.post("/api/swaps/", {"shift": mine.pk, "colleague": st["people"]["li"].pk,
                                      "reason": ""}, content_type="application/json")
    assert bad.status_code == 400
    response = client.post("/api/swaps/", {"shift": mine.pk, "colleague": st["people"]["li"].pk,
                                           "colleague_shift": hers.pk, "reason": "换个班"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    # Wang may not answer for Li: a clear refusal, not a 500
    refused = client.post(f"/api/swaps/{pk}/answer/", {"agree": True},
                          content_type="application/json")
    assert refused.status_code == 400 and refused.json()["detail_en"]
    client.force_login(st["li_user"])
    assert client.post(f"/api/swaps/{pk}/answer/", {"agree": True},
                       content_type="application/json").json()["status"] == "awaiting_approval"
    client.force_login(users["vendor_pm"])
    done = client.post(f"/api/swaps/{pk}/decide/", {"approve": True},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "approved"
    client.force_login(users["requester"])  # requesters see no staffing at all
    assert client.get(f"/api/swaps/{pk}/").status_code == 404


# -- calendar feed --------------------------------------------------------------------------------
def test_feed_token_url(st, client):
    import icalendar
    from django.utils import timezone

    users = st["world"].a.users
    wang, li = st["people"]["wang"], st["people"]["li"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    actions.do_add_shift(wang, st["patterns"]["day"], tomorrow, actor=None)
    actions.do_add_shift(li, st["patterns"]["day"], tomorrow, actor=None)
    for actor in (users["vendor_pm"], users["agency_admin"], st["li_user"], None):
        with pytest.raises(Refused):  # only the person themselves issues their feed
            actions.do_issue_feed(wang, actor=actor)
    token = actions.do_issue_feed(wang, actor=users["vendor_engineer"])
    wang.refresh_from_db()
    assert token not in wang.feed_token_hash and len(wang.feed_token_hash) == 64
    response = client.get(f"/staffing/feed/{token}.ics")  # no session at all
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    assert len(list(cal.walk("VEVENT"))) == 1  # Wang's shift only, not Li's
    assert li.name not in response.content.decode()
    # wrong, regenerated and revoked tokens: 404 revealing nothing
    second = actions.do_issue_feed(wang, actor=users["vendor_engineer"])
    for bad in (token, token[:-1] + ("A" if token[-1] != "A" else "B"), "x", "a" * 300):
        gone = client.get(f"/staffing/feed/{bad}.ics")
        assert gone.status_code == 404
        assert wang.name not in gone.content.decode()
    assert client.get(f"/staffing/feed/{second}.ics").status_code == 200
    actions.do_revoke_feed(wang, actor=users["vendor_pm"])  # the PM may revoke
    assert client.get(f"/staffing/feed/{second}.ics").status_code == 404
    third = actions.do_issue_feed(wang, actor=users["vendor_engineer"])
    wang.active = False  # left the contract: the feed stops
    wang.save()
    assert client.get(f"/staffing/feed/{third}.ics").status_code == 404
    with pytest.raises(Refused):
        actions.do_revoke_feed(wang, actor=users["agency_admin"])


def test_feed_issued_from_my_shifts_page_and_api(st, client):
    users = st["world"].a.users
    wang = st["people"]["wang"]
    client.force_login(users["vendor_engineer"])
    response = client.post(f"/staffing/people/{wang.pk}/feed/", {"issue": "1"}, follow=True)
    body = response.content.decode()
    assert "/staffing/feed/" in body
    api = client.post(f"/api/staff/{wang.pk}/feed/")
    assert api.status_code == 201 and "/staffing/feed/" in api.json()["url"]
    assert client.get(api.json()["url"]).status_code == 200
    client.force_login(users["vendor_pm"])
    assert client.post(f"/api/staff/{wang.pk}/feed/").status_code == 400  # not theirs
    assert client.delete(f"/api/staff/{wang.pk}/feed/").status_code == 204
    assert client.get(api.json()["url"]).status_code == 404


# -- the pages ------------------------------------------------------------------------------------
def test_swap_journey_through_the_pages(st, client):
    from django.utils import timezone

    users = st["world"].a.users
    day = st["patterns"]["day"]
    soon = timezone.localdate() + dt.timedelta(days=10)
    mine = actions.do_add_shift(st["people"]["wang"], day, soon, actor=None)
    client.force_login(users["vendor_engineer"])
    page = client.get("/staffing/my-shifts/").content.decode()
    assert f"/staffing/swaps/add/?shift={mine.pk}" in page and 'id="feed"' in page
    form = client.get(f"/staffing/swaps/add/?shift={mine.pk}")
    assert form.status_code == 200 and "申请换班" in form.content.decode()
    empty = client.post("/staffing/swaps/add/", {"shift": mine.pk,
                                                 "colleague": st["people"]["li"].pk,
                                                 "reason": " "})
    assert empty.status_code == 400 and "has-error" in empty.content.decode()
    sent = client.post("/staffing/swaps/add/", {"shift": mine.pk,
                                                "colleague": st["people"]["li"].pk,
                                                "reason": "家中有事"})
    swap = SwapRequest.objects.get(shift=mine)
    assert sent.status_code == 302 and sent["Location"] == swap.get_absolute_url()
    client.force_login(st["li_user"])
    page = client.get("/staffing/my-shifts/").content.decode()
    assert 'id="to-answer"' in page
    assert 'id="swap-agree"' in client.get(swap.get_absolute_url()).content.decode()
    client.post(f"/staffing/swaps/{swap.pk}/answer/", {"approve": "1"})
    client.force_login(users["agency_admin"])  # not the approver by these terms
    assert 'id="swap-decide"' not in client.get(swap.get_absolute_url()).content.decode()
    client.post(f"/staffing/swaps/{swap.pk}/decide/", {"approve": "1"})
    swap.refresh_from_db()
    assert swap.status == "awaiting_approval"
    client.force_login(users["vendor_pm"])
    client.post(f"/staffing/swaps/{swap.pk}/decide/", {"approve": "1", "note": "同意"})
    swap.refresh_from_db()
    mine.refresh_from_db()
    assert swap.status == "approved" and mine.person_id == st["people"]["li"].pk
    body = client.get(swap.get_absolute_url()).content.decode()
    assert "已批准" in body and 'id="swap-coverage"' in body


def test_roster_page_publish_and_english(st, client):
    c = st["world"].a.contract
    pm = st["world"].a.users["vendor_pm"]
    actions.do_add_shift(st["people"]["wang"], st["patterns"]["day"], may(6), actor=pm)
    client.force_login(pm)
    url = f"/staffing/roster/?contract={c.pk}&month=2026-05"
    page = client.get(url).content.decode()
    assert 'id="publish"' in page and "草稿：尚未发布给甲方" in page
    client.post("/staffing/roster/publish/", {"contract": c.pk, "month": "2026-05"})
    page = client.get(url).content.decode()
    assert 'id="publish"' not in page and "发布后没有变更" in page
    client.cookies.load({"yunwei_language": "en"})
    english = client.get(url).content.decode()
    assert "No changes since publishing." in english and "发布" not in english
    bad = client.post("/staffing/roster/publish/", {"contract": c.pk, "month": "2026-13"})
    assert bad.status_code == 400


def test_on_duty_and_person_page_hide_draft_shifts_from_the_agency(st, client):
    from django.utils import timezone

    from yunwei.staffing.models import ShiftPattern

    c = st["world"].a.contract
    users = st["world"].a.users
    wang = st["people"]["wang"]
    allday = ShiftPattern.objects.create(contract=c, post=st["patterns"]["day"].post,
                                         name="全天", start=dt.time(0), end=dt.time(0),
                                         days="daily")
    today = timezone.localdate()
    actions.do_add_shift(wang, allday, today, actor=None)
    for role, sees in (("agency_admin", False), ("supervisor", False), ("vendor_pm", True),
                       ("vendor_engineer", True)):
        client.force_login(users[role])
        assert (wang.name in client.get("/staffing/on-duty/").content.decode()) is sees, role
    actions.do_publish_roster(c.pk, today.year, today.month, actor=users["vendor_pm"])
    client.force_login(users["agency_admin"])
    assert wang.name in client.get("/staffing/on-duty/").content.decode()


def test_swap_notices_in_each_readers_language_in_the_app_and_by_mail(
        st, django_capture_on_commit_callbacks):
    """The colleague reads the request in English (their choice), in the app and by mail;
    the text names both shifts by day; a second ask of the same swap is not told again."""
    from yunwei.core.accounts import do_set_preferences
    from yunwei.core.models import Notice

    users = st["world"].a.users
    do_set_preferences(st["li_user"], "both", "en")
    mine, hers = _two_shifts(st)
    with django_capture_on_commit_callbacks(execute=True):
        swap = actions.do_request_swap(mine, st["people"]["li"], actor=users["vendor_engineer"],
                                       colleague_shift=hers, reason="孩子开家长会", now=NOW)
    [sent] = mail.outbox
    assert sent.to == ["li@example.cn"]
    assert sent.subject.startswith("Shift swap request: ")
    assert "2026-05-06" in sent.subject and "2026-05-07" in sent.subject and "⇄" in sent.subject
    assert f"/staffing/swaps/{swap.pk}/" in sent.body
    notice = Notice.objects.get(user=st["li_user"])
    assert (notice.code, notice.read_at) == ("staffing.swap_asked", None)
    from yunwei.core.notices import render
    assert render(notice.code, notice.params, "zh-hans").startswith("换班申请：")
