"""The access matrix: every route (UI and API) x every role, the system administrator and an
anonymous visitor, on an object of the user's own contract and on one of a foreign contract.

The expected answers come from the table below (ACCESS, STEPS), written as data from
docs/domains/*.md and the lifecycle in docs/domains/workorders.md; nothing here asks the
scoping functions under test what the answer should be. Permitted writes are made for real,
with valid bodies, each in a savepoint rolled back afterwards (deletes on a fresh object), so
no case depends on another.

Rules a view declares (its `access` attribute) are checked too: a route without one fails.
  public         anyone (login, language, health)
  authenticated  any logged-in user; anonymous users are sent to log in
  superuser      system administrators only (403 for everybody else)
  scoped         the view declares scope_model; the table below says who may do what

Where the product disagrees with the table because of a bug someone is fixing now, the case
is listed in KNOWN_BUGS: the test is marked xfail with the finding, and fails (strictly) as
soon as the product agrees, so that the entry is removed with the fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# -- who may do what: the independent table ----------
ADMIN, LIAISON, DESK, REQUESTER = "agency_admin", "agency_liaison", "service_desk", "requester"
PM, ENGINEER, SUPERVISOR, EXPERT = "vendor_pm", "vendor_engineer", "supervisor", "expert"
ROLES = (ADMIN, LIAISON, DESK, REQUESTER, PM, ENGINEER, SUPERVISOR, EXPERT)
ROOT, ANON = "system_admin", "anonymous"
EVERY = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()


def _s(*roles: str) -> frozenset[str]:
    return frozenset(roles)


_TERMS = {  # calendar.md: "Edited by the agency administrator, read-only for the vendor,
    # supervisor and expert". Silent on the liaison and the desk: they read the terms too
    # (the desk picks the level at intake). Requesters see their own work orders only.
    "view": EVERY - {REQUESTER}, "add": _s(ADMIN), "change": _s(ADMIN), "delete": _s(ADMIN)}
_RECORDS = {  # assessment.md: "Entered by the agency or the supervisor"; the vendor, supervisor
    # and expert read them. Silent on deleting: the agency administrator (who owns the scheme).
    "view": EVERY - {REQUESTER}, "add": _s(ADMIN, LIAISON, SUPERVISOR),
    "change": _s(ADMIN, LIAISON, SUPERVISOR), "delete": _s(ADMIN)}
_SCHEME = {  # assessment.md: "the agency administrator edits its rules and tiers (the
    # vendor, supervisor and expert read them)"; silent on the liaison and desk (they read).
    "view": EVERY - {REQUESTER}, "add": _s(ADMIN), "change": _s(ADMIN), "delete": _s(ADMIN),
    # "the agency administrator decides each pending line on the score page"
    "decide": _s(ADMIN)}
_NATIONAL = {  # calendar.md: holiday arrangements are entered by system administrators; they
    # are national data, read by everyone who holds a role anywhere.
    "view": EVERY, "add": NOBODY, "change": NOBODY, "delete": NOBODY}

_INV_PLANNING = {"view": EVERY - {REQUESTER}, "add": _s(ADMIN, PM), "change": _s(ADMIN, PM),
                 "delete": _s(ADMIN, PM)}
_OPS_TERMS = {"view": EVERY - {REQUESTER}, "add": _s(ADMIN), "change": _s(ADMIN),
              "delete": _s(ADMIN)}
_OPS_WORK = {"view": EVERY - {REQUESTER}, "add": _s(ADMIN, PM, ENGINEER),
             "change": _s(ADMIN, PM, ENGINEER, LIAISON), "delete": _s(ADMIN, PM)}
_STAFF_TERMS = _OPS_TERMS

#: model key -> action -> roles allowed on the contract. The system administrator may do
#: everything (parties-and-contracts.md: "System administrator is global (superuser)").
ACCESS: dict[str, dict[str, frozenset[str]]] = {
    # parties-and-contracts.md, the role table
    "contract": {"view": EVERY, "add": NOBODY, "change": _s(ADMIN), "delete": NOBODY,
                 # workorders.md, dashboard: the contract's figures; requesters see their
                 # own work orders only, not the contract's figures
                 "dashboard": EVERY - {REQUESTER}},
    "membership": {"view": EVERY, "add": _s(ADMIN), "change": _s(ADMIN), "delete": _s(ADMIN)},
    "equipment": {"view": EVERY - {REQUESTER}, "add": _s(ADMIN, PM, ENGINEER),
                  "change": _s(ADMIN, PM, ENGINEER), "delete": _s(ADMIN, PM)},
    "organization": {"view": EVERY, "add": NOBODY, "change": NOBODY, "delete": NOBODY},
    # issue #10: the agency administrator reads the audit trail of the contract, the
    # supervising firm too (read-only); nobody writes it through a page
    "auditevent": {"view": _s(ADMIN, SUPERVISOR), "add": NOBODY, "change": NOBODY,
                   "delete": NOBODY},
    # calendar.md
    "holidayyear": _NATIONAL, "holidayday": _NATIONAL,
    # issue #10: an agency administrator (of any contract) submits the notice; only the
    # system administrator confirms or rejects it; everyone reads the national submissions
    "holidaysubmission": {"view": EVERY, "add": _s(ADMIN), "review": NOBODY},
    "workingcalendar": _TERMS, "slapolicy": _TERMS, "slatarget": _TERMS, "pausereason": _TERMS,
    # workorders.md
    "workorder": {
        "view": EVERY,  # requesters: their own only (OWNED)
        # Silent on who logs through the API and self-service beyond the desk and requesters:
        # the product lets the agency side and the vendor PM log calls too, never engineers
        # (they work orders, they do not open them), supervisors or experts.
        "add": _s(DESK, ADMIN, LIAISON, PM, REQUESTER),
        "desk_intake": _s(DESK, ADMIN, LIAISON, PM),  # requesters use self-service
        "report": _s(DESK, ADMIN, LIAISON, PM, REQUESTER),  # reports for oneself
        # who may take at least one step (STEPS below): the act page and comments
        "change": _s(DESK, ADMIN, PM, ENGINEER, REQUESTER),
        # the engineer's record and files: those who take steps pass the access check; which
        # of them may write the record or attach a file in which state is the lifecycle's
        # edit rule (workorders.md, "Who edits what, when"; the work order tests), so these
        # routes may answer a permitted user 400 or send them back with the reason
        "record": _s(DESK, ADMIN, PM, ENGINEER, REQUESTER),
    },
    "attachment": {"view": EVERY},  # as the work order (requesters: their own orders')
    "notification": {"view": EVERY, "change": EVERY - {EXPERT}},  # each user's own
    # workorders.md, phone first: the desk records the call to the engineer; those who work
    # the order mark it solved. Silent on viewing: everybody but requesters.
    "phonenotice": {"view": EVERY - {REQUESTER}, "add": _s(DESK, ADMIN),
                    "change": _s(DESK, PM, ENGINEER, ADMIN)},
    # Desk settings are contract terms (as calendars): the agency administrator sets them.
    "desksettings": {"view": EVERY - {REQUESTER}, "add": _s(ADMIN), "change": _s(ADMIN)},
    # Mailboxes hold credentials: the agency administrator and the vendor PM keep them, the
    # desk sees them and retries quarantined messages. Nobody else.
    "mailbox": {"view": _s(ADMIN, DESK, PM), "add": _s(ADMIN, PM), "change": _s(ADMIN, PM),
                "delete": _s(ADMIN, PM)},
    "mailmessage": {"view": _s(ADMIN, DESK, PM), "change": _s(ADMIN, DESK, PM)},
    # assessment.md
    "scheme": _SCHEME,
    "accident": _RECORDS, "personnelrecord": _RECORDS, "quarterevaluation": _RECORDS,
    "praise": _RECORDS, "manualentry": _RECORDS,
    # "the vendor PM files one on a line, the agency administrator answers": answering is the
    # agency's change; nobody deletes an objection (the answer is kept). "The rule, evidence
    # and text are the vendor's: only who filed it edits them" (the fixture's is the PM's).
    "objection": {"view": EVERY - {REQUESTER}, "add": _s(PM), "change": _s(ADMIN),
                  "edit": _s(PM), "delete": NOBODY},
    # Silent: payment milestones are contract money terms, the agency administrator's.
    "paymentmilestone": {"view": EVERY - {REQUESTER}, "add": _s(ADMIN), "change": _s(ADMIN),
                         "delete": _s(ADMIN)},
    # deliverables.md: the register is contract terms (the agency administrator's); the
    # vendor submits, the type's reviewer role (the world's type: the agency administrator)
    # reviews; the agency organises acceptance, agency or supervisor raise findings, the
    # vendor PM requests, rectifies and countersigns; opinions are entered by the agency.
    "documenttype": _TERMS,
    "deliverable": {"view": EVERY - {REQUESTER}, "submit": _s(PM, ENGINEER),
                    "review": _s(ADMIN)},
    "submission": {"view": EVERY - {REQUESTER}},
    "acceptance": {"view": EVERY - {REQUESTER}, "add": _s(ADMIN), "change": _s(ADMIN),
                   "delete": _s(ADMIN), "request": _s(PM), "opinion": _s(ADMIN, LIAISON),
                   "finding": _s(ADMIN, LIAISON, SUPERVISOR), "sign": _s(ADMIN, PM)},
    "finding": {"view": EVERY - {REQUESTER}, "rectify": _s(PM)},
    # inventory.md: work order links are kept as the ledger ("Import needs 'add' on items")
    "workorderitem": {"view": EVERY - {REQUESTER}, "add": _s(ADMIN, PM, ENGINEER),
                      "change": _s(ADMIN, PM, ENGINEER), "delete": _s(ADMIN, PM)},
    "opinion": {"view": EVERY - {REQUESTER}},
    # inventory.md, the role table: item types, templates, checks, plans and maintenance
    # windows are planned by the agency admin and the vendor PM; the ledger is kept by them
    # and the vendor engineer (deleted by the planners); outages also by the service desk;
    # availability targets are contract terms (the agency admin's). Rounds are made by the job
    # system (their record, sync and review steps are tested in the inventory app).
    "itemtype": _INV_PLANNING, "inspectiontemplate": _INV_PLANNING,
    "templatecheck": _INV_PLANNING, "inspectionplan": _INV_PLANNING,
    "maintenancewindow": _INV_PLANNING,
    "configitem": {"view": EVERY - {REQUESTER}, "add": _s(ADMIN, PM, ENGINEER),
                   "change": _s(ADMIN, PM, ENGINEER), "delete": _s(ADMIN, PM)},
    "inspectionround": {"view": EVERY - {REQUESTER}, "add": NOBODY, "delete": NOBODY},
    "outage": {"view": EVERY - {REQUESTER}, "add": _s(ADMIN, PM, ENGINEER, DESK),
               "change": _s(ADMIN, PM, ENGINEER, DESK), "delete": _s(ADMIN, PM)},
    "availabilitytarget": {"view": EVERY - {REQUESTER}, "add": _s(ADMIN), "change": _s(ADMIN),
                           "delete": _s(ADMIN)},
    # operations.md, the role table: the procedure's terms are the agency admin's; accidents
    # are opened by everyone of the procedure (each step checks its party: the steps are
    # tested in the operations app) and deleted by the agency admin; records, changes and
    # vulnerabilities are entered by the agency admin and the vendor, corrected by the liaison
    # too, deleted by the agency admin and the vendor PM.
    "accidentlevel": _OPS_TERMS, "operationsterm": _OPS_TERMS,
    "vulnerabilitydeadline": _OPS_TERMS, "operationspolicy": _OPS_TERMS,
    "opsaccident": {"view": EVERY - {REQUESTER}, "add": _s(ADMIN, LIAISON, PM, ENGINEER,
                                                           SUPERVISOR),
                    "change": _s(ADMIN, LIAISON, PM, ENGINEER, SUPERVISOR),
                    "delete": _s(ADMIN)},
    "operationsrecord": _OPS_WORK, "change": _OPS_WORK, "vulnerability": _OPS_WORK,
    # staffing.md, the role table: the staffing terms, posts and shift patterns are the
    # agency admin's; special periods the agency admin's and the liaison's. (People, leave,
    # rosters, swaps and attendance have owner and publication rules: tested in the app.)
    "staffingterms": _STAFF_TERMS, "post": _STAFF_TERMS, "shiftpattern": _STAFF_TERMS,
    "specialperiod": {"view": EVERY - {REQUESTER}, "add": _s(ADMIN, LIAISON),
                      "change": _s(ADMIN, LIAISON), "delete": _s(ADMIN, LIAISON)},
}

#: Table keys of the domain apps -> the model's label (their objects are made by
#: yunwei.<app>.testing.make_<app>(); "opsaccident" is the operations app's accident, the
#: assessment's hand-entered one being "accident").
DOMAIN_KEYS: dict[str, str] = {
    **{k: f"inventory.{k}" for k in (
        "itemtype", "inspectiontemplate", "templatecheck", "inspectionplan",
        "maintenancewindow", "configitem", "inspectionround", "outage", "availabilitytarget")},
    **{k: f"operations.{k}" for k in (
        "accidentlevel", "operationsterm", "vulnerabilitydeadline", "operationspolicy",
        "operationsrecord", "change", "vulnerability")},
    "opsaccident": "operations.accident",
    **{k: f"staffing.{k}" for k in ("staffingterms", "post", "shiftpattern", "specialperiod")},
}

#: Roles that see only the objects they own: model key -> (roles, attribute path to the owner).
OWNED: dict[str, tuple[frozenset[str], str]] = {
    "workorder": (_s(REQUESTER), "requester_id"),
    "attachment": (_s(REQUESTER), "work_order.requester_id"),
    "membership": (_s(REQUESTER), "user_id"),  # "requesters only their own"
    "notification": (EVERY, "user_id"),
}

# workorders.md / the lifecycle table: step -> (from state, to state, roles, the requester).
NEW, ACCEPTED, DISPATCHED, IN_PROGRESS = "new", "accepted", "dispatched", "in_progress"
SUSPENDED, PENDING, CLOSED = "suspended", "pending_confirmation", "closed"
#: The assigned engineer acts in this test (ASSIGNEE in workorders.md): order_in() dispatches
#: every order to him. Steps that need a consent-required pause (approve_pause,
#: refuse_pause) are left to the work order tests.
STEPS: dict[str, tuple[str, str, frozenset[str], bool]] = {
    "accept": (NEW, ACCEPTED, _s(DESK, PM, ADMIN), False),
    "dispatch": (NEW, DISPATCHED, _s(DESK, PM), False),
    "start": (DISPATCHED, IN_PROGRESS, _s(ENGINEER, PM), False),
    "arrive": (DISPATCHED, IN_PROGRESS, _s(ENGINEER, PM), False),
    "suspend": (IN_PROGRESS, SUSPENDED, _s(DESK, PM, ENGINEER), False),
    "resume": (SUSPENDED, IN_PROGRESS, _s(DESK, PM, ENGINEER), False),
    "extend": (IN_PROGRESS, IN_PROGRESS, _s(DESK, PM), False),
    "escalate": (IN_PROGRESS, IN_PROGRESS, _s(DESK, PM, ENGINEER), False),
    "resolve": (IN_PROGRESS, PENDING, _s(ENGINEER, PM), False),
    "withdraw": (PENDING, IN_PROGRESS, _s(ENGINEER, PM), False),
    "confirm": (PENDING, CLOSED, NOBODY, True),  # the requester's own signature only
    "phone_confirm": (PENDING, CLOSED, _s(DESK), False),
    "reopen": (PENDING, IN_PROGRESS, _s(DESK), True),
}

#: Disagreements of the product with the table that are being fixed right now (issue #9).
#: A case listed here is xfail; the test fails when the product agrees, so remove it then.
KNOWN_BUGS: dict[tuple[str, ...], str] = {
    # Fixed on main before this test landed, and so no longer listed: the engineer's 403 on
    # POST /api/workorders/{id}/transition/, a requester logging in another requester's name
    # through the API, deleting the contract's last agency administrator, the 500 of
    # /workorders/mail/ for system administrators, a requester overwriting the engineer's
    # record. Example of an entry (a route cell, or a lifecycle step):
    #   ("step", "api", "start", ENGINEER): "the API refuses the engineer's step",
}


def may(user_key: str, model: str, action: str) -> bool:
    """The table's answer for a role on its own contract (owner rules apart)."""
    if user_key == ROOT:
        return True
    return user_key in ACCESS[model].get(action, NOBODY)


