"""Accidents: report deadlines per level, the joint grading, a level changed after grading,
repeat accidents, the evidence checklist, and who may take each step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile

from yunwei.core import measures
from yunwei.core.errors import Refused
from yunwei.operations import actions
from yunwei.operations.models import AccidentLevel, OperationsPolicy
from yunwei.scoring import engine

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2025, 1, 1, tzinfo=TZ)
END = dt.datetime(2026, 1, 1, tzinfo=TZ)
#: level code -> report hours, as the prison contract says (12 / 24 / 48 h)
HOURS = {"1": 12, "2": 24, "3": 48}


def t(month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def levels(world):
    c = world.a.contract
    out = {"1": AccidentLevel.objects.get(contract=c, code="1")}
    for code in ("2", "3"):
        out[code] = AccidentLevel.objects.create(contract=c, code=code, name=f"{code}级事故",
                                                 report_hours=D(HOURS[code]), rank=int(code))
    return out


def report(name: str = "report.pdf") -> ContentFile:
    return ContentFile(b"%PDF-1.4 analysis", name=name)


def opened(world, levels, *, level="2", at=None, **kw):
    users = world.a.users
    acc = actions.do_open_accident(world.a.contract, actor=users["vendor_pm"],
                                   title=kw.pop("title", "分会场视频中断"),
                                   occurred_at=at or t(3, 2), **kw)
    actions.do_set_preliminary_level(acc, actor=users["vendor_engineer"], level=levels[level])
    return acc


def graded(world, levels, *, level="2", submitted=None, **kw):
    """An accident taken through the whole procedure to its final level."""
    users = world.a.users
    acc = opened(world, levels, level=level, **kw)
    actions.do_gather_information(acc, actor=users["vendor_engineer"], note="5 个分会场无图像")
    actions.do_submit_report(acc, actor=users["vendor_pm"], file=report(),
                             at=submitted or acc.occurred_at + dt.timedelta(hours=1))
    actions.do_consider_special_cases(acc, actor=users["supervisor"], human_error=False,
                                      mixed_fault=False, note="非人为")
    for kind in ("user_feedback", "mail", "handling_log", "signed_order"):
        actions.do_add_evidence(acc, actor=users["vendor_pm"], kind=kind,
                                file=ContentFile(b"x", name=f"{kind}.png"))
    for party, user in (("agency", "agency_admin"), ("vendor", "vendor_pm"),
                        ("supervisor", "supervisor")):
        actions.do_record_position(acc, actor=users[user], party=party, level=levels[level],
                                   opinion="同意")
    return actions.do_final_grading(acc, actor=users["agency_admin"], level=levels[level],
                                    conclusion="交换机端口故障，定为该级")


def score_lines(contract):
    """The prison scheme's lines for the accident measure, attributes as the scheme declares."""
    scheme = engine.template("prison-2025")
    declared = scheme.measures["accident"].attributes
    events = [engine.Event(e.measure, e.time, e.ref, e.label,
                           {k: v for k, v in e.attrs.items() if k in declared})
              for e in measures.collect(contract, ["accident"], START, END)]
    periods = engine.make_periods(START.date(), dt.date(2025, 12, 31), scheme.periods)
    result = engine.assess(scheme, engine.Contract(D("1000000"), START.date(),
                                                   dt.date(2025, 12, 31)), periods, events,
                           as_of=END)
    return sorted((line.code, line.points, tuple(e.ref for e in line.evidence))
                  for line in result.periods[0].lines)


# -- report deadlines ---------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["1", "2", "3"])
@pytest.mark.parametrize(("offset_minutes", "late_seconds", "deducted"),
                         [(-1, 0, False), (0, 0, False), (1, 60, True)])
