"""The access matrix, built from the URL configuration: every route x every role x an object
of a foreign contract. A route whose view declares no access rule fails this test.

Rules (the view's `access` attribute):
  public         anyone (login, language, health)
  authenticated  any logged-in user; anonymous users are sent to log in
  superuser      system administrators only (403 for everybody else)
  scoped         the view declares scope_model and scope_action; restrict() decides
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from yunwei.core.roles import Role
from yunwei.core.scoping import can, contracts_for, scope_of

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Route:
    """One URL pattern with what the test needs to call it."""

    path: str  # regex-free template with {pk}
    name: str
    view: Any
    methods: tuple[str, ...]
    action_by_method: dict[str, str]
    is_api: bool
    extra_action: bool = False

    def __repr__(self) -> str:
        return self.name or self.path


def _template(pattern: str) -> str:
    pattern = pattern.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\.", ".")
    pattern = re.sub(r"\(\?P<pk>[^)]*\)", "{pk}", pattern)
    pattern = re.sub(r"<(?:\w+:)?pk>", "{pk}", pattern)
    pattern = re.sub(r"\(\?P<format>[^)]*\)", "json", pattern)
    pattern = pattern.replace("<drf_format_suffix:format>", ".json")
    pattern = pattern.replace("<slug:code>", "dispatch")
    pattern = re.sub(r"<(?:\w+:)?format>", "json", pattern).replace("/?", "")
    return "/" + pattern


def _walk(resolver: URLResolver, prefix: str = "", ns: str = ""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _walk(p, prefix + str(p.pattern), sub_ns)
        elif isinstance(p, URLPattern):
            yield ns + (p.name or ""), prefix + str(p.pattern), p.callback


def collect_routes() -> list[Route]:
    routes = []
    for name, pattern, callback in _walk(get_resolver()):
        if name.startswith("admin:"):
            continue  # the admin site: tested below as a whole (superusers only)
        view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
        actions = getattr(callback, "actions", None)
        initkwargs = getattr(callback, "view_initkwargs", None) or getattr(
            callback, "initkwargs", None) or {}
        is_api = hasattr(callback, "cls")
        extra_action = False
        if actions:
            method_actions = {m.upper(): a for m, a in actions.items()}
            mapping = {"list": "view", "retrieve": "view", "create": "add", "update": "change",
                       "partial_update": "change", "destroy": "delete"}
            action_by_method = {
                m: mapping.get(a) or getattr(getattr(view, a, None), "scope_action", "change")
                for m, a in method_actions.items()}
            extra_action = any(a not in mapping for a in method_actions.values())
        else:
            action = initkwargs.get("scope_action", getattr(view, "scope_action", "view"))
            handlers = [m for m in ("GET", "POST") if hasattr(view, m.lower())]
            methods = handlers if isinstance(view, type) and handlers else ["GET"]
            if "POST" not in methods and action in ("add", "change", "delete") \
                    and not isinstance(view, type):
                methods.append("POST")
            action_by_method = {m: (action if m == "POST" or action != "view" else "view")
                                for m in methods}
        routes.append(Route(_template(pattern), name, view, tuple(action_by_method),
                            action_by_method, is_api, extra_action))
    return routes


ROUTES = collect_routes()


def rule_of(route: Route) -> str:
    return getattr(route.view, "access", "")


def test_every_route_declares_an_access_rule():
    missing = [r.path for r in ROUTES if rule_of(r) not in
               {"public", "authenticated", "superuser", "scoped"}]
    assert not missing, f"routes without an access rule: {missing}"
    for route in ROUTES:
        if rule_of(route) == "scoped":
            scope_of(route.view.scope_model)  # raises when the model declares no Scope


def _client(user: Any) -> Client:
    key = getattr(user, "pk", None)
    if key not in CLIENTS:
        client = Client(enforce_csrf_checks=False)
        if user is not None:
            client.force_login(user)
        CLIENTS[key] = client
    return CLIENTS[key]


def _call(client: Client, method: str, url: str, is_api: bool):
    if method == "GET":
        return client.get(url)
    if method == "DELETE":
        return client.delete(url)
    if is_api:
        return client.generic(method, url, data="{}", content_type="application/json")
    return client.post(url, data={})


def _users(world) -> dict[str, Any]:
    users: dict[str, Any] = {f"a:{role}": world.a.users[role] for role in Role.values}
    users["anonymous"] = None
    return users


def _object_for(route: Route, side) -> Any:
    model = route.view.scope_model
    label = model._meta.label_lower
    return {
        "contracts.contract": side.contract,
        "contracts.membership": side.memberships[Role.VENDOR_ENGINEER],
        "assets.equipment": side.equipment,
        "organizations.organization": side.vendor,
        "calendars.workingcalendar": side.calendar,
        "calendars.slapolicy": side.policy,
        "calendars.slatarget": side.target,
        "calendars.pausereason": side.pause_reason,
        "calendars.holidayyear": WORLD_NATIONAL["year"],
        "calendars.holidayday": WORLD_NATIONAL["day"],
        "workorders.workorder": side.work_order,
        "workorders.attachment": side.attachment,
        "workorders.phonenotice": side.phone_notice,
        "workorders.mailbox": side.mailbox,
        "workorders.mailmessage": side.mail_message,
        "workorders.desksettings": side.desk,
        "workorders.notification": side.notification,
        "assessment.scheme": side.scheme,
        **{f"assessment.{key}": obj for key, obj in side.records.items()},
        "assessment.schemetier": side.scheme.tiers.first(),
        **{f"inventory.{key}": obj for key, obj in side.inventory.items()},
    }[label]


WORLD_NATIONAL: dict[str, Any] = {}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world (and one logged-in client per user) for the whole module, rolled back at the
    end: the matrix only makes calls that are refused, so it changes nothing."""
    from django.db import transaction

    from yunwei.testing import make_world

    with django_db_blocker.unblock(), transaction.atomic():
        built = make_world()
        WORLD_NATIONAL["year"] = built.holiday_year
        WORLD_NATIONAL["day"] = built.holiday_year.days.first()
        CLIENTS.clear()
        for user in [*built.a.users.values(), *built.b.users.values(), built.root, None]:
            _client(user)  # log in now, inside the module's transaction
        yield built
        transaction.set_rollback(True)