# -- routes ----------
@dataclass(frozen=True)
class Route:
    """One URL pattern with what the test needs to call it."""

    path: str  # regex-free template with {pk}
    name: str
    view: Any
    methods: tuple[str, ...]
    is_api: bool
    suffix: bool  # the API's format-suffix twin of another route (.json)

    def __repr__(self) -> str:
        return self.path

    @property
    def action_by_method(self) -> dict[str, str]:
        """Method -> action from the table ("view" for lists and unscoped pages; used by
        tests/test_bad_input.py to find the list pages)."""
        if rule_of(self) != "scoped":
            return dict.fromkeys(self.methods, "view")
        return {m: "view" if cell_of(self, m)[1] == "list" else cell_of(self, m)[1]
                for m in self.methods}


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


def rule_of(route: Route) -> str:
    return getattr(route.view, "access", "")


def collect_routes() -> list[Route]:
    routes = []
    for name, pattern, callback in _walk(get_resolver()):
        if name.startswith("admin:"):
            continue  # the admin site: tested below as a whole (superusers only)
        view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
        actions = getattr(callback, "actions", None)
        if actions:
            methods = tuple(m.upper() for m in actions)
        elif isinstance(view, type):
            methods = tuple(m for m in ("GET", "POST") if hasattr(view, m.lower())) or ("GET",)
        else:
            methods = ("GET",)
        path = _template(pattern)
        routes.append(Route(path, name, view, methods, hasattr(callback, "cls"),
                            path.endswith(".json")))
    return routes


