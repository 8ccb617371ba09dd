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

import boto3
import pytest
from moto import mock_aws
from moto.ses.models import ses_backends

from local_stack import fidelity
from local_stack.demo import DEPARTMENTS
from local_stack.resources import Stack, create_resources
from local_stack.template import Template, load_template
from local_stack.users import DEMO_USERS, EXTRA_USERS, DemoUser, create_demo_users

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events"


@pytest.fixture(scope="session")
def template() -> Template:
    return load_template(ROOT / "template.yaml", region="us-east-1")


def _reset_caches() -> None:
    """Forget clients and settings built against a previous moto instance."""
    from digitization import aws

    aws.reset()


@pytest.fixture(scope="module")
def module_stack(template: Template) -> Iterator[Stack]:
    """One moto account per test module with every resource of the template, the functions'
    environment and the demo users; ``aws`` empties it before each test."""
    with pytest.MonkeyPatch.context() as environment:
        for name, value in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_METRICS_NAMESPACE": "LibraryDigitizationTest",
            "POWERTOOLS_LOG_LEVEL": "WARNING",
        }.items():
            environment.setenv(name, value)
        environment.delenv("AWS_ENDPOINT_URL", raising=False)
        fidelity.apply()
        with mock_aws():
            stack = create_resources(template)
            for spec in template.resolve_functions(stack.physical_ids).values():
                for name, value in spec.environment.items():
                    if name != "LOG_LEVEL":
                        environment.setenv(name, value)
            # The user directory: the demo users, with the groups and status the rules read.
            create_demo_users(boto3.client("cognito-idp"), stack.user_pool_id, stack.groups.values())
            _reset_caches()
            lifecycle = boto3.client("s3").get_bucket_lifecycle_configuration(Bucket=stack.bucket)["Rules"]
            stack_state[id(stack)] = lifecycle
            yield stack
            _reset_caches()


stack_state: dict[int, Any] = {}


def _empty(stack: Stack) -> None:
    """Back to the state create_resources left: every item, object and sent mail gone."""
    dynamodb = boto3.client("dynamodb")
    for table in stack.tables.values():
        keys = [k["AttributeName"] for k in dynamodb.describe_table(TableName=table)["Table"]["KeySchema"]]
        for page in dynamodb.get_paginator("scan").paginate(
            TableName=table,
            ProjectionExpression=", ".join(f"#k{i}" for i in range(len(keys))),
            ExpressionAttributeNames={f"#k{i}": key for i, key in enumerate(keys)},
        ):
            for item in page.get("Items", []):
                dynamodb.delete_item(TableName=table, Key=item)
    s3 = boto3.client("s3")
    for listing in s3.get_paginator("list_objects_v2").paginate(Bucket=stack.bucket):
        for stored in listing.get("Contents", []):
            s3.delete_object(Bucket=stack.bucket, Key=stored["Key"])
    for upload in s3.list_multipart_uploads(Bucket=stack.bucket).get("Uploads", []):
        s3.abort_multipart_upload(Bucket=stack.bucket, Key=upload["Key"], UploadId=upload["UploadId"])
    s3.put_bucket_lifecycle_configuration(
        Bucket=stack.bucket, LifecycleConfiguration={"Rules": stack_state[id(stack)]}
    )
    ses_backends[stack.account_id][stack.region].sent_messages.clear()


@pytest.fixture
def aws(module_stack: Stack) -> Stack:
    """The module's moto account, emptied: each test starts from the template's resources, the demo users
    and the demo departments (DIGI-MAIN digitizes, CIRC-MAIN does not)."""
    _empty(module_stack)
    for department in DEPARTMENTS:
        added = invoke("departments", load_event("departments/add", body=department))
        assert added.status == 201, added.body
    return module_stack


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


USERS: dict[str, DemoUser] = {user.username: user for user in (*DEMO_USERS.values(), *EXTRA_USERS)}