def test_report_deadline_of_each_level(world, levels, code, offset_minutes, late_seconds,
                                       deducted):
    occurred = t(3, 2, 9, 30)
    due = occurred + dt.timedelta(hours=HOURS[code])  # by hand: calendar hours
    acc = opened(world, levels, level=code, at=occurred)
    assert acc.report_deadline == due
    acc = actions.do_submit_report(acc, actor=world.a.users["vendor_pm"], file=report(),
                                   at=due + dt.timedelta(minutes=offset_minutes))
    assert acc.report_late_seconds == late_seconds
    step = acc.steps.get(kind="report")
    assert step.late_seconds == late_seconds
    ref = f"operations.accident:{acc.pk}"
    points = {"1": D(-5), "2": D(-4), "3": D(-2)}[code]
    expected = [(f"A-L{code}", points, (ref,))]
    if deducted:
        expected.append(("A-REPORT", D(-2), (ref,)))
    assert score_lines(world.a.contract) == sorted(expected)


def test_report_deadline_in_working_time(world, levels):
    """A level on the office calendar (09:00-17:30, Mon-Fri): 4 working hours from Friday
    16:00 end on Monday 11:30 (1.5 h on Friday, 2.5 h on Monday; hand count)."""
    lvl = levels["3"]
    lvl.report_hours = D(4)
    lvl.calendar = world.a.calendar
    lvl.save()
    world.a.calendar.kind, world.a.calendar.hours = "office", "09:00-17:30"
    world.a.calendar.save()
    friday = dt.datetime(2026, 11, 13, 16, 0, tzinfo=TZ)
    acc = opened(world, levels, level="3", at=friday)
    assert acc.report_deadline == dt.datetime(2026, 11, 16, 11, 30, tzinfo=TZ)


# -- the joint grading --------------------------------------------------------------------------
def test_full_procedure_records_who_and_when(world, levels):
    acc = graded(world, levels, level="2")
    kinds = list(acc.steps.order_by("id").values_list("kind", "party", "actor__username"))
    assert [k for k, _p, _u in kinds] == ["opened", "preliminary", "information", "report",
                                          "special", "position", "position", "position",
                                          "final"]
    assert acc.stage == "graded" and acc.final_level == levels["2"]
    assert {p: s.note for p, s in actions.positions(acc).items()} == {
        "agency": "同意", "vendor": "同意", "supervisor": "同意"}


def test_final_grading_waits_for_the_evidence(world, levels):
    users = world.a.users
    acc = opened(world, levels)
    actions.do_submit_report(acc, actor=users["vendor_pm"], file=report(), at=t(3, 2, 10))
    actions.do_consider_special_cases(acc, actor=users["agency_admin"], human_error=True,
                                      mixed_fault=False)
    for party, user in (("agency", "agency_admin"), ("vendor", "vendor_pm"),
                        ("supervisor", "supervisor")):
        actions.do_record_position(acc, actor=users[user], party=party, level=levels["2"],
                                   opinion="二级")
    with pytest.raises(Refused, match="证据不全"):
        actions.do_final_grading(acc, actor=users["agency_admin"], level=levels["2"],
                                 conclusion="二级")
    for kind in ("user_feedback", "mail", "handling_log"):
        actions.do_add_evidence(acc, actor=users["vendor_pm"], kind=kind,
                                file=ContentFile(b"x", name="x.png"))
    with pytest.raises(Refused, match="签字"):  # the signed work order is still missing
        actions.do_final_grading(acc, actor=users["agency_admin"], level=levels["2"],
                                 conclusion="二级")
    actions.do_add_evidence(acc, actor=users["vendor_pm"], kind="signed_order",
                            file=ContentFile(b"x", name="signed.pdf"))
    acc = actions.do_final_grading(acc, actor=users["agency_admin"], level=levels["2"],
                                   conclusion="二级")
    assert acc.stage == "graded"