#: Apps whose routes the independent table below covers, role by role. Routes of the domain
#: apps added since (staffing, …) are held to tenant isolation by test_domain_route_isolation
#: (a foreign contract's object answers 404 and shows nothing, to every role) and to their
#: own role tables by their apps' tests.
TABLE_APPS = {"contracts", "organizations", "assets", "calendars", "workorders", "assessment",
              "core", "deliverables"}


def app_of(route: Route) -> str:
    """The app label of a scoped route's model ("" for unscoped routes)."""
    model = getattr(route.view, "scope_model", None)
    return model._meta.app_label if model is not None else ""


#: Step routes of the domain apps that the table holds beside their plain routes (see
#: PLAIN_TABLE_APPS): the inventory's import (needs "add" on items).
TABLE_ROUTES = {"configitem-import"}

ALL_ROUTES = collect_routes()
ROUTES = [r for r in ALL_ROUTES if rule_of(r) != "scoped" or app_of(r) in TABLE_APPS]
DOMAIN_ROUTES = [r for r in ALL_ROUTES if rule_of(r) == "scoped"
                 and app_of(r) not in TABLE_APPS]


#: UI route name suffix -> action; API route name suffix and method -> action.
UI_ACTIONS = {"list": "list", "add": "add", "detail": "view", "edit": "change",
              "delete": "delete"}
API_ACTIONS = {"list": {"GET": "list", "POST": "add"},
               "detail": {"GET": "view", "PUT": "change", "PATCH": "change",
                          "DELETE": "delete"}}
#: Routes whose POST is a lifecycle step: on the own contract, see test_lifecycle_steps.
STEP_ROUTES = {"workorders:workorder_act", "workorder-transition"}
#: API steps of the deliverables app: a permitted role passes the access check (the step may
#: still be refused for the fixture's state, 400 with its reason; the pages answer a redirect
#: with a message then); the steps themselves are tested in deliverables/tests/test_api.py.
API_STEP_ROUTES = {"configitem-import", "deliverable-submit", "deliverable-review",
                   "acceptance-request", "acceptance-opinion", "acceptance-finding",
                   "acceptance-sign", "finding-rectify"}
#: Routes that are not plain list/add/detail/edit/delete: name -> (model key, action).
SPECIAL: dict[str, tuple[str, str]] = {
    "workorder-events": ("workorder", "view"),
    "workorder-comments": ("workorder", "change"),  # as the page's comment box
    "workorder-transition": ("workorder", "change"),
    "workingcalendar-deadline": ("workingcalendar", "view"),
    "holidayyear-import-notice": ("holidayyear", "add"),
    "calendars:holidaysubmission_confirm": ("holidaysubmission", "review"),
    "calendars:holidaysubmission_reject": ("holidaysubmission", "review"),
    "workorders:workorder_add": ("workorder", "desk_intake"),
    "workorders:workorder_report": ("workorder", "report"),
    "workorders:dashboard": ("contract", "dashboard"),
    "workorders:workorder_act": ("workorder", "change"),
    "workorders:workorder_print": ("workorder", "view"),
    "workorders:workorder_record": ("workorder", "record"),
    "workorders:workorder_comment": ("workorder", "change"),
    "workorders:attachment_download": ("attachment", "view"),
    "workorders:notification_list": ("notification", "list"),
    "workorders:notification_read": ("notification", "change"),
    "workorders:phonenotice_solve": ("phonenotice", "change"),
    "workorders:mailbox_poll": ("mailbox", "change"),
    "workorders:mailmessage_retry": ("mailmessage", "change"),
    "calendars:slapolicy_calculate": ("slapolicy", "view"),
    "assessment:scheme_score": ("scheme", "view"),
    "assessment:scheme_statement": ("scheme", "view"),
    "assessment:scheme_statement_pdf": ("scheme", "view"),
    "assessment:scheme_definition": ("scheme", "change"),  # the rules-and-tiers editor
    "assessment:objection_answer": ("objection", "change"),
    "assessment:objection_edit": ("objection", "edit"),
    "assessment:scheme_decide": ("scheme", "decide"),
    "deliverables:deliverable_submit": ("deliverable", "submit"),
    "deliverables:deliverable_review": ("deliverable", "review"),
    "deliverables:deliverable_report": ("deliverable", "view"),
    "deliverables:submission_download": ("submission", "view"),
    "deliverables:acceptance_package": ("acceptance", "view"),
    "deliverables:acceptance_request": ("acceptance", "request"),
    "deliverables:acceptance_opinion": ("acceptance", "opinion"),
    "deliverables:acceptance_finding": ("acceptance", "finding"),
    "deliverables:acceptance_sign": ("acceptance", "sign"),
    "deliverables:finding_rectify": ("finding", "rectify"),
    "audit_log": ("auditevent", "view"),
    "deliverable-submit": ("deliverable", "submit"),
    "deliverable-review": ("deliverable", "review"),
    "deliverable-report": ("deliverable", "view"),  # the drafted report, as the page's
    "acceptance-request": ("acceptance", "request"),
    "acceptance-opinion": ("acceptance", "opinion"),
    "acceptance-finding": ("acceptance", "finding"),
    "acceptance-sign": ("acceptance", "sign"),
    "finding-rectify": ("finding", "rectify"),
    # assessment.md: the API offers the score page's steps
    "scheme-score": ("scheme", "view"),
    "scheme-decide": ("scheme", "decide"),
    "objection-answer": ("objection", "change"),
    # issue #11: the scheme pages' other steps (assessment.md's role table)
    "scheme-definition": ("scheme", "change"),  # the rules editor's save
    "scheme-preview": ("scheme", "change"),  # the rules editor's preview (nothing saved)
    "scheme-statement-xlsx": ("scheme", "view"),
    "scheme-statement-pdf": ("scheme", "view"),
    "configitem-import": ("configitem", "add"),
}


#: The old equipment ledger's pages: redirects to the configuration items (inventory.md); a
#: permitted user is sent on (302), the others get the table's answer.
REDIRECT_ROUTES = {"assets:equipment_list", "assets:equipment_detail"}


#: Routes whose methods mean different things: name -> method -> (model key, action).
SPECIAL_BY_METHOD: dict[str, dict[str, tuple[str, str]]] = {
    # a work order's files: read by whoever sees the order; added by those who write the
    # record (the UI takes files with the engineer's record)
    "workorder-attachments": {"GET": ("workorder", "view"), "POST": ("workorder", "record")},
    # an objection is read by everyone who sees the assessment; PATCH is its filer's edit
    # (only who filed it, while open); answering is the agency's `answer` step
    "objection-detail": {"GET": ("objection", "view"), "PATCH": ("objection", "edit")},
}


def cell_of(route: Route, method: str) -> tuple[str, str]:
    """(model key, action) of a call, from the route's name (never from the view)."""
    if route.name in SPECIAL_BY_METHOD:
        return SPECIAL_BY_METHOD[route.name][method]
    if route.name in SPECIAL:
        return SPECIAL[route.name]
    if route.is_api:
        key, kind = route.name.rsplit("-", 1)
        return key, API_ACTIONS[kind][method]
    key, kind = route.name.split(":")[1].rsplit("_", 1)
    if key == "accident" and route.name.startswith("operations:"):
        key = "opsaccident"  # the operations app's accidents (the assessment's: "accident")
    return key, UI_ACTIONS[kind]


#: Apps whose plain routes (list, add, detail, edit, delete; the API's list and detail) the
#: table holds since issue #10. Their other routes (steps with party and owner rules: an
#: accident's procedure, leave and swaps, rounds) stay with test_domain_route_isolation and
#: the apps' own tests, and so do the models the table does not name.
PLAIN_TABLE_APPS = {"inventory", "operations", "staffing"}


def _plain_route(route: Route) -> bool:
    if rule_of(route) != "scoped" or app_of(route) not in PLAIN_TABLE_APPS:
        return False
    if route.name in TABLE_ROUTES:
        return True
    kinds = API_ACTIONS if route.is_api else UI_ACTIONS
    separator = "-" if route.is_api else "_"
    if route.name.rsplit(separator, 1)[-1] not in kinds:
        return False
    try:
        cells = [cell_of(route, method) for method in route.methods]
    except (KeyError, ValueError):
        return False
    return all(key in ACCESS and (action == "list" or action in ACCESS[key])
               for key, action in cells)