def claims_of(username: str) -> dict[str, str]:
    """The ID token claims of a demo user, as the Cognito authorizer passes them."""
    user = USERS[username]
    return {
        "cognito:username": user.username,
        "cognito:groups": user.group,
        "email": user.email,
        "custom:user_group": user.user_group,
        "custom:status": user.status,
        "custom:leganto_user": "true" if user.leganto_user else "false",
        **({"locale": user.locale} if user.locale else {}),
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
            context.setdefault("authorizer", {})["claims"] = claims_of(user)
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


def requester_of(username: str) -> dict[str, str]:
    """A create body's requester for a demo user, with the facts the directory holds."""
    user = USERS[username]
    return {
        "user_id": user.username,
        "user_group": user.user_group,
        "status": user.status,
        "email": user.email,
    }


TITLE_LEVEL = frozenset(
    {
        "title",
        "isbn",
        "issn",
        "publisher",
        "publication_year",
        "material_type",
        "total_pages",
        "articles_in_issue",
        "copyright_agency_permissions",
    }
)


def catalogue(call: Invoke, item: dict[str, Any]) -> None:
    """Put a create body's item into the catalogue, as the library would: the title's facts, and the
    copy it names (a serial's issue with its year; an electronic copy when ``available_in_electronic``)."""
    mms_id = item["mms_id"]
    facts = {key: value for key, value in item.items() if key in TITLE_LEVEL}
    reply = call(
        "catalogue", "catalogue/put_title", user="admin1", body=facts, path_params={"mms_id": mms_id}
    )
    assert reply.status == 200, reply.body
    copies = []
    if item.get("barcode") or item.get("volume") or item.get("issue"):
        copy: dict[str, Any] = {
            "barcode": item.get("barcode") or f"{mms_id}-v{item.get('volume')}-i{item.get('issue')}",
            "kind": item.get("kind") or "physical",
            "title": item["title"],
        }
        if item.get("volume") or item.get("issue"):
            copy |= {"volume": item.get("volume"), "issue": item.get("issue")}
            copy["chronology_year"] = item.get("publication_year")
        copies.append(copy)
    if item.get("available_in_electronic"):
        copies.append({"barcode": f"E-{mms_id}", "kind": "electronic", "title": item["title"]})
    for copy in copies:
        added = call("catalogue", "catalogue/add", user="admin1", body=copy, path_params={"mms_id": mms_id})
        assert added.status in {201, 409}, added.body


def merged(body: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``body`` with top-level ``changes``; a dict change is merged into the dict it replaces."""
    out = copy.deepcopy(body)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


@pytest.fixture
def spec_title(call: Invoke, create_body: dict[str, Any]) -> dict[str, Any]:
    """The SPEC example's title in the catalogue, with its physical copy B0001."""
    catalogue(call, create_body["item"])
    item: dict[str, Any] = create_body["item"]
    return item


@pytest.fixture
def new_request(call: Invoke, create_body: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    """Create a request through the handler; keyword arguments change the SPEC body.

    The item is catalogued first (unless it is a citation), so the request's facts are the
    catalogue's, as in the service.
    """

    def _create(user: str = "operator1", **changes: Any) -> dict[str, Any]:
        body = merged(create_body, changes)
        item_changes = changes.get("item") or {}
        if "barcode" not in item_changes and ({"volume", "issue"} & set(item_changes)):
            body["item"]["barcode"] = None  # the SPEC body's copy is the book's; a serial names its issue
        if body["item"].get("source") != "citation":
            catalogue(call, body["item"])
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


@pytest.fixture
def at_delivery(call: Invoke, new_request: Callable[..., dict[str, Any]]) -> Callable[..., str]:
    """A request of patron1 scanned in and moved on to its delivery step (the installed rule decides)."""

    def _at_delivery(**changes: Any) -> str:
        rid: str = new_request(**changes)["id"]
        assert call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).status == 200
        assert call("next_step", "next_step/at_digi_main", path_params={"id": rid}).status == 200
        return rid

    return _at_delivery
