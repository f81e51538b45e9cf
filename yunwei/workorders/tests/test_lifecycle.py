"""The lifecycle table itself (pure)."""

from __future__ import annotations

import pytest

from yunwei.workorders import lifecycle as lc


def test_table_is_consistent():
    for t in lc.TRANSITIONS:
        assert t.sources <= set(lc.ALL_STATES), t.code
        assert t.target is None or t.target in lc.ALL_STATES, t.code
        assert t.roles or t.requester, t.code
        assert "expert" not in t.roles and "supervisor" not in t.roles
        assert set(t.clocks.values()) <= {"start", "pause", "resume", "stop", "extend"}
    assert not [t for t in lc.TRANSITIONS if lc.CLOSED in t.sources]  # closed is final


def test_every_open_state_can_move_on():
    for state in lc.OPEN_STATES:
        assert any(state in t.sources and t.target not in (None, state)
                   for t in lc.TRANSITIONS), state


@pytest.mark.parametrize(("code", "state", "roles", "requester", "fragment"), [
    ("confirm", lc.IN_PROGRESS, set(), True, "处理中时不能确认关闭"),
    ("confirm", lc.PENDING, {"service_desk"}, False, "您的角色不能确认关闭"),
    ("resolve", lc.IN_PROGRESS, {"vendor_engineer"}, False,
     "请先填写：问题分析、解决步骤、验证结果"),
    ("accept", lc.CLOSED, {"service_desk"}, False, "已关闭时不能受理"),
    ("fly", lc.NEW, {"service_desk"}, False, "未知操作"),
])
def test_refusals_say_why(code, state, roles, requester, fragment):
    with pytest.raises(lc.TransitionError, match=fragment):
        lc.check(code, state, roles, requester, filled={})


def test_resolve_passes_when_the_record_is_complete():
    filled = dict.fromkeys(lc.RESOLUTION_FIELDS, True)
    assert lc.check("resolve", lc.IN_PROGRESS, {"vendor_engineer"}, False, filled).target == \
        lc.PENDING