TABLED_DOMAIN = [r for r in DOMAIN_ROUTES if _plain_route(r)]
#: Every route the table holds: the first apps' and the domain apps' plain routes.
MATRIX_ROUTES = ROUTES + TABLED_DOMAIN
ISOLATION_ROUTES = [r for r in DOMAIN_ROUTES if r not in TABLED_DOMAIN]


def test_every_route_declares_an_access_rule():
    from yunwei.core.scoping import scope_of

    missing = [r.path for r in ALL_ROUTES if rule_of(r) not in
               {"public", "authenticated", "superuser", "scoped"}]
    assert not missing, f"routes without an access rule: {missing}"
    for route in MATRIX_ROUTES:
        if rule_of(route) == "scoped":
            scope_of(route.view.scope_model)  # raises when the model declares no Scope
            for method in route.methods:
                key, action = cell_of(route, method)  # every scoped route is in the table
                assert key in ACCESS and (action == "list" or action in ACCESS[key]), (
                    route, method)


# -- the world ----------
CLIENTS: dict[str, Client] = {}
WORLD: dict[str, Any] = {}


def _audit_row(side: Any) -> Any:
    """The first audit row of `side`'s contract (the trail is a list page: no detail route)."""
    from yunwei.core.models import AuditEvent

    return AuditEvent.objects.filter(contract_id=side.contract.pk).order_by("id").first()


def _holiday_submission() -> Any:
    """A pending national holiday notice submission (made when first needed)."""
    from yunwei.calendars.models import HolidaySubmission

    found = HolidaySubmission.objects.filter(status="pending").order_by("id").first()
    return found or HolidaySubmission.objects.create(year=2027, notice_text=NOTICE_2027)


def _fixture_object(key: str, side: Any) -> Any:
    """The object of `side`'s contract a detail route is called on."""
    if key == "holidaysubmission":
        return _holiday_submission()
    if key in DOMAIN_KEYS:
        return WORLD["domain"][side.contract.pk][DOMAIN_KEYS[key]]
    return {
        "contract": side.contract,
        "membership": side.memberships[ENGINEER],
        "equipment": side.equipment,
        "organization": side.vendor,
        "workingcalendar": side.calendar,
        "slapolicy": side.policy,
        "slatarget": side.target,
        "pausereason": side.pause_reason,
        "holidayyear": WORLD["year"],
        "holidayday": WORLD["day"],
        "workorder": side.work_order,
        "attachment": side.attachment,
        "phonenotice": side.phone_notice,
        "mailbox": side.mailbox,
        "mailmessage": side.mail_message,
        "desksettings": side.desk,
        "notification": side.notification,
        "auditevent": _audit_row(side),
        "scheme": side.scheme,
        **side.records,
        **side.deliverables,
        **{label.split(".", 1)[1]: obj for label, obj in
           WORLD.get("domain", {}).get(side.contract.pk, {}).items()
           if label.startswith("inventory.")},
    }[key]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world and one logged-in client per user for the whole module, rolled back at the
    end; every write of a test is made in a savepoint that is rolled back at once."""
    from django.contrib.auth import get_user_model

    from yunwei.testing import make_world

    with django_db_blocker.unblock(), transaction.atomic():
        built = make_world()
        WORLD["year"] = built.holiday_year
        WORLD["day"] = built.holiday_year.days.first()
        # a user with no role anywhere yet, for memberships to be added
        WORLD["spare"] = get_user_model().objects.create(username="spare_user")
        # the domain apps' own objects on both contracts (yunwei.<app>.testing.make_<app>)
        for side, tag in ((built.a, "AAA"), (built.b, "BBB")):
            WORLD.setdefault("domain", {})[side.contract.pk] = _domain_objects(side, tag)
        CLIENTS.clear()
        users = {**built.a.users, ROOT: built.root}
        for key, user in users.items():
            client = Client()
            client.force_login(user)  # log in now, inside the module's transaction
            CLIENTS[key] = client
        CLIENTS[ANON] = Client()
        WORLD["users"] = users
        WORLD["own"], WORLD["foreign"] = built.a, built.b
        WORLD.pop("markers", None)
        yield built
        transaction.set_rollback(True)


def _domain_objects(side: Any, tag: str) -> dict[str, Any]:
    """"app_label.model" -> an object of that contract, made by each domain app's testing
    helper (`yunwei.<app>.testing.make_<app>(side, tag)`)."""
    import importlib

    objects: dict[str, Any] = {}
    for app in sorted({app_of(r) for r in DOMAIN_ROUTES}):
        try:
            module = importlib.import_module(f"yunwei.{app}.testing")
        except ModuleNotFoundError:
            continue
        make = getattr(module, f"make_{app}", None)
        if make is not None:
            objects.update(make(side, tag))
    if "inventory.configitem" in objects:  # a work order link (the inventory's helper makes
        # none: its own tests count the links of the world's work order)
        from yunwei.inventory.models import WorkOrderItem

        objects["inventory.workorderitem"] = WorkOrderItem.objects.create(
            contract=side.contract, work_order=side.work_order,
            item=objects["inventory.configitem"])
    return objects


#: National objects (holiday arrangements) for the helpers below, set by the crawler's and the
#: screenshots' worlds (tests/conftest.py), which do not use this module's fixture.
WORLD_NATIONAL: dict[str, Any] = {}


def _object_for(route: Route, side: Any) -> Any:
    """The object of `side`'s contract a detail route is called on (for tests/pages_reach.py
    and the screenshots, whose world is not this module's)."""
    key = _key_of(route)
    WORLD["year"], WORLD["day"] = WORLD_NATIONAL["year"], WORLD_NATIONAL["day"]
    return _fixture_object(key, side)


def _key_of(route: Route) -> str:
    method = "GET" if "GET" in route.methods else route.methods[0]
    return cell_of(route, method)[0]


def obj_roles(user: Any, obj: Any) -> set[str]:
    """The user's roles on the contract of `obj`."""
    from yunwei.contracts.models import Membership

    if obj._meta.label_lower == "contracts.contract":
        contract_id = obj.pk
    elif hasattr(obj, "contract_id"):
        contract_id = obj.contract_id
    else:
        contract_id = obj.scheme.contract_id
    return set(Membership.objects.filter(user=user, contract_id=contract_id)
               .values_list("role", flat=True))


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run a block in a savepoint that is always rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module", autouse=True)
def _cheap_renderers():
    """Who may fetch a PDF or the schema is decided before it is drawn: the matrix stubs the
    drawing (WeasyPrint, schema generation: a second each), tested in their own apps."""
    from drf_spectacular.generators import SchemaGenerator

    import yunwei.core.pdf
    import yunwei.workorders.printing

    saved = (yunwei.core.pdf.render_pdf, yunwei.workorders.printing.workorder_pdf,
             SchemaGenerator.get_schema)
    yunwei.core.pdf.render_pdf = lambda *a, **k: b"%PDF-1.7 stub"
    yunwei.workorders.printing.workorder_pdf = lambda *a, **k: b"%PDF-1.7 stub"
    SchemaGenerator.get_schema = lambda self, *a, **k: {"openapi": "3.0.3", "paths": {}}
    yield
    (yunwei.core.pdf.render_pdf, yunwei.workorders.printing.workorder_pdf,
     SchemaGenerator.get_schema) = saved


def foreign_markers(world) -> list[str]:
    """Strings that belong to contract B only: none may appear on any page of A's people."""
    b = world.b
    names = {str(_fixture_object(key, b)) for key in ACCESS} - {
        str(_fixture_object(key, world.a)) for key in ACCESS}  # what only B's objects show
    domain = {str(obj) for obj in WORLD["domain"][b.contract.pk].values()} - {
        str(obj) for obj in WORLD["domain"][world.a.contract.pk].values()}
    return sorted({b.contract.number, b.contract.code, b.contract.project_name, b.vendor.name,
                   b.agency.name, b.supervisor.name, b.work_order.number, b.work_order.title,
                   b.equipment.name, b.users[ENGINEER].username, b.users[REQUESTER].username,
                   b.mailbox.name, b.scheme.name, *names, *domain})


def _owner_ok(user_key: str, key: str, obj: Any) -> bool:
    if key not in OWNED or user_key == ROOT or user_key not in OWNED[key][0]:
        return True
    value: Any = obj
    for part in OWNED[key][1].split("."):
        value = getattr(value, part)
    return value == WORLD["users"][user_key].pk


def visible(user_key: str, key: str, obj: Any) -> bool:
    """Whether the table lets this user see this object of their own contract."""
    return may(user_key, key, "view") and _owner_ok(user_key, key, obj)


# -- valid bodies and fresh objects ----------
def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a browser would send for the form as it is shown (its initial values)."""
    data: dict[str, Any] = {}
    for bf in form:
        field = bf.field
        if isinstance(field, forms.FileField):
            continue
        value = bf.value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[bf.html_name] = "on"
            continue
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            value = value.strftime("%Y-%m-%d %H:%M")
        data[bf.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) \
            else str(value)
    return data


def _later(days: int) -> str:
    from django.utils import timezone

    return (timezone.localtime() + dt.timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（农历除夕、周六）至14日（农历正月初八、周日）放假调休，共9天。2月20日（周六）上班。
"""

