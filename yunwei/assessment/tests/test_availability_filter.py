"""The cloud-db template reads the availability of the contract's database items only (its
DB-AVAIL rule's `filter`), from the inventory's outages, not the lowest of every targeted item.
Expected figures worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from yunwei.assessment import actions
from yunwei.assessment.compute import assess_periods
from yunwei.assessment.models import Scheme
from yunwei.core import measures
from yunwei.inventory.actions import do_ensure_standard_types, do_record_outage
from yunwei.inventory.models import AvailabilityTarget, ConfigItem


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_db_avail_reads_the_database_items_only(world):
    contract = world.a.contract
    types = do_ensure_standard_types(contract)
    db = ConfigItem.objects.create(contract=contract, item_type=types["database"],
                                   code="DB-001", name="业务数据库", attrs={"engine": "达梦"})
    web = ConfigItem.objects.create(contract=contract, item_type=types["host"], code="WEB-001",
                                    name="门户服务器", attrs={"os": "麒麟", "ip": "10.0.0.9"})
    for item in (db, web):
        AvailabilityTarget.objects.create(contract=contract, item=item, percent=Decimal("99.9"))
    june, july = dt.date(2026, 6, 10), dt.date(2026, 7, 10)
    do_record_outage(db, None, start=at(june, 2), end=at(june, 3), cause="数据库宕机")
    do_record_outage(web, None, start=at(june, 8), end=at(june, 18), cause="网站宕机")
    do_record_outage(web, None, start=at(july, 8), end=at(july, 18), cause="网站宕机")
    Scheme.objects.filter(contract=contract).delete()
    scheme = actions.do_create_scheme(contract, template="cloud-db-2022")
    a = assess_periods(scheme, as_of=at(dt.date(2026, 8, 1), 12))
    assert a.result is not None
    june_p, july_p = a.period("2026-06"), a.period("2026-07")
    # June, 30 days = 43,200 minutes: the database down 60 -> 1 - 60/43200 = 99.861 % < 99.9 %:
    # failed, one violation of 第十二条第 3 项, 1,000.00. (The web server down 600 minutes,
    # 1 - 600/43200 = 98.611 %, is the unfiltered lowest: not what the clause reads.)
    (line,) = [ln for ln in june_p.lines if ln.rule == "DB-AVAIL"]
    assert "99.861%" in line.zh and "98.611" not in line.zh
    assert [ev.ref for ev in line.evidence] == [f"inventory.configitem:{db.pk}"]
    assert [f.rule for f in june_p.failed] == ["DB-AVAIL"]
    assert june_p.fines == Decimal("1000.00")
    # July, 31 days: the database up (100 %) passes although the web server, down 600 of
    # 44,640 minutes (98.656 %), would fail an unfiltered floor
    assert july_p.failed == [] and july_p.fines == Decimal("0.00")
    values = [v for v in measures.collect(contract, ["availability"], at(june, 0),
                                          at(dt.date(2026, 7, 1), 0))]
    assert sorted((v.tags["item"], v.value) for v in values) == [
        ("DB-001", Decimal("99.861")), ("WEB-001", Decimal("98.611"))]


def test_a_month_with_no_database_item_is_not_judged(world):
    contract = world.a.contract
    types = do_ensure_standard_types(contract)
    web = ConfigItem.objects.create(contract=contract, item_type=types["host"], code="WEB-001",
                                    name="门户服务器", attrs={"os": "麒麟", "ip": "10.0.0.9"})
    AvailabilityTarget.objects.create(contract=contract, item=web, percent=Decimal("99.9"))
    Scheme.objects.filter(contract=contract).delete()
    scheme = actions.do_create_scheme(contract, template="cloud-db-2022")
    a = assess_periods(scheme, as_of=at(dt.date(2026, 8, 1), 12))
    june = a.period("2026-06")
    assert june.failed == []
    assert [p.rule for p in june.pending if p.rule == "DB-AVAIL"] == ["DB-AVAIL"]


def test_the_editor_chooses_the_items_a_threshold_reads(world):
    from yunwei.assessment.tests.test_assessment import login
    from yunwei.assessment.tests.test_editor import body

    contract = world.a.contract
    Scheme.objects.filter(contract=contract).delete()
    scheme = actions.do_create_scheme(contract, name="数据库运维")
    client = login(world.a.users["agency_admin"])
    url = f"/assessment/{scheme.pk}/rules/"
    definition = Scheme.objects.get(pk=scheme.pk).definition
    response = client.post(url, body(definition, periods="months", save="1", **{
        "new-kind": "threshold", "new-code": "DB-AVAIL", "new-title": "数据库运行率",
        "new-measure": "availability", "new-threshold_op": "min",
        "new-threshold_value": "99.9", "new-failed_period": "on"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    definition = Scheme.objects.get(pk=scheme.pk).definition
    page = client.get(url).content.decode()
    assert 'name="rule-0-filter_item_type"' in page and "配置项类型" in page
    # choose the database items: the rule reads them, its measure declares the filters
    response = client.post(url, body(definition, save="1",
                                     **{"rule-0-filter_item_type": "database、cache"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    definition = Scheme.objects.get(pk=scheme.pk).definition
    assert definition["rules"][0]["filter"] == {"item_type": ["database", "cache"]}
    assert set(definition["measures"]["availability"]["filters"]) == {"item_type", "item"}
    # an untouched save keeps it as written; clearing the field reads every item again
    assert client.post(url, body(definition, save="1")).status_code == 302
    assert Scheme.objects.get(pk=scheme.pk).definition == definition
    response = client.post(url, body(definition, save="1", **{"rule-0-filter_item_type": ""}))
    assert response.status_code == 302
    assert "filter" not in Scheme.objects.get(pk=scheme.pk).definition["rules"][0]
    # refused for the vendor
    vendor = login(world.a.users["vendor_pm"])
    assert vendor.post(url, body(definition, save="1", **{
        "rule-0-filter_item_type": "database"})).status_code == 403


def test_the_history_reads_a_changed_filter_in_words():
    from django.utils import translation

    from yunwei.assessment.definition import template_data
    from yunwei.assessment.history import definition_changes

    before = template_data("cloud-db-2022")
    after = template_data("cloud-db-2022")
    after["rules"][1]["filter"] = {"item_type": ["database", "cache"]}
    with translation.override("zh-hans"):
        rows = definition_changes(before, after)
        assert [(b, c) for a, b, c in rows if "计入的配置项" in a] == [
            ("配置项类型：database", "配置项类型：database、cache")]
    del after["rules"][1]["filter"]
    with translation.override("en"):
        rows = definition_changes(before, after)
        assert [(b, c) for a, b, c in rows if "items read" in a] == [
            ("item type: database", "every item")]
