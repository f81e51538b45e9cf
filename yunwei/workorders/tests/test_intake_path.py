"""The intake hot path: cached contract terms that never go stale, the API's create checks and
query budget, and the hand-written read representation that must equal the declared fields."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from yunwei.calendars.models import SlaTarget
from yunwei.contracts import terms
from yunwei.contracts.models import Contract
from yunwei.core import context
from yunwei.workorders import actions
from yunwei.workorders.api.serializers import WorkOrderCreateSerializer, WorkOrderSerializer
from yunwei.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
MONDAY_9 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=TZ)


def _make(world, contract=None, **kwargs) -> WorkOrder:
    desk = world.a.users["service_desk"]
    kwargs.setdefault("reported_at", MONDAY_9)
    with context.acting(desk):
        return actions.do_create_workorder(contract or world.a.contract, actor=desk,
                                           title="打印机卡纸", channel="phone",
                                           requester_name="张三", **kwargs)


def _api(user) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_terms_follow_every_change_even_through_a_stale_contract_object(world):
    stale = Contract.objects.get(pk=world.a.contract.pk)  # loaded before every change below
    assert _make(world, stale).resolution_deadline == MONDAY_9 + dt.timedelta(hours=8)
    target = SlaTarget.objects.get(pk=world.a.target.pk)
    target.minutes = 60
    target.save()
    # An edit is in force from the moment it is saved; date it before this test's fixed
    # report time so that the orders below are reported under it.
    target.versions.filter(pk=target.versions.latest("id").pk).update(
        effective_from=MONDAY_9 - dt.timedelta(days=1))
    assert _make(world, stale).resolution_deadline == MONDAY_9 + dt.timedelta(hours=1)
    # Saving the contract from an object read before the change must not bring back the old
    # stamp (and with it the cached 8-hour target).
    stale.description = "补充说明"
    stale.save()
    assert _make(world, stale).resolution_deadline == MONDAY_9 + dt.timedelta(hours=1)
    evening = MONDAY_9 + dt.timedelta(hours=8)  # 17:00: half an hour of office time left
    assert _make(world, reported_at=evening).resolution_deadline == (
        MONDAY_9 + dt.timedelta(days=1, minutes=30))
    world.a.calendar.kind = "24x7"  # the target's calendar: office hours -> round the clock
    world.a.calendar.hours = ""
    world.a.calendar.save()
    assert _make(world, reported_at=evening).resolution_deadline == (
        evening + dt.timedelta(hours=1))
    world.a.desk.default_level = ""
    world.a.desk.save()
    assert _make(world).level_code == ""
    with pytest.raises(actions.InputError):
        _make(world, level_code="normal")
    SlaTarget.objects.create(policy=world.a.policy, level_code="normal", level_name="一般",
                             metric="resolution", minutes=1440, calendar=world.a.calendar)
    added = _make(world, stale, level_code="normal")
    assert added.level_name == "一般"
    assert added.resolution_deadline == MONDAY_9 + dt.timedelta(hours=24)


def test_terms_are_cached_per_contract_and_read_once(world):
    _make(world)
    with CaptureQueriesContext(connection) as queries:
        _make(world)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "workorders_desksettings" not in sql and "calendars_slatarget" not in sql
    other = actions.intake_terms(world.b.contract)
    assert {t.policy_id for t in other.targets} == {world.b.policy.pk}


def test_an_entry_under_another_stamp_is_rebuilt(world):
    """A stamp is never reused: an entry left by a rolled-back contract whose id is taken
    again, or built before a change, does not match the row's stamp and is rebuilt."""
    key = ("probe", world.a.contract.pk)
    terms._cache[key] = ("a stamp this row never had", "old")
    assert terms.cached(world.a.contract.pk, "probe", lambda: "new") == "new"
    assert terms.cached(world.a.contract.pk, "probe", lambda: "newer") == "new"
    assert terms.cached(10**9, "probe", lambda: "none") == "none"  # no row: built, not kept
    assert ("probe", 10**9) not in terms._cache
    terms.clear()


def test_api_create_checks_and_query_budget(world):
    api = _api(world.a.users["service_desk"])
    body = {"contract": world.a.contract.pk, "title": "接口报修", "requester_name": "监控系统"}
    assert api.post("/api/workorders/", body, format="json").status_code == 201
    with CaptureQueriesContext(connection) as queries:
        created = api.post("/api/workorders/", body, format="json")
    assert created.status_code == 201, created.content
    # token, may-add-anywhere, the contract, the terms stamp, then the write: number, order,
    # clocks (one insert) and the audit append (head, rows, head). Does not grow with the
    # clocks or the contract's history.
    assert len(queries) <= 13, [q["sql"][:80] for q in queries.captured_queries]
    # a member who may only read the contract: 403; a foreign contract: 400, nothing revealed
    for role in ("supervisor", "expert"):
        refused = _api(world.a.users[role]).post("/api/workorders/", body, format="json")
        assert refused.status_code == 403, (role, refused.content)
    foreign = api.post("/api/workorders/", {**body, "contract": world.b.contract.pk},
                       format="json")
    assert foreign.status_code == 400 and world.b.contract.number not in foreign.content.decode()
    missing = api.post("/api/workorders/", {**body, "contract": 10**9}, format="json")
    assert missing.status_code == 400
    assert foreign.json() == missing.json()  # a foreign contract looks like no contract
    for odd in (10**30, -1, "²", "1e3", None, True, [world.a.contract.pk], 1.5):
        response = api.post("/api/workorders/", {**body, "contract": odd}, format="json")
        assert response.status_code == 400, (odd, response.content)
    for same in (str(world.a.contract.pk), float(world.a.contract.pk)):
        response = api.post("/api/workorders/", {**body, "contract": same}, format="json")
        assert response.status_code == 201, (same, response.content)
    form = api.post("/api/workorders/", {**body, "contract": str(world.a.contract.pk)})
    assert form.status_code == 201, form.content  # multipart, as a form would send it
    unknown = api.post("/api/workorders/", {**body, "level_code": "nonesuch"}, format="json",
                       HTTP_X_REQUEST_ID="trace-intake-0001")
    assert unknown.status_code == 400 and "nonesuch" in unknown.json()["detail"]
    assert unknown.json()["field"] == "level_code" and unknown.json()["detail_en"]
    assert unknown.json()["request_id"] == "trace-intake-0001"
    # a user who may log work orders nowhere is refused before the body is read
    nowhere = _api(world.a.users["expert"]).post("/api/workorders/", {}, format="json")
    assert nowhere.status_code == 403