#: Values that make a copy of the fixture object a valid new one (unique fields).
FILL: dict[str, dict[str, Any]] = {
    "organization": {"name": "新增 单位", "credit_code": ""},
    "contract": {"number": "NEW-HT-2026-009", "code": "NEWX"},
    "membership": {"username": "spare_user", "role": REQUESTER},
    "workingcalendar": {"name": "新增 日历"},
    "slapolicy": {"name": "新增 服务水平"},
    "slatarget": {"level_code": "normal"},
    "pausereason": {"code": "fresh"},
    "holidayday": {"date": "2040-01-05"},
    "paymentmilestone": {"seq": 2},
    "mailbox": {"name": "新增 邮箱", "password": "secret"},
    "documenttype": {"name": "新增 季报"},
    "itemtype": {"code": "new", "name": "新增 类型"},
    "configitem": {"code": "NEW-1", "name": "新增 设备"},
    "accidentlevel": {"code": "7", "name": "新增 级别"},
    "operationsterm": {"kind": "backup"},
    "vulnerabilitydeadline": {"severity": "low"},
    "post": {"name": "新增 岗位"},
    "shiftpattern": {"name": "新增 班次"},
}


def _given_bodies(side: Any) -> dict[str, dict[str, Any]]:
    """Bodies of the routes whose form has no fixture object to copy."""
    contract = side.contract.pk
    return {
        "workorders:workorder_add": {"contract": contract, "title": "新增 打印机卡纸",
                                     "channel": "phone", "requester_name": "王五",
                                     "location": "2楼"},
        "workorders:workorder_report": {"contract": contract, "title": "新增 电脑无法开机",
                                        "location": "5楼"},
        "workorder-list": {"contract": contract, "title": "新增 接口报修", "channel": "phone",
                           "requester_name": "王五"},
        "workorders:phonenotice_add": {"contract": contract, "title": "新增 电话通知",
                                       "requester_name": "王五",
                                       "engineer_username": side.users[ENGINEER].username},
        "calendars:holidayyear_add": {"text": NOTICE_2027, "confirm": "1"},
        "holidayyear-import-notice": {"text": NOTICE_2027, "dry_run": False},
        "calendars:holidaysubmission_add": {"text": NOTICE_2027, "confirm": "1"},
        "calendars:holidaysubmission_confirm": {},
        "calendars:holidaysubmission_reject": {"reason": "与原文不符"},
        "assessment:scheme_add": {"contract": contract, "template": "prison-2025",
                                  "final_payment": "559000.00"},
        "assessment:objection_answer": {"status": "accepted", "answer": "同意"},
        "workorders:workorder_record": {"version": side.work_order.version,
                                        "problem_analysis": "新增 分析",
                                        "resolution_steps": "新增 步骤",
                                        "verification": "新增 验证"},
        "workorders:workorder_comment": {"note": "新增 备注"},
        "workorder-comments": {"note": "新增 接口备注"},
        "workorder-attachments": {MULTIPART: True},
        "workorders:phonenotice_solve": {"note": "已解决"},
        "workorders:mailbox_poll": {},
        "workorders:mailmessage_retry": {},
        "workorders:notification_read": {},
        "deliverables:deliverable_submit": {MULTIPART: True},
        "deliverables:deliverable_review": {"decision": "approve"},
        "deliverables:acceptance_request": {},
        "deliverables:acceptance_opinion": {"reviewer": "新增 专家", "reviewer_role": "expert",
                                            "opinion": "同意", "passed": "on"},
        "deliverables:acceptance_finding": {"text": "新增 问题", "deadline": "2026-12-20"},
        "deliverables:acceptance_sign": {"passed": "no", "result": "新增 不通过"},
        "deliverables:finding_rectify": {"rectification": "新增 已整改"},
        "deliverable-submit": {MULTIPART: True},
        "deliverable-review": {"decision": "approve"},
        "acceptance-request": {},
        "acceptance-opinion": {"reviewer": "新增 专家", "reviewer_role": "expert",
                               "opinion": "同意", "passed": True},
        "acceptance-finding": {"text": "新增 问题", "deadline": "2026-12-20"},
        "acceptance-sign": {"passed": False, "result": "新增 不通过"},
        "finding-rectify": {"rectification": "新增 已整改"},
        "objection-answer": {"status": "accepted", "answer": "同意"},
        "scheme-list": {"contract": contract, "template": "prison-2025",
                        "final_payment": "559000.00"},
        "operations:accident_add": {"contract": contract, "title": "新增 事故",
                                    "occurred_at": "2026-11-02 09:00",
                                    "description": "新增 事故经过"},
        # the fixture's unchecked praise is a pending line of the whole service period
        "scheme-decide": {"period": "all", "rule": "R-UNIT",
                          "ref": f"assessment.praise:{side.records['praise'].pk}",
                          "deduct": False, "reason": "表扬未经核实"},
        # a file that is no workbook: the access check passes, the importer says why (400)
        "configitem-import": {MULTIPART: True},
    }


def _before_add(key: str, side: Any) -> None:
    """Make room for a new object where the contract may hold only one (rolled back later)."""
    from yunwei.assessment.models import Scheme
    from yunwei.workorders.models import DeskSettings

    if key == "desksettings":
        DeskSettings.objects.filter(contract=side.contract).delete()
    if key == "scheme":
        Scheme.objects.filter(contract=side.contract).delete()
    if key in ("operationspolicy", "staffingterms", "availabilitytarget"):
        # one per contract (per item): the fixture's makes room for the new one
        _model(key).objects.filter(pk=_fixture_object(key, side).pk).delete()
    if key == "workorderitem":  # one per order and item
        _model(key).objects.filter(contract=side.contract).delete()


def fresh(key: str, side: Any) -> Any:
    """A new object of `side`'s contract that nothing refers to (to be deleted)."""
    from django.contrib.auth import get_user_model

    from yunwei.assessment import models as am
    from yunwei.assets.models import Equipment
    from yunwei.calendars import models as cm
    from yunwei.contracts.models import Contract, Membership
    from yunwei.deliverables.models import Acceptance, DocumentType
    from yunwei.organizations.models import Organization
    from yunwei.workorders.models import Mailbox

    c = side.contract
    when = dt.date(2026, 6, 1)
    common = {"contract": c, "evidence": "待删除"}
    make: dict[str, Callable[[], Any]] = {
        "organization": lambda: Organization.objects.create(kind="other", name="待删除 单位"),
        "contract": lambda: Contract.objects.create(
            number="DEL-HT-1", code="DELX", project_name="待删除", agency=side.agency,
            vendor=side.vendor, supervisor=side.supervisor, service_start=when,
            service_end=when, amount=1, status="draft"),
        "membership": lambda: Membership.objects.create(
            contract=c, role=REQUESTER,
            user=get_user_model().objects.create(username="to_be_removed")),
        "equipment": lambda: Equipment.objects.create(contract=c, category="终端",
                                                      name="待删除", quantity=1),
        "holidayyear": lambda: cm.HolidayYear.objects.create(year=2042, source="manual"),
        "holidayday": lambda: cm.HolidayDay.objects.create(
            year=WORLD["year"], date=dt.date(2040, 1, 9), kind="holiday", name="待删除"),
        "workingcalendar": lambda: cm.WorkingCalendar.objects.create(
            contract=c, name="待删除", kind="office", hours="09:00-17:00"),
        "slapolicy": lambda: cm.SlaPolicy.objects.create(contract=c, name="待删除"),
        "slatarget": lambda: cm.SlaTarget.objects.create(
            policy=side.policy, level_code="low", level_name="待删除", metric="resolution",
            minutes=60, calendar=side.calendar),
        "pausereason": lambda: cm.PauseReason.objects.create(policy=side.policy, code="del",
                                                             name="待删除"),
        "mailbox": lambda: Mailbox.objects.create(
            contract=c, name="待删除", host="127.0.0.1", port=1, use_ssl=False,
            username="del@example.invalid", password="x", enabled=False),
        "accident": lambda: am.Accident.objects.create(
            ref="DEL", level=3, occurred_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC), **common),
        "personnelrecord": lambda: am.PersonnelRecord.objects.create(
            kind="absent", person="待删除", date=when, **common),
        "quarterevaluation": lambda: am.QuarterEvaluation.objects.create(
            quarter="2026Q2", unit="二监区", rating="satisfied", **common),
        "praise": lambda: am.Praise.objects.create(event="待删除", level="unit", date=when,
                                                   **common),
        "manualentry": lambda: am.ManualEntry.objects.create(rule="W-FORM", date=when,
                                                             **common),
        "objection": lambda: am.Objection.objects.create(
            contract=c, rule="W-FORM", evidence="待删除", text="待删除",
            filed_by=side.users[PM]),
        "paymentmilestone": lambda: am.PaymentMilestone.objects.create(
            contract=c, seq=9, name="待删除", percent=Decimal(0), amount=Decimal(0),
            amount_capitals="人民币零元整", condition="待删除", due_working_days=1),
        "documenttype": lambda: DocumentType.objects.create(contract=c, name="待删除"),
        "acceptance": lambda: Acceptance.objects.create(contract=c, name="待删除"),
        **_fresh_inventory(side),
    }
    if key in DOMAIN_KEYS:
        return _copy(_fixture_object(key, side))
    return make[key]()


