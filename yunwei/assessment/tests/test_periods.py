"""The platform's assessment on the general engine: the scheme as data (validated on save), the
measures registered by the apps that own the records, the contract's own periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yunwei.assessment import actions
from yunwei.assessment.compute import assess_periods
from yunwei.assessment.tests.test_assessment import counted_7x24, login, resolved_order

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
YEAR_END = dt.datetime(2027, 1, 1, tzinfo=TZ)


def test_prison_scheme_as_data_gives_the_hand_computed_deductions(world):
    counted_7x24(world)
    late = resolved_order(world, 8 + 30, day=2)      # 30 h overdue: -0.2 -0.1 = -0.3
    soon = resolved_order(world, 8 + 5, day=3)       # 5 h overdue: -0.2
    unsigned = resolved_order(world, 2, day=4, signed=False)  # unsigned 72 h on: -1
    a = assess_periods(world.a.scheme, as_of=YEAR_END)
    assert a.problems == [] and [p.period.code for p in a.result.periods] == ["all"]
    period = a.period("all")
    lines = {(line.code, line.evidence[0].label): line for line in period.lines}
    assert lines[("W-LATE-24", late.number)].points == Decimal("-0.3")
    assert lines[("W-LATE-4-24", soon.number)].points == Decimal("-0.2")
    assert lines[("W-UNSIGNED", unsigned.number)].points == Decimal(-1)
    # the fixture's records: a 3rd-level accident (-2, 1 % of 1,118,000 = 11,180.00) with no
    # report (-2), an absence (-1), an unsatisfied quarter (-4), W-FORM by hand (-0.5), and
    # the praise not yet checked (pending, not counted)
    codes = {line.code for line in period.lines if not line.pending}
    assert {"A-L3", "A-REPORT", "P-ABSENT", "Q-UNSAT", "W-FORM"} <= codes
    assert [line.code for line in period.lines if line.pending] == ["R-UNIT"]
    assert period.rule_fines == Decimal("11180.00")
    # the fixture's open order (no resolution clock of its level?) aside, the score is
    # 100 - 0.3 - 0.2 - 1 - 2 - 2 - 1 - 4 - 0.5 = 89 plus what the open order adds
    opened = sum(line.points for line in period.lines if not line.pending
                 and line.evidence[0].label == world.a.work_order.number)
    assert period.score == Decimal("89.0") + opened


def test_a_bad_definition_is_refused_and_nothing_is_saved(world):
    from yunwei.scoring.engine import SchemeError

    scheme = world.a.scheme
    before = scheme.definition
    bad = dict(before, rules=[*before["rules"], {"code": "X", "kind": "per_event",
                                                  "measure": "nope", "points": -1}])
    with pytest.raises(SchemeError, match="nope"):
        actions.do_save_definition(scheme, bad)
    scheme.refresh_from_db()
    assert scheme.definition == before


def test_cloud_regime_on_the_platform_by_month(world):
    from yunwei.assessment.models import ManualEntry, Scheme

    contract = world.a.contract
    Scheme.objects.filter(contract=contract).delete()
    # seed 003's template reads only what the platform supplies: its SLA band the service
    # desk's work orders (the resolution clock; the contract's levels mapped to its 1-4), its
    # 第十二条第 3 项 (1,000 yuan a violation) the agency's hand entries with evidence
    scheme = actions.do_create_scheme(contract, template="cloud-db-2022")
    scheme = actions.do_edit_scheme(scheme, level_map={"urgent": "1", "normal": "2"})
    counted_7x24(world)
    late = resolved_order(world, 8 + 5, day=2)   # March: 5 h past its clock's deadline
    resolved_order(world, 3, day=3)             # on time
    ManualEntry.objects.filter(contract=contract).delete()  # the fixture's prison W-FORM
    for day, count in ((dt.date(2026, 3, 10), 2), (dt.date(2026, 5, 6), 1)):
        ManualEntry.objects.create(contract=contract, rule="C3-VIOLATION", date=day,
                                   count=count, evidence="监理通知单")
    a = assess_periods(scheme, as_of=YEAR_END)
    assert a.problems == []
    assert [p.period.code for p in a.result.periods] == [f"2026-{m:02d}" for m in range(1, 13)]
    march, may, june = a.period("2026-03"), a.period("2026-05"), a.period("2026-06")
    # by hand: 2 x 1,000 in March, 1 x 1,000 in May, nothing in June; no score (no base)
    assert (march.fines, may.fines, june.fines) == (Decimal("2000.00"), Decimal("1000.00"),
                                                    Decimal("0.00"))
    assert march.score is None
    sla = [line for line in march.lines if line.code == "SLA"]
    assert len(sla) == 1 and sla[0].pending and sla[0].evidence[0].label == late.number
    assert sla[0].evidence[0].ref == f"workorders.workorder:{late.pk}"
    # the score page per period, the line's evidence linked to the order
    client = login(world.a.users["supervisor"])
    page = client.get(f"/assessment/{scheme.pk}/score/?period=2026-03").content.decode()
    assert "2000.00" in page and f'href="{late.get_absolute_url()}"' in page
    assert client.get(f"/assessment/{scheme.pk}/score/?period=2031-01").status_code == 404


def test_rows_migrate_to_the_template_data_with_the_schemes_edits():
    from yunwei.assessment.definition import from_rows, template_data
    from yunwei.scoring.engine import load_scheme
    from yunwei.scoring.templates import TEMPLATES

    old = TEMPLATES["prison-2025"]
    rows = [{"code": r.code, "description": r.description, "points": r.points,
             "fine_percent": r.fine_percent, "trigger": r.trigger} for r in old.rules]
    tiers = [{"lower": t.lower, "upper": t.upper, "fine_percent": t.fine_percent,
              "label": t.label} for t in old.tiers]
    untouched = from_rows("prison-2025", "监狱", 100, dict(old.options), rows, tiers)
    assert load_scheme(untouched).rules == load_scheme(template_data("prison-2025")).rules
    # the agency's edits: W-FORM -1 (was -0.5), its own rule X-DRILL (-3, 0.5 %), 80-90 at 6 %
    rows = [dict(r, points=Decimal(-1)) if r["code"] == "W-FORM" else r for r in rows]
    rows.append({"code": "X-DRILL", "description": "未按计划开展应急演练",
                 "points": Decimal(-3), "fine_percent": Decimal("0.5"), "trigger": "manual"})
    tiers = [dict(t, fine_percent=Decimal(6)) if t["lower"] == 80 else t for t in tiers]
    scheme = load_scheme(from_rows("prison-2025", "监狱", 100, dict(old.options), rows, tiers))
    assert scheme.rule("W-FORM").points == Decimal(-1)
    drill = scheme.rule("X-DRILL")
    assert drill.manual and drill.points == Decimal(-3)
    assert [t.fine.percent for t in scheme.tiers] == [Decimal(0), Decimal(6), Decimal(10),
                                                       Decimal(15)]


def test_only_declared_attributes_reach_the_engine_whichever_app_supplies_the_event():
    # Two apps supply "accident": the hand-entered stand-in (level, report_submitted) first,
    # then the operations app with more keys; the extra keys of the second are dropped too.
    from types import SimpleNamespace

    from yunwei.assessment.compute import _fit
    from yunwei.scoring.engine import Event

    engine = SimpleNamespace(measures={"accident": SimpleNamespace(
        attributes={"level": None, "report_submitted": None})})
    at = dt.datetime(2026, 6, 1, tzinfo=TZ)
    hand = Event("accident", at, "assessment.accident:1", "A", {"level": 3,
                                                                 "report_submitted": None})
    ops = Event("accident", at, "operations.accident:1", "B", {
        "level": 2, "report_submitted": None, "report_deadline": at, "repeat": False})
    again = Event("accident", at, "operations.accident:2", "C", {
        "level": 1, "report_submitted": at, "report_deadline": at, "repeat": True})
    fitted = _fit([hand, ops, again], engine)
    assert [e.attrs for e in fitted] == [{"level": 3, "report_submitted": None},
                                         {"level": 2, "report_submitted": None},
                                         {"level": 1, "report_submitted": at}]


def test_the_scheme_form_carries_only_what_was_changed_into_the_definition(world):
    from yunwei.assessment.models import Scheme

    client = login(world.a.users["agency_admin"])
    scheme = world.a.scheme
    before = Scheme.objects.get(pk=scheme.pk).definition
    edit = f"/assessment/{scheme.pk}/edit/"
    data = {"name": scheme.name, "base": "100", "final_payment": str(scheme.final_payment)}
    assert client.post(edit, data).status_code == 302  # untouched: the definition as it was
    assert Scheme.objects.get(pk=scheme.pk).definition == before
    assert client.post(edit, {**data, "name": "新名称", "base": "95"}).status_code == 302
    after = Scheme.objects.get(pk=scheme.pk).definition
    assert after["name"] == {"zh": "新名称", "en": before["name"]["en"]} and after["base"] == 95
    assert after["rules"] == before["rules"] and after["tiers"] == before["tiers"]
    # the supervisor reads the scheme but may not edit it
    supervisor = login(world.a.users["supervisor"])
    assert supervisor.post(edit, {**data, "name": "监理改的"}).status_code == 403
    assert Scheme.objects.get(pk=scheme.pk).name == "新名称"