def _declared(wo: WorkOrder) -> dict:
    """The declared fields rendered the generic DRF way."""
    return dict(serializers.Serializer.to_representation(WorkOrderSerializer(), wo))


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_fast_representation_equals_the_declared_fields(world, zone):
    eng = world.a.users["vendor_engineer"]
    wo = _make(world, equipment=world.a.equipment, requester=world.a.users["requester"])

    def step(code, user, **inputs):
        fresh = WorkOrder.objects.get(pk=wo.pk)
        with context.acting(user):
            return actions.do_transition(fresh.pk, code, actor=user, version=fresh.version,
                                         **inputs)

    step("dispatch", world.a.users["service_desk"], assignee=eng.pk,
         at=MONDAY_9 + dt.timedelta(minutes=1))
    step("start", eng, at=MONDAY_9 + dt.timedelta(minutes=5))
    fresh = WorkOrder.objects.get(pk=wo.pk)
    actions.do_update_workorder(wo.pk, actor=eng, version=fresh.version, problem_analysis="a",
                                resolution_steps="b", verification="c")
    step("resolve", eng, at=MONDAY_9 + dt.timedelta(minutes=30))
    step("confirm", world.a.users["requester"], rating="satisfied",
         at=MONDAY_9 + dt.timedelta(minutes=40))
    closed = WorkOrder.objects.select_related("assignee", "requester", "evaluation").get(pk=wo.pk)
    new = _make(world)
    with timezone.override(zone):
        for obj in (closed, new, world.a.work_order):
            fast = WorkOrderSerializer(obj).data
            assert fast == _declared(obj)
            assert list(fast) == list(WorkOrderSerializer().fields)
    assert closed.state == "closed" and WorkOrderSerializer(closed).data["evaluation"]


def test_the_plain_path_knows_every_declared_field_but_the_issue_time():
    from yunwei.workorders.api.serializers import PLAIN_KEYS

    assert set(WorkOrderCreateSerializer().fields) == PLAIN_KEYS | {"reported_at"}


class _ReferenceCreate(WorkOrderCreateSerializer):
    """The same fields validated by DRF alone."""

    to_internal_value = serializers.Serializer.to_internal_value
    run_validators = serializers.Serializer.run_validators


_short = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
                 min_size=1, max_size=12)
_clean = st.one_of(  # what DRF accepts, mostly; whitespace, nulls, surrogates and limits too
    _short, _short, _short, _short, _short, _short,
    st.sampled_from(["a\x00b", "\x00", "\ud800", "x\udfff"]),
    st.sampled_from(["", " ", " 打印机 ", "\u3000中文\t", "y" * 100 + " ",
                     *("x" * n for n in (32, 33, 100, 101, 150, 151, 200, 201))]))
_odd = st.one_of(
    st.sampled_from(["", " ", "\ud800", "a\x00b", "12", "2026-11-02T09:00:00+08:00", "x" * 20001,
                     0, -1, 2**63 - 1, 2**63, 2**64, 1.0, 1.5, True, None, [1], {"a": 1}]),
    st.text(max_size=8), st.integers(), st.floats(allow_nan=False))
_text_fields = ["title", "description", "requester", "requester_name", "requester_contact",
                "location", "category", "affected_equipment", "level_code"]
_plain = st.fixed_dictionaries({"contract": st.integers(min_value=1, max_value=5),
                                "title": _clean}, optional={
    **{name: _clean for name in _text_fields[1:]},
    "channel": st.sampled_from(["phone", "api", "email", "qq", "walk_in", "self_service"]),
    "equipment": st.one_of(st.none(), st.integers(min_value=1, max_value=10**6)),
})
_fields = ["contract", *_text_fields, "channel", "equipment", "reported_at", "unknown"]


@settings(max_examples=600, deadline=None)
@given(_plain, st.dictionaries(st.sampled_from(_fields), _odd, max_size=1))
def test_the_plain_input_path_agrees_with_drf_on_any_input(body, odd):
    """Mostly plain bodies (the fast path) with, now and then, odd values (DRF's path)."""
    body = {**body, **odd}
    fast, reference = WorkOrderCreateSerializer(data=body), _ReferenceCreate(data=body)
    assert fast.is_valid() == reference.is_valid(), body
    if reference.errors:
        assert fast.errors == reference.errors
    else:
        assert dict(fast.validated_data) == dict(reference.validated_data), body