def _copy(obj: Any) -> Any:
    """A copy of a domain fixture object that nothing refers to (to be deleted): the text
    fields of each unique key changed, a one-per-item row given a copy of its item, and a
    one-per-contract row's original removed to make room (all rolled back afterwards)."""
    from django.db import models

    model = type(obj)
    keys = [set(c.fields) for c in model._meta.constraints
            if isinstance(c, models.UniqueConstraint)]
    keys += [{f.name} for f in model._meta.fields if f.unique and not f.primary_key]
    keys += [set(together) for together in model._meta.unique_together]
    copy = model.objects.get(pk=obj.pk)
    copy.pk = copy.id = None
    for key in keys:
        texts = [n for n in key if isinstance(model._meta.get_field(n), models.CharField)]
        if texts:
            for name in texts:
                setattr(copy, name, f"D{obj.pk}"[:model._meta.get_field(name).max_length])
        elif "item" in key:
            copy.item = _copy(obj.item)
        else:
            model.objects.filter(pk=obj.pk).delete()
    copy.save()
    return copy


def _fresh_inventory(side: Any) -> dict[str, Callable[[], Any]]:
    """Makers of new inventory objects of `side`'s contract (to be deleted) that are no copy
    of a domain fixture object (DOMAIN_KEYS): a work order's link to a new item."""
    from yunwei.inventory import models as im

    c = side.contract
    item = WORLD["domain"][c.pk]["inventory.configitem"]

    def link() -> Any:
        fresh_item = im.ConfigItem.objects.create(contract=c, item_type=item.item_type,
                                                  code="DEL-1", name="待删除")
        return im.WorkOrderItem.objects.create(contract=c, work_order=side.work_order,
                                               item=fresh_item)

    return {"workorderitem": link}


def _model(key: str, route: Route | None = None) -> Any:
    """The model of a table key: the route's own model when it is the one (two apps may
    name a model alike: the assessment's hand-entered accidents and the operations app's
    accidents), else the first model of that name in the tabled apps."""
    from django.apps import apps

    if key in DOMAIN_KEYS:
        return apps.get_model(DOMAIN_KEYS[key])
    own = getattr(route.view, "scope_model", None) if route is not None else None
    if own is not None and own._meta.model_name == key:
        return own
    named = [m for m in apps.get_models() if m._meta.model_name == key]
    for model in sorted(named, key=lambda m: m._meta.app_label not in TABLE_APPS):
        return model
    raise LookupError(key)


# -- calling and judging ----------
MULTIPART = "__multipart__"  # a body to be sent as a form with a file


