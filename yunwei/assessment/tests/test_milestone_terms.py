"""Payment milestones have one source of truth, the contract's rows: a template's or a file's
`payments.milestones` create and update them (their facts kept), the API's definition writes
them back, `assess import` brings a file's, and `assess simulate` prints the same instalments.
Amounts worked out by hand in the comments (shares of the contract total, to the fen)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from yunwei.assessment import actions
from yunwei.assessment.models import PaymentMilestone, Scheme
from yunwei.assessment.tests.test_assessment import login
from yunwei.contracts.models import Contract
from yunwei.core.errors import Refused

pytestmark = pytest.mark.django_db
D = Decimal

# cloud-db-2022 (seed 003) on its own total 998,000.00:
#   40.83 % = 407,483.40; 17.5 % = 174,650.00; 41.67 % = 415,866.60 (sum 998,000.00)
CLOUD_998 = [(1, "首款", D("40.83"), D("407483.40"), "人民币肆拾万柒仟肆佰捌拾叁元肆角",
              dt.date(2022, 6, 30)),
             (2, "中期款", D("17.5"), D("174650.00"), "人民币壹拾柒万肆仟陆佰伍拾元整",
              dt.date(2022, 11, 30)),
             (3, "尾款", D("41.67"), D("415866.60"), "人民币肆拾壹万伍仟捌佰陆拾陆元陆角",
              dt.date(2023, 6, 30))]


def fresh(world, total: str) -> Contract:
    """Contract A without a scheme nor milestones, with the given total."""
    Scheme.objects.filter(contract=world.a.contract).delete()
    PaymentMilestone.objects.filter(contract=world.a.contract).delete()
    Contract.objects.filter(pk=world.a.contract.pk).update(amount=D(total))
    return Contract.objects.get(pk=world.a.contract.pk)


def cloud_milestones() -> list[dict]:
    from yunwei.assessment.definition import milestones_given, template_data

    return milestones_given(template_data("cloud-db-2022"))


@pytest.fixture
def pay_template(tmp_path, monkeypatch):
    """A template the platform can load (prison-2025's rules) with seed 003's milestones."""
    import shutil

    import yaml

    from yunwei.assessment import definition

    for f in definition.SCHEMES_DIR.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    data = definition.template_data("prison-2025")
    data.setdefault("payments", {})["milestones"] = cloud_milestones()
    (tmp_path / "prison-pay.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                              encoding="utf-8")
    monkeypatch.setattr(definition, "SCHEMES_DIR", tmp_path)
    return "prison-pay"


def rows(contract) -> list[tuple]:
    return [(p.seq, p.name, p.percent, p.amount, p.amount_capitals, p.due_on) for p in
            PaymentMilestone.objects.filter(contract=contract).order_by("seq")]


def test_a_template_creates_the_contracts_milestones_as_shares_of_its_total(world,
                                                                          pay_template):
    contract = fresh(world, "998000.00")
    scheme = actions.do_create_scheme(contract, template=pay_template)
    assert rows(contract) == CLOUD_998
    assert "milestones" not in (scheme.definition.get("payments") or {})  # one source: rows
    # another total: the template's figures are not this contract's
    #   40.83 % x 1,000,000.00 = 408,300.00; 17.5 % = 175,000.00; 41.67 % = 416,700.00
    contract = fresh(world, "1000000.00")
    actions.do_create_scheme(contract, template=pay_template)
    assert [(r[3], r[4]) for r in rows(contract)] == [
        (D("408300.00"), "人民币肆拾万捌仟叁佰元整"), (D("175000.00"), "人民币壹拾柒万伍仟元整"),
        (D("416700.00"), "人民币肆拾壹万陆仟柒佰元整")]


def test_a_template_leaves_milestones_the_contract_already_has(world, pay_template):
    contract = fresh(world, "1118000.00")
    PaymentMilestone.objects.create(contract=contract, seq=1, name="全款", percent=D(100),
                                    amount=D("1118000.00"), paid_on=dt.date(2026, 3, 2),
                                    status="paid")
    actions.do_create_scheme(contract, template=pay_template)
    assert [(r[1], r[3]) for r in rows(contract)] == [("全款", D("1118000.00"))]


def test_a_saved_definition_updates_the_terms_and_keeps_the_facts(world, pay_template):
    contract = fresh(world, "998000.00")
    scheme = actions.do_create_scheme(contract, template=pay_template)
    first, second, third = PaymentMilestone.objects.filter(contract=contract).order_by("seq")
    PaymentMilestone.objects.filter(pk=first.pk).update(status="paid",
                                                        paid_on=dt.date(2022, 7, 5))
    PaymentMilestone.objects.filter(pk=second.pk).update(condition_date=dt.date(2022, 11, 1),
                                                         invoice_received_on=dt.date(2022, 11, 2))
    data = json.loads(json.dumps(scheme.definition))
    data.setdefault("payments", {})["milestones"] = [
        {"code": "P1", "name": "首款", "percent": 40.83, "amount": "407483.40",
         "capitals": "人民币肆拾万柒仟肆佰捌拾叁元肆角", "due": "2022-06-30"},
        {"code": "P2", "name": "中期款", "percent": 20, "condition": "验收通过",
         "condition_kind": "acceptance_passed", "condition_ref": "7", "due_working_days": 10},
        {"code": "P3", "name": "尾款", "percent": 39.17}]
    actions.do_edit_definition(scheme, data)
    # 20 % x 998,000.00 = 199,600.00; 39.17 % x 998,000.00 = 390,916.60
    got = {p.seq: p for p in PaymentMilestone.objects.filter(contract=contract)}
    assert (got[1].amount, got[1].status, got[1].paid_on) == (D("407483.40"), "paid",
                                                             dt.date(2022, 7, 5))
    assert (got[2].percent, got[2].amount, got[2].amount_capitals) == (
        D(20), D("199600.00"), "人民币壹拾玖万玖仟陆佰元整")
    assert (got[2].condition_kind, got[2].condition_ref, got[2].due_working_days) == (
        "acceptance_passed", "7", 10)
    assert (got[2].condition_date, got[2].invoice_received_on) == (dt.date(2022, 11, 1),
                                                                   dt.date(2022, 11, 2))
    assert (got[3].amount, got[3].pk) == (D("390916.60"), third.pk)
    # the editor's save (a definition without milestones) leaves the rows alone
    scheme.refresh_from_db()
    actions.do_edit_definition(scheme, scheme.definition)
    assert len(rows(contract)) == 3 and rows(contract)[1][3] == D("199600.00")
    # the API's definition is the exchanged one: the rows written back in
    client = login(world.a.users["agency_admin"])
    exported = client.get(f"/api/schemes/{scheme.pk}/").json()["definition"]
    assert [(m["code"], m["percent"], m["amount"]) for m in
            exported["payments"]["milestones"]] == [
        ("P1", "40.83", "407483.40"), ("P2", 20, "199600.00"), ("P3", "39.17", "390916.60")]
    # ... and saving it back changes nothing
    before = rows(contract)
    assert client.put(f"/api/schemes/{scheme.pk}/definition/", {"definition": exported},
                      content_type="application/json").status_code == 200
    assert rows(contract) == before


def test_a_definition_cannot_drop_a_milestone_that_has_facts(world, pay_template):
    contract = fresh(world, "998000.00")
    scheme = actions.do_create_scheme(contract, template=pay_template)
    before_rows, before_def = rows(contract), scheme.definition
    PaymentMilestone.objects.filter(contract=contract, seq=3).update(
        invoice_received_on=dt.date(2023, 6, 1))
    data = json.loads(json.dumps(scheme.definition))
    data.setdefault("payments", {})["milestones"] = [
        {"code": "P1", "name": "首款", "percent": 50}, {"code": "P2", "name": "尾款",
                                                       "percent": 50}]
    with pytest.raises(Refused) as refused:
        actions.do_edit_definition(scheme, data)
    assert "第 3 期付款" in refused.value.zh and "payment 3" in refused.value.en
    scheme.refresh_from_db()
    assert rows(contract) == before_rows and scheme.definition == before_def  # nothing saved
    # a planned one without facts may go: 50 % x 998,000.00 = 499,000.00 each
    PaymentMilestone.objects.filter(contract=contract, seq=3).update(invoice_received_on=None)
    actions.do_edit_definition(scheme, data)
    assert [r[3] for r in rows(contract)] == [D("499000.00"), D("499000.00")]
    # unreadable capitals are refused with their place
    data["payments"]["milestones"][0]["capitals"] = "四十九万"
    with pytest.raises(Refused) as refused:
        actions.do_edit_definition(scheme, data)
    assert "payments.milestones[0].capitals" in refused.value.zh


def test_a_contract_date_is_the_due_date_alone_or_the_earliest_with_a_condition(world,
                                                                              pay_template):
    contract = fresh(world, "998000.00")
    actions.do_create_scheme(contract, template=pay_template)
    p2 = PaymentMilestone.objects.get(contract=contract, seq=2)  # due 2022-11-30, a condition
    assert p2.due_date()[0] is None  # the condition is not met yet
    p2.condition_date = dt.date(2022, 11, 1)  # + 20 working days = 2022-11-29 < 11-30
    assert p2.due_date()[0] == dt.date(2022, 11, 30)
    p2.condition_date = dt.date(2022, 11, 10)  # + 20 working days = 2022-12-08 > 11-30
    assert p2.due_date()[0] == dt.date(2022, 12, 8)
    p2.condition = ""  # a date alone: due that day
    p2.condition_date = None
    assert p2.due_date()[0] == dt.date(2022, 11, 30)


def simulation(tmp_path, total: str) -> str:
    path = tmp_path / "cloud.yaml"
    path.write_text(f"""format: yunwei.simulation/1
scheme: cloud-db-2022
contract: {{total: "{total}", start: 2022-06-01, end: 2023-05-31}}
events: {{}}
""", encoding="utf-8")
    return str(path)


def test_simulate_and_import_agree_with_the_platform_on_the_payments(world, tmp_path, capsys,
                                                                    pay_template):
    contract = fresh(world, "998000.00")
    path = simulation(tmp_path, "998000.00")
    call_command("assess", "simulate", path)
    printed = json.loads(capsys.readouterr().out)["payments"]["instalments"]
    call_command("assess", "import", path, "--contract", contract.number)
    assert "milestones=3" in capsys.readouterr().out
    assert [(i["name"], D(i["percent"]), D(i["amount_yuan"])) for i in printed] == \
        [(r[1], r[2], r[3]) for r in rows(contract)] == [(r[1], r[2], r[3]) for r in CLOUD_998]
    # importing again adds nothing; a file for another total is refused, nothing imported
    call_command("assess", "import", path, "--contract", contract.number)
    assert len(rows(contract)) == 3
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"998000\.00"):
        call_command("assess", "import", simulation(tmp_path, "1000000.00"), "--contract",
                     contract.number)
    # and the platform's scheme from the same template has the same rows
    other = fresh(world, "998000.00")
    actions.do_create_scheme(other, template=pay_template)
    assert rows(other) == CLOUD_998


def test_the_migration_moves_definition_milestones_into_rows_and_loses_nothing(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "yunwei.assessment.migrations.0009_milestones_from_definition")
    from yunwei.assessment.definition import template_data

    # contract A: a scheme from the template whose definition still holds its milestones, no
    # rows -> rows as the template's shares of 1,118,000.00 (50 % = 559,000.00 each)
    a = fresh(world, "1118000.00")
    scheme = actions.do_create_scheme(a, template="prison-2025")
    Scheme.objects.filter(pk=scheme.pk).update(definition=template_data("transport-video-2022"),
                                               template="transport-video-2022")
    # contract B: rows of its own, a definition that differs -> rows kept, the other kept aside
    b = world.b.contract
    b_rows = rows(b)
    odd = [{"code": "X", "name": "全款", "percent": 100}]
    data = json.loads(json.dumps(world.b.scheme.definition))
    data.setdefault("payments", {})["milestones"] = odd
    Scheme.objects.filter(pk=world.b.scheme.pk).update(definition=data)
    migration.forwards(apps, None)
    assert [(r[1], r[3], r[4]) for r in rows(a)] == [
        ("首付款", D("559000.00"), "人民币伍拾伍万玖仟元整"),
        ("尾款", D("559000.00"), "人民币伍拾伍万玖仟元整")]
    assert rows(b) == b_rows
    sb = Scheme.objects.get(pk=world.b.scheme.pk)
    assert sb.options["superseded_milestones"] == odd
    assert "milestones" not in (sb.definition.get("payments") or {})
    assert "milestones" not in (Scheme.objects.get(pk=scheme.pk).definition.get("payments")
                                or {})


def test_the_definition_put_back_unchanged_is_saved_while_the_rows_do_not_add_up(world):
    """GET a scheme, PUT its definition back (and preview it): accepted although the contract's
    one milestone is 50 % (the agency is still entering them; the score page shows that);
    a definition that changes the milestones is still checked by the engine."""
    from yunwei.assessment.tests.test_api_steps import send

    scheme = Scheme.objects.get(contract=world.a.contract)
    PaymentMilestone.objects.filter(contract=world.a.contract).delete()
    PaymentMilestone.objects.create(contract=world.a.contract, seq=1, name="首付款",
                                    percent=D(50), amount=D("559000.00"),
                                    amount_capitals="人民币伍拾伍万玖仟元整")
    client = login(world.a.users["agency_admin"])
    exchanged = client.get(f"/api/schemes/{scheme.pk}/").json()["definition"]
    assert [m["percent"] for m in exchanged["payments"]["milestones"]] == [50]
    for method, url in (("put", "definition"), ("post", "preview")):
        answer = send(client, method, f"/api/schemes/{scheme.pk}/{url}/",
                      {"definition": exchanged})
        assert answer.status_code == 200, answer.content
    assert PaymentMilestone.objects.get(contract=world.a.contract).percent == D(50)
    changed = json.loads(json.dumps(exchanged))
    changed["payments"]["milestones"][0]["percent"] = 40
    answer = send(client, "put", f"/api/schemes/{scheme.pk}/definition/", {"definition": changed})
    assert answer.status_code == 400 and "100 %" in answer.json()["detail_en"]
    assert PaymentMilestone.objects.get(contract=world.a.contract).percent == D(50)