def test_final_grading_needs_the_three_parties_to_agree(world, levels):
    users = world.a.users
    acc = opened(world, levels)
    actions.do_submit_report(acc, actor=users["vendor_pm"], file=report(), at=t(3, 2, 10))
    actions.do_consider_special_cases(acc, actor=users["vendor_pm"], human_error=False,
                                      mixed_fault=True)
    for kind in ("user_feedback", "mail", "handling_log", "signed_order"):
        actions.do_add_evidence(acc, actor=users["vendor_pm"], kind=kind,
                                file=ContentFile(b"x", name="x.png"))
    actions.do_record_position(acc, actor=users["agency_admin"], party="agency",
                               level=levels["1"], opinion="影响主会场，应为一级")
    actions.do_record_position(acc, actor=users["vendor_pm"], party="vendor", level=levels["2"],
                               opinion="仅分会场")
    with pytest.raises(Refused, match="三方意见未一致"):
        actions.do_final_grading(acc, actor=users["agency_admin"], level=levels["1"],
                                 conclusion="一级")
    actions.do_record_position(acc, actor=users["agency_liaison"], party="expert",
                               level=levels["1"], opinion="专家：一级")
    actions.do_record_position(acc, actor=users["supervisor"], party="supervisor",
                               level=levels["1"], opinion="一级")
    actions.do_record_position(acc, actor=users["vendor_pm"], party="vendor", level=levels["1"],
                               opinion="接受一级")
    acc = actions.do_final_grading(acc, actor=users["agency_admin"], level=levels["1"],
                                   conclusion="一级")
    assert acc.final_level == levels["1"]
    assert actions.positions(acc)["expert"].note == "专家：一级"


@pytest.mark.parametrize(("role", "step"), [
    ("agency_admin", "preliminary"), ("supervisor", "report"), ("vendor_pm", "final"),
    ("supervisor", "final"), ("vendor_pm", "position_for_agency"),
    ("service_desk", "information"), ("requester", "open"), ("expert", "open"),
])
def test_refused_steps(world, levels, role, step):
    users = world.a.users
    acc = opened(world, levels)
    user = users[role]
    with pytest.raises(Refused):
        if step == "preliminary":
            actions.do_set_preliminary_level(acc, actor=user, level=levels["1"])
        elif step == "report":
            actions.do_submit_report(acc, actor=user, file=report())
        elif step == "final":
            actions.do_final_grading(acc, actor=user, level=levels["1"], conclusion="x")
        elif step == "position_for_agency":
            actions.do_consider_special_cases(acc, actor=users["vendor_pm"], human_error=False,
                                              mixed_fault=False) if acc.report_submitted_at \
                else None
            actions.do_record_position(acc, actor=user, party="agency", level=levels["1"],
                                       opinion="x")
        elif step == "information":
            actions.do_gather_information(acc, actor=user, note="x")
        else:
            actions.do_open_accident(world.a.contract, actor=user, title="x", occurred_at=t(1, 1))


def test_foreign_contract_cannot_be_acted_on(world, levels):
    acc = opened(world, levels)
    with pytest.raises(Refused):
        actions.do_gather_information(acc, actor=world.b.users["vendor_pm"], note="x")
    with pytest.raises(Refused):
        actions.do_open_accident(world.a.contract, actor=world.b.users["vendor_pm"], title="x",
                                 occurred_at=t(1, 1))
    with pytest.raises(Refused):  # B's work order on A's accident
        actions.do_open_accident(world.a.contract, actor=world.a.users["vendor_pm"], title="x",
                                 work_orders=[world.b.work_order])


