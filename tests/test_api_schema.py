"""The OpenAPI schema matches the answers: a bounded schemathesis run over every operation,
as the agency administrator and as the vendor engineer of the two-contract fixture, with no
server error and every answer conforming to the documented status codes and shapes."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from yunwei.core.roles import Role

pytestmark = pytest.mark.django_db

#: Examples per operation and role: 2 roles x ~30 operations x this stays under two minutes.
EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
def _schema() -> Any:
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(json.loads(json.dumps(document, cls=DjangoJSONEncoder)))


SCHEMA = _schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


def _label(operation: Any) -> str:
    return f"{operation.method.upper()} {operation.path}"


def test_every_operation_is_run():
    labels = {_label(op) for op in OPERATIONS}
    # Every route of the API router is an operation here (none is excluded).
    for path in ("/api/workorders/", "/api/workorders/{id}/transition/",
                 "/api/workorders/{id}/events/", "/api/calendars/{id}/deadline/",
                 "/api/holiday-years/import/", "/api/me/", "/api/contracts/{id}/",
                 "/api/document-types/", "/api/deliverables/{id}/submit/",
                 "/api/deliverables/{id}/review/", "/api/deliverables/{id}/report/",
                 "/api/submissions/",
                 "/api/acceptances/{id}/request/", "/api/acceptances/{id}/opinion/",
                 "/api/acceptances/{id}/finding/", "/api/acceptances/{id}/sign/",
                 "/api/acceptance-findings/{id}/rectify/", "/api/objections/",
                 "/api/objections/{id}/answer/", "/api/schemes/{id}/score/",
                 "/api/schemes/{id}/decide/", "/api/schemes/{id}/definition/",
                 "/api/schemes/{id}/preview/", "/api/schemes/{id}/statement-xlsx/",
                 "/api/schemes/{id}/statement-pdf/", "/api/manual-entries/",
                 "/api/payment-milestones/{id}/", "/api/assessment-accidents/"):
        assert any(label.endswith(" " + path) for label in labels), path
    assert len(OPERATIONS) >= 40


def test_error_answers_are_documented_on_every_operation():
    document = SCHEMA.raw_schema
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for code in ("400", "401", "403", "404"):
                assert code in operation["responses"], (method, path, code)
            if method in ("post", "put", "patch", "delete"):
                assert "409" in operation["responses"], (method, path)
    error = document["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"detail", "detail_en", "field", "request_id"}


def test_deadline_and_events_are_documented_with_their_real_shape():
    paths = SCHEMA.raw_schema["paths"]
    schemas = SCHEMA.raw_schema["components"]["schemas"]
    deadline = paths["/api/calendars/{id}/deadline/"]["get"]["responses"]["200"]
    ref = deadline["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(schemas[ref]["properties"]) == {"deadline", "flags", "steps"}
    events = paths["/api/workorders/{id}/events/"]["get"]["responses"]["200"]
    body = events["content"]["application/json"]["schema"]
    assert body["type"] == "array"
    ref = body["items"]["$ref"].rsplit("/", 1)[1]
    assert set(schemas[ref]["properties"]) == {"kind", "from_state", "to_state", "actor_name",
                                               "at", "note", "data"}


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """The two-contract world with a token per tested user, rolled back at the end."""
    from django.core import signals
    from django.db import close_old_connections, transaction
    from rest_framework.authtoken.models import Token

    from yunwei.testing import make_world

    # As Django's test client does: a request must not close the connection holding the
    # module's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock(), transaction.atomic():
        world = make_world()
        tokens = {role: Token.objects.create(user=world.a.users[role]).key
                  for role in (Role.AGENCY_ADMIN, Role.VENDOR_ENGINEER)}
        yield world, tokens
        transaction.set_rollback(True)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _own_ids(world: Any) -> dict[str, int]:
    """An object of contract A for each collection: half of the cases read or write it."""
    a = world.a
    return {"workorders": a.work_order.pk, "organizations": a.vendor.pk,
            "contracts": a.contract.pk, "memberships": a.memberships[Role.REQUESTER].pk,
            "equipment": a.equipment.pk, "calendars": a.calendar.pk,
            "sla-policies": a.policy.pk, "sla-targets": a.target.pk,
            "pause-reasons": a.pause_reason.pk, "holiday-years": world.holiday_year.pk,
            "document-types": a.deliverables["documenttype"].pk,
            "deliverables": a.deliverables["deliverable"].pk,
            "submissions": a.deliverables["submission"].pk,
            "acceptances": a.deliverables["acceptance"].pk,
            "acceptance-findings": a.deliverables["finding"].pk,
            "schemes": a.scheme.pk, "objections": a.records["objection"].pk,
            **{prefix: a.records[key].pk for prefix, key in (
                ("assessment-accidents", "accident"), ("personnel-records", "personnelrecord"),
                ("quarter-evaluations", "quarterevaluation"), ("praises", "praise"),
                ("manual-entries", "manualentry"), ("payment-milestones", "paymentmilestone"))}}


def _params():
    for role in (Role.AGENCY_ADMIN, Role.VENDOR_ENGINEER):
        for operation in OPERATIONS:
            yield pytest.param(role, operation, id=f"{role}-{_label(operation)}")


@pytest.mark.parametrize(("role", "operation"), list(_params()))
def test_api_conforms_to_its_schema(role: str, operation: Any, fuzz_world):
    from django.core.wsgi import get_wsgi_application

    world, tokens = fuzz_world
    app = get_wsgi_application()
    headers = {"Authorization": f"Token {tokens[role]}"}
    collection = operation.path.split("/")[2]
    own_id = _own_ids(world).get(collection)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(), own=st.booleans())
    def run(case: Any, own: bool) -> None:
        if own and own_id is not None and case.path_parameters and "id" in case.path_parameters:
            case.path_parameters["id"] = own_id
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()
