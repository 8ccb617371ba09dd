"""Least privilege, proven locally: each function runs with exactly its template policy.

The local stack gives every function credentials whose IAM policy is the function's own,
from the transformed template, and the embedded AWS enforces it. So taking a function's
policies out of the template must break it: here, cancelling without
CancelRequestFunction's policies is refused by DynamoDB, while the rest of the stack works.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

from local_stack.demo import CREATE_BODY, TITLE_FACTS
from tests.e2e.conftest import ROOT, running_stack

JOBS = ("ExpireRequestsFunction", "CleanupDeliveriesFunction")


def without_policies(template: str, function: str) -> str:
    """The template text with one function's ``Policies`` block taken out."""
    start = template.index(f"  {function}:\n")
    block = template.index("      Policies:\n", start)
    end = template.index("      Events:\n", block)
    assert end - block < 4000, "the Policies block is where it should be"
    return template[:block] + template[end:]


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the template without CancelRequestFunction's policies, beside the real code."""
    folder = tmp_path_factory.mktemp("template")
    text = without_policies((ROOT / "template.yaml").read_text(), "CancelRequestFunction")
    assert not re.search(r"CancelRequestFunction:\n(?:(?!\n  \w).)*Policies:", text, re.S)
    (folder / "template.yaml").write_text(text)
    for name in ("functions", "layers"):
        (folder / name).symlink_to(ROOT / name)
    return folder


def test_a_function_without_its_policies_is_refused(
    template_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    state = tmp_path_factory.mktemp("state")
    with running_stack(state, "--template", str(template_dir / "template.yaml"), "--no-demo") as stack:
        assert (
            stack.call("PUT", "/titles/991234", user="fulfillment-admin", json=TITLE_FACTS).status_code == 200
        )
        copy = {"barcode": "B0001", "kind": "physical", "title": TITLE_FACTS["title"]}
        added = stack.call("POST", "/titles/991234/items", user="fulfillment-admin", json=copy)
        assert added.status_code == 201
        created = stack.call("POST", "/requests", user="work-order-operator", json=CREATE_BODY)
        assert created.status_code == 201, created.text
        rid = created.json()["id"]
        cancelled = stack.call(
            "POST", f"/requests/{rid}/cancel", user="work-order-operator", json={"reason": "other"}
        )
        assert cancelled.status_code == 500, cancelled.text
        log = (state / "local_stack.log").read_text()
        assert "AccessDenied" in log or "not authorized" in log
        assert (
            stack.call("GET", f"/requests/{rid}", user="work-order-operator").json()["status"] == "IN_TRANSIT"
        )


def test_a_policy_taken_away_while_running_applies_from_the_next_call(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The emulator remembers each key's user and policies (local_stack.speed) only until IAM changes."""
    with running_stack(tmp_path_factory.mktemp("state"), "--no-demo") as stack:

        def save_title() -> int:
            return stack.call("PUT", "/titles/991234", user="fulfillment-admin", json=TITLE_FACTS).status_code

        assert save_title() == 200
        iam = stack.aws("iam")
        user = "fn-CatalogueFunction"
        names = iam.list_user_policies(UserName=user)["PolicyNames"]
        assert names
        documents = {
            name: iam.get_user_policy(UserName=user, PolicyName=name)["PolicyDocument"] for name in names
        }
        for name in names:
            iam.delete_user_policy(UserName=user, PolicyName=name)
        assert save_title() >= 500
        for name, document in documents.items():
            text = document if isinstance(document, str) else json.dumps(document)
            iam.put_user_policy(UserName=user, PolicyName=name, PolicyDocument=text)
        assert save_title() == 200


def test_nothing_reaches_the_embedded_aws_without_credentials(
    template_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with running_stack(tmp_path_factory.mktemp("state"), "--no-demo") as stack:
        stranger = boto3.client(
            "dynamodb",
            region_name=stack.state["region"],
            endpoint_url=stack.aws_endpoint_url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        with pytest.raises(ClientError):
            stranger.list_tables()
        assert stack.aws("dynamodb").list_tables()["TableNames"], "the administrator may"


def test_the_scheduled_jobs_run_with_their_own_policies(tmp_path_factory: pytest.TempPathFactory) -> None:
    state = tmp_path_factory.mktemp("state")
    with running_stack(state, "--schedule-seconds", "1", quiet=False):
        log = state / "local_stack.log"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = log.read_text()
            if all(text.count(f"fired {job}: ok") >= 2 for job in JOBS):
                break
            time.sleep(0.5)
    text = log.read_text()
    for job in JOBS:
        assert text.count(f"fired {job}: ok") >= 2, text[-3000:]
    assert "AccessDenied" not in text
    assert "not authorized" not in text
