"""The assessment's API steps: filing and editing objections (the vendor PM), answering them
and deciding pending lines (the agency administrator), a period's score; who may, who is
refused, bad input answered 400 in Chinese and English; and the mails each decision sends, in
each reader's language, only once the change is committed."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from yunwei.assessment.models import Objection, PendingDecision, PersonnelRecord
from yunwei.core.accounts import do_set_preferences

pytestmark = pytest.mark.django_db

ADMIN, PM, ENGINEER, SUPERVISOR = "agency_admin", "vendor_pm", "vendor_engineer", "supervisor"
LIAISON, REQUESTER = "agency_liaison", "requester"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict, method: str = "post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def score(client: Client, side) -> dict:
    response = client.get(f"/api/schemes/{side.scheme.pk}/score/", {"period": "all"})
    assert response.status_code == 200, response.content
    return response.json()


def line(answer: dict, code: str) -> dict:
    return next(ln for ln in answer["lines"] if ln["code"] == code)


def refused_in_both(response, zh: str, en: str, field: str | None = None) -> None:
    assert response.status_code == 400, response.content
    answer = response.json()
    assert zh in answer["detail"] and en in answer["detail_en"], answer
    if field is not None:
        assert answer["field"] == field
    assert answer["request_id"]


def test_the_vendor_pm_files_and_edits_an_objection_others_are_refused(world):
    side = world.a
    url = "/api/objections/"
    body = {"contract": side.contract.pk, "rule": "A-L3", "evidence": "AAA 证据",
            "text": "该事故系外部断电所致"}
    before = Objection.objects.count()
    for role in (ADMIN, LIAISON, ENGINEER, SUPERVISOR, REQUESTER, "expert", "service_desk"):
        response = post(login(side.users[role]), url, body)
        assert response.status_code == 403, role
    assert Objection.objects.count() == before
    pm = login(side.users[PM])
    # bad input: a clear reason in Chinese and English, nothing stored
    refused_in_both(post(pm, url, {**body, "rule": " "}), "规则代码", "rule code", "rule")
    refused_in_both(post(pm, url, {**body, "evidence": ""}), "扣分行", "line (evidence)",
                    "evidence")
    refused_in_both(post(pm, url, {**body, "text": ""}), "异议理由", "grounds", "text")
    refused_in_both(post(pm, url, {**body, "rule": "X" * 33}), "32", "32", "rule")
    # a foreign contract is not among the choices: 400, nothing stored
    response = post(pm, url, {**body, "contract": world.b.contract.pk})
    assert response.status_code == 400 and "contract" in response.json()
    assert Objection.objects.count() == before
    response = post(pm, url, body)
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["filed_by"] == side.users[PM].username and made["status"] == "open"
    objection = Objection.objects.get(pk=made["id"])
    assert objection.text == "该事故系外部断电所致"
    # listed to the vendor's and the agency's people, not to another contract's
    assert made["id"] in [row["id"] for row in login(side.users[ADMIN]).get(url).json()["results"]]
    assert made["id"] not in [row["id"] for row in
                              login(world.b.users[ADMIN]).get(url).json()["results"]]
    # only who filed it edits it, while it is open; the agency answers, it does not rewrite
    detail = f"{url}{objection.pk}/"
    assert post(login(side.users[ADMIN]), detail, {"text": "改写"}, "patch").status_code == 403
    assert post(login(world.b.users[PM]), detail, {"text": "改写"}, "patch").status_code == 404
    refused_in_both(post(pm, detail, {"text": " "}, "patch"), "异议理由", "grounds", "text")
    response = post(pm, detail, {"text": "断电记录见附件"}, "patch")
    assert response.status_code == 200 and response.json()["text"] == "断电记录见附件"
    assert response.json()["rule"] == "A-L3"  # untouched keys keep their value
    # PUT and DELETE are not offered (an objection is never deleted: the answer is kept)
    assert pm.put(detail, data="{}", content_type="application/json").status_code == 405
    assert login(world.root).delete(detail).status_code == 405


def test_the_agency_answers_an_objection_and_the_line_is_withdrawn(world):
    side = world.a
    admin = login(side.users[ADMIN])
    before = score(admin, side)
    accident = line(before, "A-L3")
    # by hand: a 3rd-level accident counts -2 points and 1 % of 1,118,000 = 11,180.00 yuan
    assert (Decimal(accident["points"]), Decimal(accident["fine"])) == (
        Decimal(-2), Decimal("11180.00"))
    assert not accident["withdrawn"]
    pm = login(side.users[PM])
    made = post(pm, "/api/objections/", {
        "contract": side.contract.pk, "rule": "A-L3", "evidence": accident["evidence"][0]["ref"],
        "text": "外部断电"}).json()
    answer = f"/api/objections/{made['id']}/answer/"
    body = {"status": "accepted", "answer": "经核实属外部断电，撤销扣分"}
    for role in (PM, LIAISON, SUPERVISOR, ENGINEER, "expert"):
        assert post(login(side.users[role]), answer, body).status_code == 403, role
    assert post(login(world.b.users[ADMIN]), answer, body).status_code == 404
    refused_in_both(post(admin, answer, {**body, "answer": "  "}), "答复不能为空",
                    "the answer is empty", "answer")
    response = post(admin, answer, {**body, "status": "open"})
    assert response.status_code == 400 and "status" in response.json()
    assert Objection.objects.get(pk=made["id"]).status == "open"
    response = post(admin, answer, body)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert response.json()["answered_by"] == side.users[ADMIN].username
    after = score(admin, side)
    withdrawn = line(after, "A-L3")
    assert withdrawn["withdrawn"] and Decimal(withdrawn["points"]) == 0
    assert Decimal(after["score"]) == Decimal(before["score"]) + 2
    assert Decimal(after["rule_fines"]) == Decimal(before["rule_fines"]) - Decimal("11180.00")
    # answered once; and no longer edited by its filer
    refused_in_both(post(admin, answer, body), "已答复", "already been answered")
    refused_in_both(post(pm, f"/api/objections/{made['id']}/", {"text": "x"}, "patch"),
                    "已答复", "answered")


def test_the_agency_decides_a_pending_line_through_the_api(world):
    side = world.a
    PersonnelRecord.objects.create(contract=side.contract, kind="late", person="李四",
                                   date=dt.date(2026, 6, 2), minutes=90, evidence="考勤表")
    admin = login(side.users[ADMIN])
    before = score(admin, side)
    assert before["draft"] is True
    late = line(before, "P-LATE-UNCLEAR")
    assert late["pending"]
    decide = f"/api/schemes/{side.scheme.pk}/decide/"
    body = {"period": "all", "rule": "P-LATE-UNCLEAR", "ref": late["key"], "deduct": True,
            "points": "-0.3", "reason": "按半天缺勤加重计"}
    for role in (PM, LIAISON, SUPERVISOR, ENGINEER, "expert", "service_desk"):
        assert post(login(side.users[role]), decide, body).status_code == 403, role
    assert post(login(world.b.users[ADMIN]), decide, body).status_code == 404
    refused_in_both(post(admin, decide, {**body, "reason": ""}), "理由", "reason", "reason")
    refused_in_both(post(admin, decide, {**body, "points": "0", "fine": "0"}), "分值或违约金",
                    "points or the fine", "points")
    refused_in_both(post(admin, decide, {**body, "fine": "-5"}), "负数", "negative", "fine")
    refused_in_both(post(admin, decide, {**body, "rule": "NO-SUCH"}), "没有这一待定事项",
                    "no such pending item")
    response = post(admin, decide, {**body, "points": "abc"})
    assert response.status_code == 400 and "points" in response.json()
    response = post(admin, decide, {**body, "deduct": "maybe"})
    assert response.status_code == 400 and "deduct" in response.json()
    assert not PendingDecision.objects.exists()
    response = post(admin, decide, body)
    assert response.status_code == 201, response.content
    assert response.json()["decided_by"] == side.users[ADMIN].username
    after = score(admin, side)
    decided = line(after, "P-LATE-UNCLEAR")
    # by hand: the line now counts -0.3, so the score is 0.3 lower
    assert decided["decided"] and not decided["pending"]
    assert Decimal(decided["points"]) == Decimal("-0.3")
    assert Decimal(after["score"]) == Decimal(before["score"]) - Decimal("0.3")
    refused_in_both(post(admin, decide, body), "已决定", "already been decided")


def test_the_score_answers_an_unknown_period_with_404(world):
    side = world.a
    response = login(side.users[PM]).get(f"/api/schemes/{side.scheme.pk}/score/",
                                          {"period": "1999Q9"})
    assert response.status_code == 404
    assert login(side.users[REQUESTER]).get(
        f"/api/schemes/{side.scheme.pk}/score/").status_code == 404


# -- mail ----------

def _addresses(world, language_of: dict[str, str]) -> None:
    for role, language in language_of.items():
        user = world.a.users[role]
        user.email = f"{user.username}@example.cn"
        user.save()
        do_set_preferences(user, "both", language)


def test_answering_an_objection_mails_the_vendor_pm_in_their_language(
        world, django_capture_on_commit_callbacks):
    side = world.a
    _addresses(world, {PM: "en", ADMIN: "zh-hans"})
    objection = side.records["objection"]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(login(side.users[ADMIN]), f"/api/objections/{objection.pk}/answer/",
                        {"status": "rejected", "answer": "格式符合要求，维持扣分"})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [side.users[PM].email]  # the agency admin who answered is not told
    assert "was rejected" in sent.subject and "W-FORM" in sent.subject
    assert "格式符合要求，维持扣分" in sent.body  # the answer as written
    assert f"/assessment/objections/{objection.pk}/" in sent.body  # a link to the objection
    assert sent.subject.startswith("[Assessment]")  # English but the project's own name


def test_filing_mails_the_agency_and_a_refused_answer_mails_nobody(
        world, django_capture_on_commit_callbacks):
    side = world.a
    _addresses(world, {PM: "zh-hans", ADMIN: "zh-hans"})
    with django_capture_on_commit_callbacks(execute=True):
        response = post(login(side.users[PM]), "/api/objections/", {
            "contract": side.contract.pk, "rule": "W-FORM", "evidence": "AAA 证据",
            "text": "已按格式填写"})
    assert response.status_code == 201
    assert [m.to for m in mail.outbox] == [[side.users[ADMIN].email]]
    assert "提出异议" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(login(side.users[ADMIN]), f"/api/objections/{response.json()['id']}/answer/",
             {"status": "accepted", "answer": ""})  # refused: tells nobody
    assert mail.outbox == []


def test_a_pending_decision_mails_the_vendor_pm_and_other_agency_admins(
        world, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    from yunwei.contracts.models import Membership

    side = world.a
    _addresses(world, {PM: "zh-hans", ADMIN: "en"})
    other = get_user_model().objects.create(username="a_admin2", email="a_admin2@example.cn")
    Membership.objects.create(contract=side.contract, user=other, role=ADMIN)
    do_set_preferences(other, "both", "en")
    PersonnelRecord.objects.create(contract=side.contract, kind="late", person="李四",
                                   date=dt.date(2026, 6, 2), minutes=90, evidence="考勤表")
    admin = login(side.users[ADMIN])
    late = line(score(admin, side), "P-LATE-UNCLEAR")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(admin, f"/api/schemes/{side.scheme.pk}/decide/", {
            "period": "all", "rule": "P-LATE-UNCLEAR", "ref": late["key"], "deduct": False,
            "reason": "因暴雨交通管制"})
    assert response.status_code == 201, response.content
    by_to = {tuple(m.to): m for m in mail.outbox}
    assert set(by_to) == {(side.users[PM].email,), (other.email,)}
    zh, en = by_to[(side.users[PM].email,)], by_to[(other.email,)]
    assert "已决定" in zh.subject and "不计入" in zh.body and "因暴雨交通管制" in zh.body
    assert "was decided" in en.subject and "not counted" in en.body
    assert f"/assessment/{side.scheme.pk}/score/?period=all" in en.body
    assert "考勤表" in zh.body or "李四" in zh.body  # the line as the score page shows it