# -- a level changed after grading ---------------------------------------------------------------
def test_level_change_after_grading_needs_a_reason_and_the_score_follows(world, levels):
    users = world.a.users
    occurred = t(3, 2, 9, 0)
    acc = graded(world, levels, level="2", at=occurred,
                 submitted=occurred + dt.timedelta(hours=20))  # within 24 h, not within 12 h
    ref = f"operations.accident:{acc.pk}"
    assert score_lines(world.a.contract) == [("A-L2", D(-4), (ref,))]
    with pytest.raises(Refused, match="理由"):
        actions.do_change_level(acc, actor=users["agency_admin"], level=levels["1"], reason=" ")
    with pytest.raises(Refused):
        actions.do_change_level(acc, actor=users["vendor_pm"], level=levels["1"], reason="复核")
    with pytest.raises(Refused, match="已定级"):
        actions.do_set_preliminary_level(acc, actor=users["vendor_pm"], level=levels["3"])
    acc = actions.do_change_level(acc, actor=users["agency_admin"], level=levels["1"],
                                  reason="复核发现主会场也中断")
    assert acc.report_deadline == occurred + dt.timedelta(hours=12)
    assert acc.report_late_seconds == 8 * 3600
    assert score_lines(world.a.contract) == [("A-L1", D(-5), (ref,)),
                                             ("A-REPORT", D(-2), (ref,))]
    step = acc.steps.get(kind="level_changed")
    assert "复核发现主会场也中断" in step.note and step.actor == users["agency_admin"]
    from yunwei.core.models import AuditEvent

    changes = [e.after for e in sorted(AuditEvent.objects.for_object(acc), key=lambda e: e.id)
               if e.after and "final_level_id" in e.after]
    assert changes[-1]["final_level_id"] == levels["1"].pk
    [event] = measures.collect(world.a.contract, ["accident"], START, END)
    assert event.attrs["final_level"] == "1" and event.attrs["level"] == "1"


# -- repeat accidents ----------------------------------------------------------------------------
def test_repeat_accident_on_the_same_item_within_the_window(world, levels):
    item = world.a.equipment
    first = opened(world, levels, at=t(3, 1), equipment=[item], title="第一次")
    second = opened(world, levels, at=t(3, 31), equipment=[item], title="第二次")  # 30 days
    third = opened(world, levels, at=t(5, 1), equipment=[item], title="第三次")  # 31 days
    assert (second.is_repeat, second.repeat_of) == (True, first)
    assert (third.is_repeat, third.repeat_of) == (False, None)
    events = {e.ref: e.attrs["repeat"]
              for e in measures.collect(world.a.contract, ["accident"], START, END)}
    assert events == {f"operations.accident:{first.pk}": False,
                      f"operations.accident:{second.pk}": True,
                      f"operations.accident:{third.pk}": False}


def test_repeat_by_cause_and_no_window(world, levels):
    opened(world, levels, at=t(6, 1), cause="交换机端口故障")
    again = opened(world, levels, at=t(6, 10), cause="交换机端口故障")
    other = opened(world, levels, at=t(6, 11), cause="电源故障")
    assert again.is_repeat and not other.is_repeat
    OperationsPolicy.objects.filter(contract=world.a.contract).update(repeat_window_days=0)
    assert not opened(world, levels, at=t(6, 12), cause="交换机端口故障").is_repeat


# -- opened from a work order: its records linked as evidence ----------------------------------
def test_opened_from_a_work_order_links_its_records(world, levels):
    from yunwei.workorders.models import MailMessage

    wo = world.a.work_order
    received = dt.datetime(2025, 3, 2, 8, 59, 31, tzinfo=TZ)
    mail = MailMessage.objects.create(mailbox=world.a.mailbox, message_id="<m1@x>",
                                      internaldate=received, subject="视频会议中断",
                                      status="created", work_order=wo)
    acc = actions.do_open_accident(world.a.contract, actor=world.a.users["vendor_engineer"],
                                   title="视频会议中断", work_orders=[wo])
    assert acc.occurred_at == wo.reported_at
    rows = {e.kind: e for e in acc.evidence.all()}
    assert rows["user_feedback"].ref == f"workorders.workorder:{wo.pk}"
    assert rows["user_feedback"].get_absolute_url() == wo.get_absolute_url()
    assert rows["mail"].ref == f"workorders.mailmessage:{mail.pk}"
    assert rows["mail"].received_at == received
    assert rows["handling_log"].ref == f"workorders.workorder:{wo.pk}"  # it has a screenshot
    assert actions.missing_evidence(acc) == ["signed_order"]
