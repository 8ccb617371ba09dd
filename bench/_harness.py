"""What every benchmark shares: moto with the resources and the functions' environment of
template.yaml (as the integration tests build them), counting AWS calls, and the one place
that creates requests.

A benchmark puts the repository on ``sys.path`` and imports this module; importing it puts the
shared layer on ``sys.path`` too.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
LAYER = ROOT / "layers" / "shared"
if str(LAYER) not in sys.path:
    sys.path.insert(0, str(LAYER))

if TYPE_CHECKING:
    from local_stack.resources import Stack
    from local_stack.template import FunctionSpec

# What Lambda gives a function besides the template's variables.
ACCOUNT = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}
# Set over the template's variables: no traces, no metrics, only errors logged.
QUIET = {
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "Bench",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "ERROR",
}


def on_every_call(handler: Callable[..., None]) -> None:
    """Register ``handler`` for botocore's ``before-call`` event (keyword arguments ``model``,
    ``params``, ...) on every client made from now on, boto3's and PynamoDB's alike.

    Call it before any client exists.
    """
    import botocore.session

    create_client = botocore.session.Session.create_client

    def counting_client(session: Any, *args: Any, **kwargs: Any) -> Any:
        client = create_client(session, *args, **kwargs)
        client.meta.events.register("before-call", handler)
        return client

    botocore.session.Session.create_client = counting_client  # type: ignore[method-assign, assignment]


def functions_environment(functions: Mapping[str, FunctionSpec]) -> dict[str, str]:
    """The variables of every function: one process runs them all here, so they must agree."""
    merged: dict[str, str] = {}
    for logical_id, spec in functions.items():
        for name, value in spec.environment.items():
            if merged.setdefault(name, value) != value:
                raise RuntimeError(
                    f"{logical_id} sets {name}={value!r} where another function sets {merged[name]!r}: "
                    "one benchmark process cannot be both"
                )
    return merged


@contextlib.contextmanager
def aws_stack() -> Iterator[Stack]:
    """moto in process with every resource of template.yaml, and the functions' environment set.

    The environment is the template's, resolved against the created resources with
    ``template.resolve_functions(stack.physical_ids)`` as the integration tests do, then
    :data:`QUIET` over it; nothing here names a table or a bucket.
    """
    from moto import mock_aws

    from local_stack import fidelity
    from local_stack.resources import create_resources
    from local_stack.template import load_template

    os.environ.update(ACCOUNT)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    template = load_template(ROOT / "template.yaml")
    fidelity.apply()
    with mock_aws():
        stack = create_resources(template)
        os.environ.update(functions_environment(template.resolve_functions(stack.physical_ids)))
        os.environ.update(QUIET)
        import boto3

        from local_stack.users import create_demo_users

        create_demo_users(boto3.client("cognito-idp"), stack.user_pool_id, stack.groups.values())
        from local_stack.demo import DEPARTMENTS

        for department in DEPARTMENTS:  # where scan-in may happen
            call("departments", "departments/add", status=201, body=department)
        yield stack


def call(function: str, event_name: str, status: int = 200, **overrides: Any) -> Any:
    """Invoke ``functions/<function>`` with ``events/<event_name>.json`` (``overrides`` as the
    integration tests' ``load_event`` takes them); any other status than ``status`` stops the
    benchmark. Returns the response body."""
    from tests.integration.conftest import invoke, load_event

    reply = invoke(function, load_event(event_name, **overrides))
    if reply.status != status:
        raise RuntimeError(f"{function} ({event_name}) answered {reply.status}, not {status}: {reply.body}")
    return reply.body


CREATE_EVENT = "create_request/patron_course_chapter"


def _body(changes: Mapping[str, Any]) -> dict[str, Any]:
    from tests.integration.conftest import load_event, merged

    body: dict[str, Any] = merged(json.loads(load_event(CREATE_EVENT)["body"]), dict(changes))
    return body


def catalogue(**changes: Any) -> None:
    """Put the item of the create body (with ``changes``) into the catalogue, as the library would:
    requests take their facts from there. Call it before :func:`create_request` for that title."""
    from tests.integration.conftest import catalogue as put_in_catalogue

    def invoke_as(function: str, event_name: str, **overrides: Any) -> Any:
        from tests.integration.conftest import invoke, load_event

        return invoke(function, load_event(event_name, **overrides))

    put_in_catalogue(invoke_as, _body(changes)["item"])


def create_request(*, user: str = "patron1", idempotency_key: str | None = None, **changes: Any) -> Any:
    """Create a request as a client does: ``POST /requests`` through the create_request handler.

    The body is the SPEC example of ``events/create_request/patron_course_chapter.json``; each
    of ``changes`` replaces a field of it (a dict is merged into the field's dict); its title must
    be catalogued (:func:`catalogue`). Returns the created request (the 201 body). Every request a
    benchmark creates is created here.
    """
    body = _body(changes)
    return call(
        "create_request",
        CREATE_EVENT,
        status=201,
        user=user,
        body=body,
        headers={"Idempotency-Key": idempotency_key},
    )
