"""A digital object behind an access-rights policy, over HTTP with real tokens.

The front door gives every request the caller's real address (127.0.0.1) as
``requestContext.identity.sourceIp``, so the policy is built around it: a rule denying
10.0.0.0 - 10.255.255.255, a user-group rule for download, and a rule letting
127.0.0.1 view without download; the declaration is obtrusive. Representations are
stored through the layer's repository against the embedded AWS, as the delivery
feature will store them.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import boto3
import pytest
import requests

if TYPE_CHECKING:
    from digitization.domain.representations import Representation
    from tests.e2e.conftest import RunningStack

ADMIN = "fulfillment-admin"
PDF = b"%PDF-1.4 a chapter"
DENIED_NOTE = "Read this item in the reading room."


def _reset_layer_caches() -> None:
    from digitization import aws

    aws.reset()


@contextlib.contextmanager
def layer_against(stack: RunningStack) -> Iterator[None]:
    """The shared layer, in this process, pointed at the running stack's tables and bucket."""
    tables = {  # ConfigTable -> CONFIG_TABLE, as the template's Globals name them
        re.sub(r"(?<!^)(?=[A-Z])", "_", logical).upper(): physical
        for logical, physical in stack.state["tables"].items()
    }
    environment = {
        **tables,
        "AWS_ENDPOINT_URL": stack.aws_endpoint_url,
        "AWS_ACCESS_KEY_ID": stack.state["admin_credentials"]["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": stack.state["admin_credentials"]["aws_secret_access_key"],
        "AWS_DEFAULT_REGION": stack.state["region"],
        "AWS_REGION": stack.state["region"],
        "FILES_BUCKET": stack.state["bucket"],
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        _reset_layer_caches()
        try:
            yield
        finally:
            _reset_layer_caches()


def store_representation(stack: RunningStack, policy_id: str) -> Representation:
    from digitization.clock import iso, utcnow
    from digitization.data.repositories import repositories
    from digitization.domain.representations import Representation

    rid = uuid.uuid4().hex
    key = f"representations/{rid}/ch3/chapter-3.pdf"
    with layer_against(stack):
        boto3.client("s3").put_object(
            Bucket=stack.state["bucket"], Key=key, Body=PDF, ContentType="application/pdf"
        )
        return repositories().representations.create(
            Representation(
                id=rid,
                mms_id="991234",
                title="Ornament and Crime",
                access_rights_policy_id=policy_id,
                created_at=iso(utcnow()),
                files=[
                    {
                        "id": "ch3",
                        "key": key,
                        "name": "chapter-3.pdf",
                        "content_type": "application/pdf",
                        "size": len(PDF),
                    }
                ],
            )
        )


def policy(name: str, rules: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {
        "name": f"{name} {uuid.uuid4().hex[:8]}",
        "rules": rules,
        "default_rule": {"access": "deny"},
        "denied_note": DENIED_NOTE,
        **more,
    }


def rule(name: str, parameters: list[dict[str, Any]], access: str, download: bool = False) -> dict[str, Any]:
    return {"name": name, "parameters": parameters, "output": {"access": access, "allow_download": download}}


BRANCH_NETWORK = {"name": "ip_range", "operator": "=", "value": "10.0.0.0 - 10.255.255.255"}
THIS_MACHINE = {"name": "ip_range", "operator": "=", "value": "127.0.0.1"}
FACULTY = {"name": "user_group", "operator": "in_list", "value": ["faculty"]}


@pytest.fixture(scope="module")
def reading_room(stack: RunningStack) -> Iterator[str]:
    """A policy (IP and group rules, obtrusive declaration) and a representation under it."""
    body = policy(
        "Reading room",
        [
            rule("Branch network", [BRANCH_NETWORK], "deny"),
            rule("Faculty download", [FACULTY], "allow", download=True),
            rule("Reading room machine", [THIS_MACHINE], "allow"),
        ],
        copyright_declaration="copyrights_2",
        obtrusive=True,
    )
    created = stack.call("POST", "/access-rights", user=ADMIN, json=body)
    assert created.status_code == 201, created.text
    representation = store_representation(stack, created.json()["id"])
    text = "Reading room copy.\n--fr--\nCopie de la salle de lecture."
    customized = stack.call("PUT", "/copyright-declarations/copyrights_2", user=ADMIN, json={"text": text})
    assert customized.status_code == 200, customized.text
    yield representation.id
    stack.call("DELETE", "/copyright-declarations/copyrights_2", user=ADMIN)


def test_view_only_from_the_reading_room_after_accepting(stack: RunningStack, reading_room: str) -> None:
    rid = reading_room
    seen = stack.call("GET", f"/representations/{rid}", user="patron", headers={"Accept-Language": "fr-FR"})
    assert seen.status_code == 200, seen.text
    answer = seen.json()
    assert answer["access"]["allowed"] is True
    assert answer["access"]["allow_download"] is False
    assert answer["access"]["rule_name"] == "Reading room machine", "127.0.0.1 is not in the branch network"
    assert answer["declaration"]["text"] == "Copie de la salle de lecture."
    assert answer["declaration"]["must_accept"] is True
    blocked = stack.call("GET", f"/representations/{rid}/files/ch3", user="patron")
    assert blocked.status_code == 409
    assert "accept-declaration" in blocked.json()["error"]["message"]
    accepted = stack.call("POST", f"/representations/{rid}/accept-declaration", user="patron")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["declaration"]["accepted"] is True
    link = stack.call("GET", f"/representations/{rid}/files/ch3", user="patron")
    assert link.status_code == 200, link.text
    assert (link.json()["disposition"], link.json()["download_allowed"]) == ("inline", False)
    fetched = requests.get(link.json()["url"], timeout=30)
    assert fetched.status_code == 200
    assert fetched.content == PDF
    assert fetched.headers.get("Content-Disposition") == "inline"
    other = stack.call("GET", f"/representations/{rid}/files/ch3", user="patron2")
    assert other.status_code == 409, "patron2 has not accepted yet"


def test_denied_elsewhere_with_the_denied_note(stack: RunningStack) -> None:
    body = policy("Branch only", [rule("Branch network", [BRANCH_NETWORK], "allow", download=True)])
    created = stack.call("POST", "/access-rights", user=ADMIN, json=body)
    assert created.status_code == 201, created.text
    rid = store_representation(stack, created.json()["id"]).id
    seen = stack.call("GET", f"/representations/{rid}", user="patron")
    assert seen.json()["access"]["allowed"] is False
    assert seen.json()["denied_note"] == DENIED_NOTE
    refused = stack.call("GET", f"/representations/{rid}/files/ch3", user="patron")
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == DENIED_NOTE
    in_use = stack.call("DELETE", f"/access-rights/{created.json()['id']}", user=ADMIN)
    assert in_use.status_code == 409
    assert rid in in_use.json()["error"]["message"]
    related = stack.call("GET", f"/access-rights/{created.json()['id']}/representations", user=ADMIN)
    assert [r["id"] for r in related.json()] == [rid]


def test_the_viewer_needs_a_login_and_policies_need_an_admin(stack: RunningStack, reading_room: str) -> None:
    assert stack.call("GET", f"/representations/{reading_room}").status_code == 401
    assert stack.call("GET", "/access-rights", user="patron").status_code == 403
    assert stack.call("GET", "/settings", user="work-order-operator").status_code == 200
    bad = stack.call("PATCH", "/settings", user=ADMIN, json={"document_delivery_cleanup_days": 0})
    assert (bad.status_code, bad.json()["error"]["field"]) == (422, "document_delivery_cleanup_days")