CLIENTS: dict[Any, Client] = {}


@pytest.mark.parametrize("route", ROUTES, ids=repr)
def test_route_matrix(route: Route, world):
    rule = rule_of(route)
    users = _users(world)
    for key, user in users.items():
        client = _client(user)
        for method in route.methods:
            action = route.action_by_method[method]
            foreign = own = None
            if "{pk}" in route.path:
                foreign = _object_for(route, world.b)
                own = _object_for(route, world.a)
            urls = [route.path.format(pk=o.pk) for o in (foreign, own) if o is not None] or [
                route.path]
            for url, obj in zip(urls, [o for o in (foreign, own) if o is not None] or [None],
                                strict=True):
                expected = expectation(rule, route, method, action, user, obj, world)
                if expected is None:
                    continue
                response = _call(client, method, url, route.is_api)
                assert response.status_code in expected, (
                    f"{key} {method} {url}: {response.status_code}, expected {expected}"
                )
                if obj is not None and obj is foreign and response.status_code == 404 \
                    and obj is not own:
                    assert str(obj).encode() not in response.content
                if response.status_code == 200 and user is not None \
                        and not getattr(response, "streaming", False):
                    leaked = [m for m in foreign_markers(world) if m.encode() in response.content]
                    assert not leaked, f"{key} {method} {url} shows {leaked}"


def expectation(rule: str, route: Route, method: str, action: str, user: Any, obj: Any,
                world) -> set[int] | None:
    """The status codes allowed for this call, or None to skip a call that would change data
    the user is allowed to change (those are covered by functional tests)."""
    anonymous = user is None
    if rule == "public":
        return None if method != "GET" else {200, 302, 405}
    if anonymous:
        if route.is_api:
            return {401, 403}
        return {302}
    if rule == "authenticated":
        return {200, 302, 405} if method == "GET" else None
    if rule == "superuser":
        return {403}
    model = route.view.scope_model
    if obj is not None:
        if not can(user, obj, "view"):
            return {404}
        if action == "view":
            only = getattr(route.view, "only_roles", None)
            if only is not None and not user.is_superuser and not obj_roles(user, obj) & only:
                return {403}
            return {200, 400} if route.extra_action else {200}  # 400: required parameters
        if can(user, obj, action):
            return {200} if method == "GET" else None
        return {403}
    # collection routes
    if action == "view":
        return {200}
    if action == "add":
        contracts = contracts_for(user, model, "add")
        only = getattr(route.view, "only_roles", None)
        if only is not None and not user.is_superuser:
            contracts = contracts.filter(memberships__user=user, memberships__role__in=only)
        allowed = contracts.exists()
        if method == "GET":
            return {200} if allowed else {403}
        return {400} if allowed else {403}  # an empty form or body is refused, never a 500
    return None


def foreign_markers(world) -> list[str]:
    """Strings that belong to contract B only: none may appear on any page of A's people."""
    b = world.b
    return [b.contract.number, b.contract.project_name, b.vendor.name, b.agency.name,
            b.work_order.number, b.equipment.name, b.users["vendor_engineer"].username,
            b.users["requester"].username]


def obj_roles(user: Any, obj: Any) -> set[str]:
    from yunwei.contracts.models import Membership

    if obj._meta.label_lower == "contracts.contract":
        contract_id = obj.pk
    elif hasattr(obj, "contract_id"):
        contract_id = obj.contract_id
    else:
        contract_id = obj.scheme.contract_id
    return set(Membership.objects.filter(user=user, contract_id=contract_id)
               .values_list("role", flat=True))


def test_lists_never_show_foreign_objects(world):
    for route in ROUTES:
        if rule_of(route) != "scoped" or "{pk}" in route.path or route.action_by_method.get(
                "GET") != "view":
            continue
        foreign = _object_for(route, world.b)
        if foreign is _object_for(route, world.a):
            continue  # national data (holiday arrangements) is the same for everybody
        for role in Role.values:
            client = _client(world.a.users[role])
            response = client.get(route.path)
            assert response.status_code == 200
            if route.is_api:
                ids = [row["id"] for row in response.json()["results"]]
                assert foreign.pk not in ids, (role, route.path)
            else:
                assert str(foreign).encode() not in response.content, (role, route.path)


def test_read_only_expert_gets_403_on_every_write_of_own_contract(world):
    expert = world.a.users[Role.EXPERT]
    client = _client(expert)
    checked = 0
    for route in ROUTES:
        if rule_of(route) != "scoped":
            continue
        for method, action in route.action_by_method.items():
            if action == "view":
                continue
            url = route.path.format(pk=_object_for(route, world.a).pk) if "{pk}" in route.path \
                else route.path
            response = _call(client, method, url, route.is_api)
            if "{pk}" in route.path and not can(expert, _object_for(route, world.a), "view"):
                assert response.status_code == 404
            else:
                assert response.status_code == 403, (method, url, response.status_code)
            checked += 1
    assert checked > 20


def test_admin_site_is_for_system_administrators_only(world):
    for role in Role.values:
        response = _client(world.a.users[role]).get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert _client(world.root).get("/admin/").status_code == 200


def test_anonymous_user_is_sent_to_login():
    response = Client().get("/contracts/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert AnonymousUser().is_authenticated is False
