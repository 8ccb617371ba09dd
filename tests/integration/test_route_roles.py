"""Every operation of the OpenAPI document x the five roles, anonymous and another patron (SPEC §1, §8).

Generated from the served document and the one table of who may do what
(``digitization.api.permissions.WHO_MAY``): a caller without the role gets 403 whatever
the body; without a sign-in, 401; with the role, the route runs (never 401/403, never a
500, even with an empty body and unknown ids); another patron's request is a 404.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from digitization.api.permissions import GUESTS_WELCOME, PUBLIC, WHO_MAY
from digitization.auth import Role
from local_stack.resources import Stack
from local_stack.template import Template
from tests.integration.conftest import Invoke, claims_of, invoke, load_event

ROOT = Path(__file__).resolve().parents[2]
CALLERS = {
    "patron1": Role.PATRON,
    "operator1": Role.WORK_ORDER_OPERATOR,
    "manager1": Role.FULFILLMENT_SERVICES_MANAGER,
    "digimanager1": Role.DIGITIZATION_MANAGER,
    "admin1": Role.FULFILLMENT_ADMIN,
}
#: Routes whose {id} is one request: a patron may reach only their own.
OWN_REQUEST = {("GET", "/requests/{id}"), ("POST", "/requests/{id}/cancel")}


def operations() -> list[tuple[str, str]]:
    document = json.loads((ROOT / "layers/shared/digitization/openapi.json").read_text())
    return sorted((method.upper(), path) for path, ops in document["paths"].items() for method in ops)


def route_event(method: str, path: str, user: str | None, request_id: str) -> dict[str, Any]:
    event = copy.deepcopy(load_event("get_request/one", user=user))
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    parameters = {name: (request_id if name == "id" else f"no-such-{name}") for name in names}
    concrete = path
    for name, value in parameters.items():
        concrete = concrete.replace("{" + name + "}", value)
    event |= {
        "httpMethod": method,
        "resource": path,
        "path": concrete,
        "pathParameters": parameters or None,
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "body": "{}" if method in {"POST", "PUT", "PATCH"} else None,
    }
    event["headers"] = {**event["headers"], "Content-Type": "application/json"}
    event["requestContext"] |= {"resourcePath": path, "httpMethod": method, "path": f"/dev{concrete}"}
    return event


def test_the_table_covers_every_documented_operation() -> None:
    documented = set(operations())
    assert documented <= set(WHO_MAY), sorted(documented - set(WHO_MAY))
    assert set(WHO_MAY) - documented == {("GET", "/openapi.json"), ("GET", "/docs")}, (
        "only the docs are undocumented"
    )


def test_every_operation_for_every_caller(
    aws: Stack, template: Template, call: Invoke, new_request: Any
) -> None:
    function_of = {
        (route.method.upper(), route.path): spec.code_dir.name
        for spec in template.resolve_functions(aws.physical_ids).values()
        for route in spec.routes
    }
    mine = new_request(user="patron1")["id"]
    wrong: list[str] = []
    cells = 0
    for method, path in operations():
        allowed = WHO_MAY[(method, path)]
        function = function_of[(method, path)]
        for user in (*CALLERS, None, "patron2"):
            reply = invoke(function, route_event(method, path, user, mine))
            cells += 1
            if user is None:
                expected = "any but 401" if (method, path) in GUESTS_WELCOME or allowed == PUBLIC else "401"
            elif CALLERS.get(user, Role.PATRON) not in allowed:
                expected = "403"
            elif user == "patron2" and (method, path) in OWN_REQUEST:
                expected = "404"
            else:
                expected = "allowed"
            fine = {
                "401": reply.status == 401,
                "403": reply.status == 403,
                "404": reply.status == 404,
                "allowed": reply.status not in {401, 403} and reply.status < 500,
                "any but 401": reply.status != 401 and reply.status < 500,
            }[expected]
            if not fine:
                wrong.append(f"{method} {path} as {user or 'anonymous'}: {reply.status}, expected {expected}")
    assert cells == len(operations()) * 7
    assert not wrong, "\n".join(wrong)


def test_a_staff_user_without_the_role_gets_403_with_any_body(call: Invoke) -> None:
    for body in ("{not json", '{"name": []}', "[" * 5000):
        reply = call("rules", "rules/create", user="operator1", body=body)
        assert reply.status == 403, body
    assert claims_of("operator1")["cognito:groups"] == "work-order-operator"
