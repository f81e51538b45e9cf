"""Every page a role may use is reachable by links, and no link leads to a refusal (issue #10).

For every role on contract A of the test world and for the system administrator, a crawler
follows same-origin GET links from the home page. The pages a role may open come from the URL
configuration and the scoping rules (as in tests/test_access_matrix.py), independently of the
templates: a route the role may open with GET but cannot reach by links fails, and so does a
link that answers 403, 404 or 500 (a button that leads to a refusal)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_access_matrix import ROUTES, Route, _object_for, rule_of
from yunwei.core.roles import Role
from yunwei.core.scoping import can, contracts_for, scope_of

pytestmark = pytest.mark.django_db

#: GET routes no link needs to lead to, and why.
NOT_LINKED = {
    "home": "the start page",
    "login": "public",
    "set_language": "a form (POST)",
    "healthz": "for load balancers",
    "favicon": "the browser asks for it",
    "api-schema": "machine-readable; the docs page reads it",
    "api-me": "JSON API",
    "calendars:slapolicy_calculate": "the deadline calculator form of the SLA policy page",
    "assets:equipment_list": "the old equipment ledger's address: a redirect to the items",
    "assets:equipment_detail": "an old ledger line's address: a redirect to its item",
    "inventory:inspectionround_sw": "the rounds' service worker, registered by the round page",
}
#: Action pages shown only in some states of a work order (the world's orders are new).
STATEFUL = {"workorders:workorder_act",
            "workorders:desksettings_add"}  # only for a contract without desk settings


def _get_routes() -> list[Route]:
    return [r for r in ROUTES if not r.is_api or r.name == "api-docs"
            if ("GET" in r.methods and hasattr(r.view, "get")) or r.name == "api-docs"]


def may_open(route: Route, user: Any, world) -> bool:
    """Whether the user may open this route with GET: the access rule and the scope."""
    rule = rule_of(route)
    if rule == "public":
        return False
    if rule == "authenticated":
        return True
    if rule == "superuser":
        return user.is_superuser
    if route.name == "calendars:holidaysubmission_add" and user.is_superuser:
        return False  # the system administrator imports a year directly; others submit it
    model = route.view.scope_model
    # what the view checks: an add route is built with scope_action="add" (an initkwarg)
    suffix = route.name.rsplit("_", 1)[-1]
    action = {"add": "add", "edit": "change", "delete": "delete"}.get(
        suffix, getattr(route.view, "scope_action", "view"))
    only = getattr(route.view, "only_roles", None)
    if "{pk}" in route.path:
        obj = _object_for(route, world.a)
        if route.name == "assessment:objection_edit":  # the vendor's text: only who filed it
            from yunwei.assessment.actions import may_edit_objection

            return can(user, obj, "view") and may_edit_objection(user, obj)
        if not can(user, obj, "view") or not can(user, obj, action):
            return False
        if only is not None and not user.is_superuser:
            from tests.test_access_matrix import obj_roles

            return bool(obj_roles(user, obj) & only)
        return True
    if user.is_superuser:
        return True
    from yunwei.contracts.models import Membership

    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    if action == "view":
        return bool(roles & scope_of(model).allowed_roles("view")) and (
            only is None or bool(roles & only))
    contracts = contracts_for(user, model, action)
    if only is not None:
        contracts = contracts.filter(memberships__user=user, memberships__role__in=only)
    return contracts.exists()


def test_every_page_reachable_and_no_link_refused(crawl_world, crawled):
    world = crawl_world
    routes = [r for r in _get_routes() if r.name not in NOT_LINKED and r.name not in STATEFUL]
    problems = []
    total = 0
    for key, (user, _client, result) in crawled.items():
        for source, url, status in result.refused:
            problems.append(f"{key}: link {url} on {source} answers {status}")
        for route in routes:
            if may_open(route, user, world):
                total += 1
                if route.name not in result.reached:
                    problems.append(f"{key}: {route.name} ({route.path}) is not linked")
    print(f"crawled {len(routes)} routes x {len(crawled)} roles: {total} route-role pairs, "
          f"{sum(len(r.pages) for _, _c, r in crawled.values())} pages")
    assert not problems, "\n".join(problems)


def test_roles_are_all_crawled(crawled):
    assert set(crawled) == {*Role.values, "system_admin"}
    for key, (_, _c, result) in crawled.items():
        assert len(result.pages) > 3, key
