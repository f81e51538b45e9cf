"""The lifecycle table itself (pure)."""

from __future__ import annotations

import pytest

from yunwei.workorders import lifecycle as lc


def test_table_is_consistent():
    for t in lc.TRANSITIONS:
        assert t.sources <= set(lc.ALL_STATES), t.code
        assert t.target is None or t.target in lc.ALL_STATES, t.code
        assert t.roles, t.code
        assert "expert" not in t.roles and "supervisor" not in t.roles
        assert set(t.clocks.values()) <= {"start", "pause", "resume", "stop", "extend"}
    assert not [t for t in lc.TRANSITIONS if lc.CLOSED in t.sources]  # closed is final


def test_every_open_state_can_move_on():
    for state in lc.OPEN_STATES:
        assert any(state in t.sources and t.target not in (None, state)
                   for t in lc.TRANSITIONS), state


@pytest.mark.parametrize(("code", "state", "roles", "fragment"), [
    ("confirm", lc.IN_PROGRESS, {"owner"}, "处理中时不能确认关闭"),
    ("confirm", lc.PENDING, {"service_desk"}, "您的角色不能确认关闭"),
    ("resolve", lc.IN_PROGRESS, {"vendor_engineer", "assignee"},
     "请先填写：问题分析、解决步骤、验证结果"),
    ("resolve", lc.IN_PROGRESS, {"vendor_engineer"}, "只有该工单的处理人或项目经理可以提交确认"),
    ("start", lc.DISPATCHED, {"vendor_engineer"}, "只有该工单的处理人或项目经理可以开始处理"),
    ("accept", lc.CLOSED, {"service_desk"}, "已关闭时不能受理"),
    ("fly", lc.NEW, {"service_desk"}, "未知操作"),
    ("arrive", lc.IN_PROGRESS, {"vendor_pm"}, "已记录到场时间"),
    ("approve_pause", lc.IN_PROGRESS, {"owner"}, "没有等待同意的挂起申请"),
    ("suspend", lc.IN_PROGRESS, {"service_desk"}, "已有挂起申请等待服务对象同意"),
])
def test_refusals_say_why(code, state, roles, fragment):
    filled = {"on_site_at": code == "arrive", "pending_pause": code == "suspend"}
    with pytest.raises(lc.TransitionError, match=fragment):
        lc.check(code, state, roles, filled=filled)


def test_resolve_passes_when_the_record_is_complete():
    filled = dict.fromkeys(lc.RESOLUTION_FIELDS, True)
    assert lc.check("resolve", lc.IN_PROGRESS, {"vendor_engineer", "assignee"},
                    filled).target == lc.PENDING
    assert lc.check("resolve", lc.IN_PROGRESS, {"vendor_pm"}, filled).target == lc.PENDING


def test_actor_roles_add_owner_and_assignee_only_where_they_hold():
    assert lc.actor_roles({"requester"}, is_requester=True, is_assignee=False) == {
        "requester", "owner"}
    # an assignee who is no longer a vendor member on the contract is no assignee
    assert lc.actor_roles(set(), is_requester=False, is_assignee=True) == set()
    assert lc.actor_roles({"vendor_engineer"}, is_requester=False, is_assignee=True) == {
        "vendor_engineer", "assignee"}


# Who may edit what, when: written out by hand from the contract practice (not from the table).
EDITS = [
    # field, state, roles, allowed
    ("problem_analysis", lc.IN_PROGRESS, {"vendor_engineer", "assignee"}, True),
    ("problem_analysis", lc.IN_PROGRESS, {"vendor_engineer"}, False),  # not the assignee
    ("problem_analysis", lc.IN_PROGRESS, {"vendor_pm"}, True),
    ("problem_analysis", lc.IN_PROGRESS, {"requester", "owner"}, False),
    ("problem_analysis", lc.IN_PROGRESS, {"service_desk"}, False),
    ("problem_analysis", lc.PENDING, {"vendor_engineer", "assignee"}, False),  # frozen
    ("problem_analysis", lc.PENDING, {"vendor_pm"}, False),
    ("verification", lc.SUSPENDED, {"vendor_engineer", "assignee"}, True),
    ("title", lc.NEW, {"requester", "owner"}, True),
    ("title", lc.ACCEPTED, {"requester", "owner"}, False),
    ("title", lc.IN_PROGRESS, {"service_desk"}, True),
    ("description", lc.IN_PROGRESS, {"vendor_engineer", "assignee"}, False),
    ("attachment", lc.IN_PROGRESS, {"requester", "owner"}, False),
    ("attachment", lc.NEW, {"requester", "owner"}, True),
    ("attachment", lc.IN_PROGRESS, {"vendor_engineer", "assignee"}, True),
    ("attachment", lc.PENDING, {"vendor_engineer", "assignee"}, False),
    ("attachment", lc.PENDING, {"service_desk"}, False),
]


@pytest.mark.parametrize(("name", "state", "roles", "allowed"), EDITS)
def test_who_may_edit_what_and_when(name, state, roles, allowed):
    if allowed:
        lc.check_edit([name], state, roles)
    else:
        with pytest.raises(lc.TransitionError):
            lc.check_edit([name], state, roles)


def test_a_submitted_record_says_how_to_change_it():
    with pytest.raises(lc.TransitionError, match="请先撤回"):
        lc.check_edit(["verification"], lc.PENDING, {"vendor_engineer", "assignee"})
