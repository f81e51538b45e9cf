"""The API offers every step the pages offer, through the same do_* action: the accident's
procedure (information, preliminary level, report, special cases, positions, final grading,
level change, evidence) and a change's approval. Per step: the permitted role succeeds and
the audit keeps it (source "api"), a refused role gets 403, bad input 400 in Chinese and
English, another contract's accident 404."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yunwei.core.models.audit import AuditEvent
from yunwei.operations import actions
from yunwei.operations.models import Accident, AccidentLevel, Change

pytestmark = pytest.mark.django_db
JSON = "application/json"
TZ = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
EVIDENCE = ("user_feedback", "mail", "handling_log", "signed_order")


def test_every_step_of_the_pages_is_in_the_api():
    here = pathlib.Path(actions.__file__).parent
    pages = set(re.findall(r"actions\.(do_\w+)\(", (here / "views.py").read_text("utf-8")))
    api = set(re.findall(r"actions\.(do_\w+)\(", (here / "api/views.py").read_text("utf-8")))
    # the table of the steps the accident's page offers (views.STEP_FORMS), written out
    assert pages >= {"do_gather_information", "do_set_preliminary_level", "do_submit_report",
                     "do_consider_special_cases", "do_record_position", "do_final_grading",
                     "do_change_level", "do_add_evidence", "do_approve_change"}
    assert pages <= api, f"pages only: {sorted(pages - api)}"


# -- accidents brought to the stage a step needs, by the actions -------------------------------
def _opened(world) -> Accident:
    return actions.do_open_accident(world.a.contract, actor=world.a.users["vendor_pm"],
                                    title="接口 分会场中断", occurred_at=AT)


def _level(world) -> AccidentLevel:
    return AccidentLevel.objects.get(contract=world.a.contract, code="1")


def _preliminary(world) -> Accident:
    acc = _opened(world)
    return actions.do_set_preliminary_level(acc, actor=world.a.users["vendor_pm"],
                                            level=_level(world))


def _reported(world) -> Accident:
    acc = _preliminary(world)
    return actions.do_submit_report(acc, actor=world.a.users["vendor_pm"],
                                    file=ContentFile(b"%PDF-1.4", name="r.pdf"),
                                    at=AT + dt.timedelta(hours=1))


def _special(world, agreed: bool = False) -> Accident:
    users = world.a.users
    acc = actions.do_consider_special_cases(_reported(world), actor=users["supervisor"],
                                            human_error=False, mixed_fault=False)
    if agreed:
        for kind in EVIDENCE:
            actions.do_add_evidence(acc, actor=users["vendor_pm"], kind=kind,
                                    file=ContentFile(b"x", name=f"{kind}.png"))
        for party, role in (("agency", "agency_admin"), ("vendor", "vendor_pm"),
                            ("supervisor", "supervisor")):
            actions.do_record_position(acc, actor=users[role], party=party,
                                       level=_level(world), opinion="同意")
    return acc


def _graded(world) -> Accident:
    acc = _special(world, agreed=True)
    return actions.do_final_grading(acc, actor=world.a.users["agency_admin"],
                                    level=_level(world), conclusion="端口故障")


def _upload(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 analysis", content_type="application/pdf")


def _second_level(world) -> AccidentLevel:
    return AccidentLevel.objects.create(contract=world.a.contract, code="2", name="二级事故",
                                        report_hours=24, rank=2)


#: step -> (make the accident, permitted role, refused role (403), the body, bad body, the
#: field the 400 names, multipart?). Who may take which step: docs/domains/operations.md
#: ("Steps by party"), written out here, not read from the code.
STEPS = {
    "information": (_opened, "supervisor", "expert", lambda w: {"note": "5 个分会场无图像"},
                    lambda w: {"note": "  "}, "note", False),
    "preliminary": (_opened, "vendor_engineer", "supervisor",
                    lambda w: {"level": _level(w).pk, "note": "初判"},
                    lambda w: {"level": AccidentLevel.objects.get(
                        contract=w.b.contract, code="1").pk}, "level", False),
    "report": (_preliminary, "vendor_pm", "agency_admin", lambda w: {"file": _upload()},
               lambda w: {}, "file", True),
    "special": (_reported, "agency_liaison", "expert",
                lambda w: {"human_error": True, "mixed_fault": False, "note": "误操作"},
                lambda w: {"human_error": "maybe"}, "human_error", False),
    "position": (_special, "supervisor", "vendor_pm",
                 lambda w: {"party": "supervisor", "level": _level(w).pk, "opinion": "同意"},
                 lambda w: {"party": "supervisor", "level": _level(w).pk, "opinion": ""},
                 "opinion", False),
    "final": (lambda w: _special(w, agreed=True), "agency_liaison", "vendor_pm",
              lambda w: {"level": _level(w).pk, "conclusion": "三方一致"},
              lambda w: {"level": _level(w).pk, "conclusion": ""}, "conclusion", False),
    "change-level": (_graded, "agency_admin", "supervisor",
                     lambda w: {"level": _second_level(w).pk, "reason": "复核影响范围"},
                     lambda w: {"level": _second_level(w).pk, "reason": ""}, "reason", False),
    "evidence": (_opened, "vendor_engineer", "expert",
                 lambda w: {"kind": "signed_order", "file": _upload("signed.png")},
                 lambda w: {"kind": "photo", "file": _upload("x.png")}, "kind", True),
}


def _post(world, role: str, url: str, body: dict, multipart: bool, side: str = "a"):
    client = Client()
    client.force_login(getattr(world, side).users[role])
    if multipart:
        return client.post(url, body)
    return client.post(url, body, content_type=JSON)


def _api_rows(user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(source="api", actor_id=user.pk))


@pytest.mark.parametrize("step", list(STEPS))
def test_permitted_role_takes_the_step_and_it_is_audited(world, step):
    make, role, _refused, body, _bad, _field, multipart = STEPS[step]
    acc = make(world)
    user = world.a.users[role]
    answer = _post(world, role, f"/api/accidents/{acc.pk}/{step}/", body(world), multipart)
    assert answer.status_code in (200, 201), answer.content
    acc.refresh_from_db()
    steps = list(acc.steps.order_by("id"))
    expected = {  # what each step leaves on the accident, by hand
        "information": lambda: steps[-1].kind == "information"
        and steps[-1].note == "5 个分会场无图像",
        "preliminary": lambda: acc.preliminary_level == _level(world)
        and acc.stage == "preliminary" and acc.report_deadline == AT + dt.timedelta(hours=12),
        "report": lambda: acc.report_submitted_at is not None and acc.stage == "analysis"
        and acc.report_file.name.endswith(".pdf"),
        "special": lambda: acc.human_error and acc.stage == "special",
        "position": lambda: (steps[-1].kind, steps[-1].party) == ("position", "supervisor"),
        "final": lambda: acc.stage == "graded" and acc.conclusion == "三方一致",
        "change-level": lambda: acc.final_level.code == "2"
        and acc.report_deadline == AT + dt.timedelta(hours=24),
        "evidence": lambda: acc.evidence.filter(kind="signed_order").exclude(file="").exists(),
    }[step]
    assert expected()
    rows = _api_rows(user)
    assert rows, "no audit row of the API call"
    assert {r.object_type for r in rows} & {"operations.accident", "operations.accidentstep",
                                            "operations.accidentevidence"}
    assert all(r.contract_id == world.a.contract.pk for r in rows)


@pytest.mark.parametrize("step", list(STEPS))
def test_refused_role_gets_403_and_nothing_changes(world, step):
    make, _role, refused, body, _bad, _field, multipart = STEPS[step]
    acc = make(world)
    before = (acc.stage, acc.steps.count(), acc.evidence.count())
    answer = _post(world, refused, f"/api/accidents/{acc.pk}/{step}/", body(world), multipart)
    assert answer.status_code == 403, answer.content
    assert answer.json()["detail"] and answer.json()["detail_en"]
    acc.refresh_from_db()
    assert (acc.stage, acc.steps.count(), acc.evidence.count()) == before
    assert not _api_rows(world.a.users[refused])


@pytest.mark.parametrize("step", list(STEPS))
def test_bad_input_is_400_in_both_languages(world, step):
    make, role, _refused, _body, bad, field, multipart = STEPS[step]
    acc = make(world)
    answer = _post(world, role, f"/api/accidents/{acc.pk}/{step}/", bad(world), multipart)
    assert answer.status_code == 400, answer.content
    data = answer.json()
    assert data["field"] == field
    assert re.search(r"[\u4e00-\u9fff]", data["detail"]), data
    assert data["detail_en"].isascii() and data["detail_en"], data
    assert not _api_rows(world.a.users[role])


@pytest.mark.parametrize("step", list(STEPS))
def test_another_contracts_accident_is_404(world, step):
    make, role, _refused, body, _bad, _field, multipart = STEPS[step]
    acc = make(world)
    answer = _post(world, role, f"/api/accidents/{acc.pk}/{step}/", body(world), multipart,
                   side="b")
    assert answer.status_code == 404
    assert "接口 分会场中断".encode() not in answer.content


@pytest.mark.parametrize(("step", "body", "en"), [
    # the order of the procedure, the action's own words
    ("report", {}, "set the preliminary level first"),
    ("special", {}, "the analysis report comes first"),
    ("position", {"party": "vendor", "level": None, "opinion": "x"},
     "consider the special cases first"),
    ("final", {"conclusion": "x"}, "the report and the special cases come first"),
    ("change-level", {"reason": "x"}, "the accident is not graded yet"),
])
def test_steps_out_of_order_are_refused_with_the_actions_reason(world, step, body, en):
    acc = _opened(world)
    role = {"report": "vendor_pm", "position": "vendor_pm"}.get(step, "agency_admin")
    answer = _post(world, role, f"/api/accidents/{acc.pk}/{step}/", body, step == "report")
    assert answer.status_code == 400, answer.content
    assert answer.json()["detail_en"] == en


def test_final_grading_waits_for_the_evidence_in_the_api(world):
    acc = _special(world)
    answer = _post(world, "agency_admin", f"/api/accidents/{acc.pk}/final/",
                   {"level": _level(world).pk, "conclusion": "x"}, False)
    assert answer.status_code == 400
    assert answer.json()["detail_en"].startswith("evidence incomplete")


def test_the_agency_records_an_experts_position(world):
    acc = _special(world)
    url = f"/api/accidents/{acc.pk}/position/"
    body = {"party": "expert", "level": _level(world).pk, "opinion": "专家：同意一级"}
    assert _post(world, "supervisor", url, body, False).status_code == 403
    answer = _post(world, "agency_liaison", url, body, False)
    assert answer.status_code == 201 and answer.json()["party"] == "expert"
    unknown = _post(world, "agency_liaison", url, {**body, "party": "mayor"}, False)
    assert unknown.status_code == 400 and unknown.json()["detail_en"] == "unknown party"


# -- a change's approval ---------------------------------------------------------------------
def _change(world) -> Change:
    return Change.objects.create(contract=world.a.contract, title="接口 变更", requested_at=AT,
                                 window_start=AT + dt.timedelta(days=1),
                                 window_end=AT + dt.timedelta(days=1, hours=2))


def test_change_approval(world):
    change = _change(world)
    url = f"/api/changes/{change.pk}/approve/"
    refused = _post(world, "vendor_pm", url, {"approve": True}, False)
    assert refused.status_code == 403 and refused.json()["detail_en"] == \
        "only the agency approves changes"
    bad = _post(world, "agency_liaison", url, {"approve": "maybe"}, False)
    assert bad.status_code == 400 and bad.json()["field"] == "approve"
    assert bad.json()["detail"] and bad.json()["detail_en"]
    assert _post(world, "agency_admin", url, {"approve": True}, False, side="b"
                 ).status_code == 404
    ok = _post(world, "agency_liaison", url, {"approve": True}, False)
    assert ok.status_code == 200 and ok.json()["state"] == "approved", ok.content
    assert any(r.object_type == "operations.change"
               for r in _api_rows(world.a.users["agency_liaison"]))
    again = _post(world, "agency_liaison", url, {"approve": False}, False)
    assert again.status_code == 400
    assert again.json()["detail_en"] == "the change is not waiting for approval"
    unwindowed = world.a.operations["change"]
    no_window = _post(world, "agency_admin", f"/api/changes/{unwindowed.pk}/approve/", {}, False)
    assert no_window.status_code == 400 and no_window.json()["field"] == "window_start"