def _send(client: Client, method: str, url: str, is_api: bool, body: Any = None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if method == "GET":
        return client.get(url)
    if method == "DELETE":
        return client.delete(url)
    if body and MULTIPART in body:
        return client.post(url, {"file": SimpleUploadedFile("截图.txt", b"screenshot",
                                                            content_type="text/plain")})
    if is_api:
        return client.generic(method, url, data=_json(body or {}),
                              content_type="application/json")
    return client.post(url, data=body or {})


def _json(body: Any) -> str:
    import json

    return json.dumps(body, default=str)


@dataclass
class Outcome:
    """What one call answered and whether that agrees with the table."""

    key: tuple[str, ...]
    text: str
    ok: bool


#: Methods a route refuses to everybody who passes the access check (workorders.md: a work
#: order is edited with PATCH).
NOT_OFFERED = {("workorder-detail", "PUT")}
SUCCESS_API = {"POST": {200, 201}, "PUT": {200}, "PATCH": {200}, "DELETE": {204}}


def _judge(problems: list[str], known: dict[tuple[str, ...], str],
           fixed: list[str], outcome: Outcome) -> None:
    bug = KNOWN_BUGS.get(outcome.key)
    if outcome.ok and bug is not None:
        fixed.append(f"{outcome.text}: fixed? remove from KNOWN_BUGS: {bug}")
    elif not outcome.ok and bug is not None:
        known[outcome.key] = outcome.text.split(":")[0].strip()
    elif not outcome.ok:
        problems.append(outcome.text)


def _finish(problems: list[str], known: dict[tuple[str, ...], str], fixed: list[str]) -> None:
    assert not problems, "disagreements with the access table:\n" + "\n".join(problems)
    assert not fixed, "\n".join(fixed)
    if known:
        cases: dict[str, list[str]] = {}
        for key, case in known.items():
            cases.setdefault(KNOWN_BUGS[key], []).append(" ".join(case.split()))
        pytest.xfail("known bugs: " + "; ".join(f"{bug} [{', '.join(where)}]"
                                                 for bug, where in cases.items()))


def _route_body(route: Route, key: str, side: Any, bodies: dict[Any, Any]) -> Any:
    """A valid body for the route's write on `side`'s contract, read the way a client would
    (as the system administrator, who may read every form and object); cached per test."""
    cache_key = (route.path, side.contract.pk)
    if cache_key in bodies:
        return bodies[cache_key]
    root = CLIENTS[ROOT]
    source = _fixture_object(key, side)
    given = _given_bodies(side)
    name = route.name.replace(".json", "")
    if name in given:
        body: Any = given[name]
    elif route.is_api:
        collection = route.path.split("{pk}")[0] if "{pk}" in route.path \
            else route.path.replace(".json", "/")
        body = root.get(f"{collection}{source.pk}/").json()
        for field in ("id", "created", "updated"):
            body.pop(field, None)
        if "{pk}" not in route.path:
            body.update(FILL.get(key, {}))
    else:
        edit = route.path.format(pk=source.pk) if "{pk}" in route.path \
            else f"{route.path.rsplit('/', 2)[0]}/{source.pk}/edit/"
        response = root.get(edit)
        body = form_data(response.context["form"]) if response.status_code == 200 else {}
        if "{pk}" not in route.path:
            body.update({k: str(v) for k, v in FILL.get(key, {}).items()})
    bodies[cache_key] = body
    return body


def _success(route: Route, method: str, response: Any) -> bool:
    if route.is_api:
        return response.status_code in SUCCESS_API[method]
    if response.status_code != 302:
        return False
    return not response["Location"].startswith("/login/")


#: one object for every contract
NATIONAL_KEYS = {"holidayyear", "holidayday", "holidaysubmission", "notification"}


def _call_cell(route: Route, method: str, user_key: str, side: Any, own: bool,
               markers: list[str], bodies: dict[Any, Any]) -> Outcome:
    """One call of the matrix, judged against the table."""
    key, action = cell_of(route, method)
    client = CLIENTS[user_key]
    obj = _fixture_object(key, side) if "{pk}" in route.path else None
    url = route.path.format(pk=obj.pk) if obj is not None else route.path
    if route.name == "workingcalendar-deadline":
        url += "?start=2026-05-06T09:00:00%2B08:00&minutes=60"
    where = "own" if own else "foreign"
    cell = (route.name, route.path, method, user_key, where)
    label = f"{user_key:16} {method:6} {url} ({where} contract)"
    write = method != "GET"
    if user_key == ANON:
        response = _send(client, method, url, route.is_api)
        if route.is_api:
            ok = response.status_code in (401, 403)
        else:
            ok = response.status_code == 302 and response["Location"].startswith("/login/")
        return Outcome(cell, f"{label}: {response.status_code}, expected to log in", ok)
    model = _model(key, route)
    if not own and obj is not None:
        with rolled_back():
            response = _send(client, method, url, route.is_api)
        name = str(obj)  # shown only when it differs from the own object's
        ok = response.status_code == 404 and (
            name == str(_fixture_object(key, WORLD["own"])) or name.encode()
            not in response.content)
        return Outcome(cell, f"{label}: {response.status_code}, expected 404 revealing "
                             "nothing", ok)
    if not own:  # adding onto the foreign contract: a valid body naming it
        with rolled_back():
            body = _route_body(route, key, side, bodies)
            count = model.objects.count()
            response = _send(client, method, url, route.is_api, body)
            ok = response.status_code in (400, 403, 404) and model.objects.count() == count
            sent = str(body)  # a form shows again what was sent: that is not a leak
            leaked = [m for m in markers if m not in sent and m.encode() in response.content]
        return Outcome(cell, f"{label}: {response.status_code}, expected a refusal that adds "
                             f"nothing and shows nothing of it {leaked or ''}",
                       ok and not leaked)
    if action == "list":
        permitted, expected = True, {200}
    elif obj is not None and not visible(user_key, key, obj):
        permitted, expected = False, {404}
    else:
        permitted = may(user_key, key, action)
        expected = {200} if permitted else {403}
    if not write:
        if route.name in REDIRECT_ROUTES and expected == {200}:
            expected = {302}
        response = client.get(url)
        ok = response.status_code in expected
        if ok and response.status_code == 302:
            ok = response["Location"].startswith("/inventory/")
        if ok and response.status_code == 200 and user_key != ROOT \
                and not getattr(response, "streaming", False):
            leaked = [m for m in markers if m.encode() in response.content]
            if leaked:
                return Outcome(cell, f"{label}: shows the foreign contract's {leaked}", False)
        if ok and route.is_api and action == "list" and response.status_code == 200 \
                and "results" in response.json():
            mine = _fixture_object(key, side)
            ids = {row.get("id") for row in response.json()["results"]}
            if (mine.pk in ids) != visible(user_key, key, mine):
                return Outcome(cell, f"{label}: own object listed={mine.pk in ids}, table "
                                     f"says visible={visible(user_key, key, mine)}", False)
            theirs = _fixture_object(key, WORLD["foreign"])
            if theirs != mine and theirs.pk in ids and user_key != ROOT:
                return Outcome(cell, f"{label}: lists the foreign contract's {theirs}", False)
        return Outcome(cell, f"{label}: {response.status_code}, expected {expected}", ok)
    # a write: a valid body, in a savepoint rolled back afterwards
    with rolled_back():
        target = obj
        body = None if action == "delete" else _route_body(route, key, side, bodies)
        if permitted and action == "delete":
            target = fresh(key, side)
            url = route.path.format(pk=target.pk)
        if permitted and action == "add":
            _before_add(key, side)
        if user_key == REQUESTER and route.name.startswith("workorder-list"):
            # workorders.md: a requester files only for themselves, by self-service
            body = {"contract": body["contract"], "title": body["title"]}
        count = model.objects.count()
        response = _send(client, method, url, route.is_api, body)
        if permitted and (route.name, method) in NOT_OFFERED:
            ok = response.status_code == 405
            text = f"{label}: {response.status_code}, expected 405 (not offered)"
        elif permitted and (action == "record" or route.name in API_STEP_ROUTES):
            ok = response.status_code not in (403, 404) and response.status_code < 500
            text = f"{label}: {response.status_code}, expected to pass the access check"
        elif not permitted:
            ok = response.status_code in expected
            text = f"{label}: {response.status_code}, expected {expected} (refused)"
        else:
            ok = _success(route, method, response)
            if ok and action == "delete":
                ok = not model.objects.filter(pk=target.pk).exists()
            if ok and action == "add" and key not in ("holidayyear", "scheme", "desksettings"):
                ok = model.objects.count() == count + 1
            detail = ""
            if not ok and response.status_code == 400:
                form = (response.context or {}).get("form") if not route.is_api else None
                detail = f" {form.errors.as_json()}" if form is not None else \
                    f" {response.content[:300]!r}"
            text = f"{label}: {response.status_code}, expected the write to succeed{detail}"
    return Outcome(cell, text, ok)


USER_KEYS = (*ROLES, ROOT, ANON)


def _sides(route: Route, method: str, user_key: str, world: Any) -> list[tuple[Any, bool]]:
    """Which contracts a user calls a route on: their own, and a foreign one (a foreign
    object: 404; a foreign contract in an add: refused)."""
    key, action = cell_of(route, method)
    own, foreign = (world.a, True), (world.b, False)
    if user_key == ANON:
        return [own]
    foreign_too = user_key != ROOT and key not in NATIONAL_KEYS and (
        "{pk}" in route.path or (action == "add" and method == "POST"))
    if method != "GET" and route.name in STEP_ROUTES:
        return [foreign] if foreign_too else []  # own contract: test_lifecycle_steps
    if route.suffix:  # the .json twin of a route: the same view, tested in full there
        return [own] if method == "GET" else []
    if method == "PATCH" and "PUT" in route.methods:
        return [own]  # on a foreign object PATCH takes PUT's path to the same 404
    return [own, foreign] if foreign_too else [own]



#: Routes whose table disagreed with the product on the last full run: none (the statements'
#: 409 was the assessment keeping the operations accidents' extra attributes, fixed in
#: assessment/compute.py; the accidents' add counted the operations app's model of that name).
PENDING_ROUTES: set[str] = set()


@pytest.mark.parametrize("route", MATRIX_ROUTES, ids=repr)
def test_route_matrix(route: Route, world):
    if route.name in PENDING_ROUTES:
        pytest.xfail("table disagreement found on the last run of 2026-11-30: see the note")
    problems: list[str] = []
    known: dict[tuple[str, ...], str] = {}
    fixed: list[str] = []
    rule = rule_of(route)
    markers = WORLD.get("markers") or WORLD.setdefault("markers", foreign_markers(world))
    bodies: dict[Any, Any] = {}
    for user_key in USER_KEYS:
        client = CLIENTS[user_key]
        for method in route.methods:
            if rule == "public":
                _judge(problems, known, fixed, _public(route, method, user_key, client))
                continue
            if rule in ("authenticated", "superuser"):
                _judge(problems, known, fixed,
                       _plain(route, rule, method, user_key, client, markers))
                continue
            for side, own in _sides(route, method, user_key, world):
                try:
                    outcome = _call_cell(route, method, user_key, side, own, markers, bodies)
                except Exception as exc:  # a 500: a disagreement like any other
                    where = "own" if own else "foreign"
                    outcome = Outcome((route.name, route.path, method, user_key, where),
                                      f"{user_key:16} {method:6} {route.path} ({where} "
                                      f"contract): raised {exc!r}", False)
                _judge(problems, known, fixed, outcome)
    _finish(problems, known, fixed)


@pytest.mark.parametrize("route", ISOLATION_ROUTES, ids=repr)
def test_domain_route_isolation(route: Route, world):
    """A domain app's route, for every role: a foreign contract's object answers 404 and
    shows nothing of it; pages and lists of one's own contract show nothing of the foreign
    one; anonymous callers are sent to log in."""
    model = route.view.scope_model
    label = model._meta.label_lower
    mine = WORLD["domain"][world.a.contract.pk].get(label)
    theirs = WORLD["domain"][world.b.contract.pk].get(label)
    markers = WORLD.get("markers") or WORLD.setdefault("markers", foreign_markers(world))
    if "{pk}" in route.path and (mine is None or theirs is None):
        pytest.fail(f"yunwei.{model._meta.app_label}.testing.make_{model._meta.app_label}() "
                    f"makes no {label} for {route.path}")
    problems = []
    for user_key in USER_KEYS:
        client = CLIENTS[user_key]
        for method in route.methods:
            if route.suffix and method != "GET":
                continue
            url = route.path.format(pk=theirs.pk) if "{pk}" in route.path else route.path
            with rolled_back():
                response = _send(client, method, url, route.is_api, {})
            code = response.status_code
            if user_key == ANON:
                ok = code in (401, 403) if route.is_api else (
                    code == 302 and response["Location"].startswith("/login/"))
            elif user_key == ROOT:
                ok = code < 500
            elif "{pk}" in route.path:
                ok = code == 404 and (str(theirs) == str(mine)
                                      or str(theirs).encode() not in response.content)
            else:
                ok = code < 500 and not (code == 200 and method == "GET" and any(
                    m.encode() in response.content for m in markers))
            if not ok:
                problems.append(f"{user_key:16} {method:6} {url}: {code}")
    assert not problems, "\n".join(problems)


def _public(route: Route, method: str, user_key: str, client: Client) -> Outcome:
    label = f"{user_key:16} {method:6} {route.path}"
    key = (route.name, method, user_key)
    if route.name == "logout" and method == "POST":
        client = Client()  # logging out would end the shared session
        if user_key not in (ANON,):
            client.force_login(WORLD["users"][user_key])
    response = _send(client, method, route.path, False)
    logged_out = {200} if user_key == ANON else {302}  # logged in: sent on
    expected = {"login": {"GET": logged_out, "POST": logged_out},
                "logout": {"GET": {302, 405} if user_key == ANON else {405}, "POST": {302}},
                "set_language": {"GET": {204, 302}},
                "healthz": {"GET": {200}},
                "favicon": {"GET": {302}},
                # a person's calendar feed by its secret token: an unknown one is a 404
                "staffing:feed": {"GET": {404}}}[route.name][method]
    return Outcome(key, f"{label}: {response.status_code}, expected {expected}",
                   response.status_code in expected)


def _plain(route: Route, rule: str, method: str, user_key: str, client: Client,
           markers: list[str]) -> Outcome:
    label = f"{user_key:16} {method:6} {route.path}"
    key = (route.name, method, user_key)
    with rolled_back():
        response = client.get(route.path) if method == "GET" else client.post(route.path, {})
    if user_key == ANON:
        expected = {401, 403} if route.is_api else {302}
    elif rule == "superuser" and user_key != ROOT:
        expected = {403}
    else:  # the user's own account: a new token is shown, a revoked one sends back, an
        # empty password form is shown again with its errors (an empty LPR form: refused, 400)
        expected = {"account_token_revoke": {302}}.get(route.name, {200})
        if route.name == "assessment:lpr" and method == "POST":
            expected = {400}
    ok = response.status_code in expected
    if ok and response.status_code == 200 and user_key not in (ROOT, ANON):
        leaked = [m for m in markers if m.encode() in response.content]
        if leaked:
            return Outcome(key, f"{label}: shows the foreign contract's {leaked}", False)
    return Outcome(key, f"{label}: {response.status_code}, expected {expected}", ok)


# -- the lifecycle: every step x every user, in the UI and the API ----------
def order_in(side: Any, state: str, recorded: bool = False) -> Any:
    """A new work order of `side` brought to `state` by the people who do it (with the
    engineer's record filled in when `recorded`)."""
    from yunwei.workorders import actions

    desk, engineer = side.users[DESK], side.users[ENGINEER]
    wo = actions.do_create_workorder(side.contract, actor=desk, title="生命周期 测试",
                                     channel="phone", requester=side.users[REQUESTER])
    path = {NEW: [], ACCEPTED: ["accept"], DISPATCHED: ["dispatch"],
            IN_PROGRESS: ["dispatch", "start"], SUSPENDED: ["dispatch", "start", "suspend"],
            PENDING: ["dispatch", "start", "record", "resolve"]}[state]
    if recorded and "record" not in path:
        path = [*path, "record"]
    for step in path:
        if step == "record":
            wo = actions.do_update_workorder(wo.pk, actor=engineer, version=wo.version,
                                             problem_analysis="分析", resolution_steps="步骤",
                                             verification="验证")
            continue
        actor = desk if step in ("accept", "dispatch") else engineer
        extra = {"assignee": engineer.pk} if step == "dispatch" else {}
        if step == "suspend":
            extra = {"pause_reason": side.pause_reason.code}
        wo = actions.do_transition(wo.pk, step, actor=actor, version=wo.version, **extra)
    assert wo.state == state
    return wo


def step_inputs(code: str, side: Any, api: bool) -> dict[str, Any]:
    """The inputs a person gives for a step."""
    from django.utils import timezone

    stamp = (lambda s: s.replace(" ", "T") + ":00+08:00") if api else (lambda s: s)
    # not before the submission (seconds ago), not more than five minutes ahead
    past = (timezone.localtime() + dt.timedelta(minutes=2)).strftime("%Y-%m-%d %H:%M")
    return {
        "dispatch": {"assignee": side.users[ENGINEER].pk},
        "suspend": {"pause_reason": side.pause_reason.code, "note": "等待备件"},
        "resume": {"note": "备件已到"},
        "extend": {"reason": "等待厂商", "approver": "张三", "new_deadline": stamp(_later(3))},
        "escalate": {"escalation": "second_line", "note": "二线"},
        "resolve": {"problem_analysis": "分析", "resolution_steps": "步骤",
                    "verification": "验证"} if not api else {},
        "confirm": {"rating": "satisfied", "comment": "好"},
        "phone_confirm": {"confirmed_by": "张三", "confirmed_at": stamp(past),
                          "rating": "satisfied"},
        "reopen": {"note": "没修好"},
        "withdraw": {"note": "补充验证结果"},
    }.get(code, {})


def may_step(user_key: str, code: str) -> bool:
    _src, _dst, roles, requester = STEPS[code]
    if user_key == ROOT:
        return bool(roles)  # holds every role, but is nobody's requester
    return user_key in roles or (requester and user_key == REQUESTER)


def test_lifecycle_steps(world):
    """Every step x every user, in the UI (/workorders/{id}/do/{code}/) and the API
    (/api/workorders/{id}/transition/): a permitted step moves the order, a step of someone
    else is refused (400 with the reason, or 403 for those who may take no step at all)."""
    from yunwei.workorders.models import WorkOrder

    side = world.a
    problems: list[str] = []
    known: dict[tuple[str, ...], str] = {}
    fixed: list[str] = []
    for code, (source, target, _roles, _req) in STEPS.items():
        with rolled_back():
            wo = order_in(side, source, recorded=code == "resolve")  # the API sends no record
            for channel in ("ui", "api"):
                for user_key in (*ROLES, ROOT):
                    client = CLIENTS[user_key]
                    with rolled_back():
                        inputs = step_inputs(code, side, channel == "api")
                        if channel == "ui":
                            url = f"/workorders/{wo.pk}/do/{code}/"
                            response = client.post(url, {"version": wo.version, **inputs})
                            success = response.status_code == 302
                        else:
                            url = f"/api/workorders/{wo.pk}/transition/"
                            response = client.post(url, _json({"code": code,
                                                               "version": wo.version,
                                                               **inputs}),
                                                   content_type="application/json")
                            success = response.status_code == 200
                        state = WorkOrder.objects.get(pk=wo.pk).state
                        label = f"{user_key:16} {channel} {code} ({source}): " \
                                f"{response.status_code}"
                        if may_step(user_key, code):
                            ok = success and state == target
                            text = f"{label}, expected the order to move to {target}: " \
                                   f"{response.content[:200]!r}"
                        else:
                            has_any = may(user_key, "workorder", "change")
                            expected = {400, 403} if has_any else {403}
                            ok = response.status_code in expected and state == source
                            text = f"{label}, expected {expected} and no change"
                        _judge(problems, known, fixed,
                               Outcome(("step", channel, code, user_key), text, ok))
    _finish(problems, known, fixed)


# -- single findings ----------
def test_requester_logs_work_orders_in_own_name_only(world):
    """A requester reports for themselves (workorders.md, self-service): through the API too."""
    from yunwei.contracts.models import Membership
    from yunwei.workorders.models import WorkOrder

    side = world.a
    problems: list[str] = []
    known: dict[tuple[str, ...], str] = {}
    fixed: list[str] = []
    with rolled_back():
        other = type(WORLD["spare"]).objects.create(username="other_requester")
        Membership.objects.create(contract=side.contract, user=other, role=REQUESTER)
        before = WorkOrder.objects.count()
        own = CLIENTS[REQUESTER].post(
            "/api/workorders/", _json({"contract": side.contract.pk, "title": "本人 报修",
                                       "requester": side.users[REQUESTER].username}),
            content_type="application/json")
        assert own.status_code == 201, own.content
        response = CLIENTS[REQUESTER].post(
            "/api/workorders/", _json({"contract": side.contract.pk, "title": "代他人 报修",
                                       "requester": other.username}),
            content_type="application/json")
        logged = WorkOrder.objects.filter(requester=other).exists()
        _judge(problems, known, fixed, Outcome(
            ("api", "requester-logs-for-another"),
            f"requester POST /api/workorders/ for {other.username}: {response.status_code}, "
            f"expected 400/403 and no work order (created: {logged})",
            response.status_code in (400, 403) and not logged))
        assert WorkOrder.objects.count() >= before + 1
    _finish(problems, known, fixed)


def test_last_agency_admin_membership_cannot_be_removed(world):
    """A contract keeps at least one agency administrator (else nobody can manage its team)."""
    from yunwei.contracts.models import Membership

    side = world.a
    problems: list[str] = []
    known: dict[tuple[str, ...], str] = {}
    fixed: list[str] = []
    admin_membership = side.memberships[ADMIN]
    assert Membership.objects.filter(contract=side.contract, role=ADMIN).count() == 1
    for channel in ("ui", "api"):
        with rolled_back():
            client = CLIENTS[ADMIN]
            if channel == "ui":
                response = client.post(f"/contracts/members/{admin_membership.pk}/delete/")
            else:
                response = client.delete(f"/api/memberships/{admin_membership.pk}/")
            still = Membership.objects.filter(pk=admin_membership.pk).exists()
            refused = still and (channel == "ui" or response.status_code in (400, 403, 409))
            _judge(problems, known, fixed, Outcome(
                (channel, "last-agency-admin"),
                f"agency admin deletes the last agency-admin membership ({channel}): "
                f"{response.status_code}, still there: {still}", refused))
    _finish(problems, known, fixed)


def test_admin_site_is_for_system_administrators_only(world):
    for role in ROLES:
        response = CLIENTS[role].get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert CLIENTS[ROOT].get("/admin/").status_code == 200


def test_anonymous_user_is_sent_to_login(world):
    response = Client().get("/contracts/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
