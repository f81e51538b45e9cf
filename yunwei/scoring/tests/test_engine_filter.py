"""A threshold on a values measure read over some of its parts (`filter`): the database's
availability, not every item's. Expected figures worked out by hand in the comments."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal as D

import pytest

from yunwei.scoring.engine import (
    Contract,
    SchemeError,
    Value,
    assess,
    load_scheme,
    make_periods,
    template,
)

SCHEME = {
    "format": "yunwei.scheme/1", "code": "f", "name": "筛选", "periods": "months",
    "measures": {"availability": {
        "kind": "values", "label": {"zh": "运行率", "en": "availability"}, "unit": "%",
        "filters": {"item_type": {"label": {"zh": "类型", "en": "item type"}},
                    "item": {"label": {"zh": "配置项", "en": "item"}}}}},
    "rules": [
        {"code": "DB", "kind": "threshold", "measure": "availability", "min": 99.9,
         "filter": {"item_type": ["database"]}, "failed_period": True,
         "title": {"zh": "数据库运行率", "en": "database availability"}},
        {"code": "ALL", "kind": "threshold", "measure": "availability", "min": 99.9,
         "failed_period": True, "title": {"zh": "全部运行率", "en": "all availability"}}],
}
CONTRACT = Contract(D("100000.00"), dt.date(2026, 6, 1), dt.date(2026, 7, 31))


def _part(period: str, value: str, kind: str, code: str) -> Value:
    return Value("availability", period, D(value), f"inventory.configitem:{code}", code,
                 {"item_type": kind, "item": code})


def test_a_filtered_threshold_reads_only_the_chosen_parts():
    scheme = load_scheme(SCHEME)
    periods = make_periods(CONTRACT.start, CONTRACT.end, "months")
    # June (30 days = 43,200 min): the database down 60 min -> 1 - 60/43200 = 99.861 %;
    # the web server down 10 h -> 1 - 600/43200 = 98.611 %.
    # July (31 days = 44,640 min): the database up -> 100 %; the web server down 10 h ->
    # 1 - 600/44640 = 98.656 %.
    values = [_part("2026-06", "99.861", "database", "DB-001"),
              _part("2026-06", "98.611", "host", "WEB-001"),
              _part("2026-07", "100.000", "database", "DB-001"),
              _part("2026-07", "98.656", "host", "WEB-001"),
              # the unfiltered figure per month (the platform gives the lowest part)
              Value("availability", "2026-06", D("98.611"), "inventory.configitem:WEB-001"),
              Value("availability", "2026-07", D("98.656"), "inventory.configitem:WEB-001")]
    result = assess(scheme, CONTRACT, periods, [], values)
    failed = {(f.rule, f.period) for f in result.failed_periods}
    assert failed == {("DB", "2026-06"), ("ALL", "2026-06"), ("ALL", "2026-07")}
    june = {ln.rule: ln for ln in result.periods[0].lines}
    assert "2026-06 运行率（类型：database） 99.861%" in june["DB"].zh
    assert june["DB"].evidence[0].ref == "inventory.configitem:DB-001"
    assert "2026-06 运行率 98.611%" in june["ALL"].zh
    assert [ln.rule for ln in result.periods[1].lines] == ["ALL"]


def test_a_ceiling_reads_the_highest_chosen_part_and_no_chosen_part_is_pending():
    data = copy.deepcopy(SCHEME)
    data["rules"] = [{"code": "MAX", "kind": "threshold", "measure": "availability",
                      "max": 99, "filter": {"item": "WEB-001"}, "pending": True,
                      "title": "上限"}]
    scheme = load_scheme(data)
    periods = make_periods(CONTRACT.start, CONTRACT.end, "months")
    values = [_part("2026-06", "98.0", "host", "WEB-001"),
              _part("2026-06", "99.5", "host", "WEB-001"),
              _part("2026-07", "100", "database", "DB-001")]
    result = assess(scheme, CONTRACT, periods, [], values)
    (line,) = result.periods[0].lines  # 99.5 > 99: the highest of WEB-001's two
    assert "99.5%" in line.zh
    # July has parts but none is WEB-001: not given, cannot be judged, never guessed
    assert any(p.period == "2026-07" and "未提供" in p.zh for p in result.pending)


def test_a_period_given_as_one_figure_stands_for_the_chosen_parts():
    scheme = template("cloud-db-2022")
    contract = Contract(D("998000.00"), dt.date(2022, 6, 1), dt.date(2022, 6, 30))
    periods = make_periods(contract.start, contract.end, scheme.periods)
    result = assess(scheme, contract, periods, [], [Value("availability", "2022-06",
                                                          D("99.87"))])
    assert [f.rule for f in result.failed_periods] == ["DB-AVAIL"]


@pytest.mark.parametrize(("change", "where"), [
    ({"filter": {"colour": "red"}}, "filter.colour"),
    ({"filter": {"item": []}}, "filter.item"),
    ({"filter": "database"}, "filter"),
])
def test_bad_filters_are_refused_with_their_place(change, where):
    data = copy.deepcopy(SCHEME)
    data["rules"][0].update(change)
    with pytest.raises(SchemeError) as exc:
        load_scheme(data)
    assert any(where in place for place, _zh, _en in exc.value.problems)


def test_a_filter_needs_a_values_measure_that_declares_filters():
    data = copy.deepcopy(SCHEME)
    del data["measures"]["availability"]["filters"]
    with pytest.raises(SchemeError) as exc:
        load_scheme(data)
    assert any("filter" in place for place, _zh, _en in exc.value.problems)
    data = copy.deepcopy(SCHEME)
    data["measures"]["fault"] = {"kind": "events", "filters": {"x": {}}}
    with pytest.raises(SchemeError):
        load_scheme(data)
