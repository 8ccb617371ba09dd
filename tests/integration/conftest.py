"""Integration tests: handlers and services against moto, resources built from template.yaml."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from moto import mock_aws

from local_stack import fidelity
from local_stack.resources import Stack, create_resources
from local_stack.template import Template, load_template

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events"


@pytest.fixture(scope="session")
def template() -> Template:
    return load_template(ROOT / "template.yaml", region="us-east-1")


def _reset_caches() -> None:
    """Forget clients and settings built against a previous moto instance."""
    from digitization import idempotency, notifications, storage
    from digitization.config import settings
    from digitization.data import links, models
    from digitization.data.repositories import repositories

    settings.cache_clear()
    repositories.cache_clear()
    idempotency._store.cache_clear()
    storage.s3.cache_clear()
    notifications.ses.cache_clear()
    notifications.sesv2.cache_clear()
    links._client.cache_clear()

    for model in (models.RequestRecord, models.ConfigRecord, models.CounterRecord, models.PlainRecord):
        model._connection = None


@pytest.fixture
def aws(template: Template, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    """A fresh moto account with every resource of the template, and the functions' environment set."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "LibraryDigitizationTest",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    fidelity.apply()
    with mock_aws():
        stack = create_resources(template)
        for spec in template.resolve_functions(stack.physical_ids).values():
            for name, value in spec.environment.items():
                if name != "LOG_LEVEL":
                    monkeypatch.setenv(name, value)
        _reset_caches()
        yield stack
        _reset_caches()


class Context:
    """The bits of the Lambda context the handlers use."""

    function_name = "test-function"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:test-function"
    memory_limit_in_mb = 512
    aws_request_id = "test-request-id"
    log_group_name = "/aws/lambda/test-function"
    log_stream_name = "test"

    def get_remaining_time_in_millis(self) -> int:
        return 29_000


_MODULES: dict[str, ModuleType] = {}


def handler_module(function: str) -> ModuleType:
    """Import ``functions/<function>/app.py`` once (as Lambda does per execution environment)."""
    if function not in _MODULES:
        path = ROOT / "functions" / function / "app.py"
        spec = importlib.util.spec_from_file_location(f"handler_{function}", path)
        assert spec
        assert spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        _MODULES[function] = module
    return _MODULES[function]


USERS = {
    "patron1": "patron",
    "patron2": "patron",
    "operator1": "work-order-operator",
    "manager1": "fulfillment-services-manager",
    "digimanager1": "digitization-manager",
    "admin1": "fulfillment-admin",
}


def load_event(
    name: str,
    *,
    user: str | None = "keep",
    body: Any = "keep",
    path_params: dict[str, str] | None = None,
    query: dict[str, str] | str | None = "keep",
    headers: dict[str, str | None] | None = None,
) -> dict[str, Any]:
    """An event from ``events/``, with the caller, ids, body or query swapped as a test needs."""
    event: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text())
    if user != "keep":
        context = event["requestContext"]
        if user is None:
            context.pop("authorizer", None)
        else:
            claims = context.setdefault("authorizer", {}).setdefault("claims", {})
            claims.update(
                {"cognito:username": user, "cognito:groups": USERS[user], "email": f"{user}@example.edu"}
            )
    if body != "keep":
        event["body"] = body if isinstance(body, str) or body is None else json.dumps(body)
    if path_params:
        event["pathParameters"] = {**(event["pathParameters"] or {}), **path_params}
        path = event["resource"]
        for key, value in event["pathParameters"].items():
            path = path.replace("{" + key + "}", value)
        event["path"] = path
        event["requestContext"]["path"] = f"/dev{path}"
    if query != "keep":
        event["queryStringParameters"] = query
        event["multiValueQueryStringParameters"] = (
            {k: [v] for k, v in query.items()} if isinstance(query, dict) else None
        )
    if headers:
        merged = {**event["headers"], **headers}
        event["headers"] = {k: v for k, v in merged.items() if v is not None}
        event["multiValueHeaders"] = {k: [v] for k, v in event["headers"].items()}
    return event


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any


def invoke(function: str, event: dict[str, Any]) -> Reply:
    """Call a handler as Lambda would and decode its proxy response."""
    response = handler_module(function).lambda_handler(copy.deepcopy(event), Context())
    raw = response.get("body")
    try:
        body = json.loads(raw) if raw else None
    except json.JSONDecodeError:
        body = raw
    headers = {name: values[-1] for name, values in (response.get("multiValueHeaders") or {}).items()}
    headers.update(response.get("headers") or {})
    return Reply(status=response["statusCode"], headers=headers, body=body)


Invoke = Callable[..., Reply]


@pytest.fixture
def call(aws: Stack) -> Invoke:
    """``call(function, event_name, **overrides)``: load an event, adjust it, invoke the handler."""

    def _call(function: str, event_name: str, **overrides: Any) -> Reply:
        return invoke(function, load_event(event_name, **overrides))

    return _call


@pytest.fixture
def new_request(call: Invoke, create_body: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    """Create a request through the handler; keyword arguments change the SPEC body."""

    def _create(user: str = "operator1", **changes: Any) -> dict[str, Any]:
        body = copy.deepcopy(create_body)
        for key, value in changes.items():
            if isinstance(value, dict) and isinstance(body.get(key), dict):
                body[key] = {**body[key], **value}
            else:
                body[key] = value
        reply = call(
            "create_request",
            "create_request/patron_course_chapter",
            user=user,
            body=body,
            headers={"Idempotency-Key": None},
        )
        assert reply.status == 201, reply.body
        created: dict[str, Any] = reply.body
        return created

    return _create
