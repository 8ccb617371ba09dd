"""A staff developer's view of the OpenAPI document: a generated Python client that works (SPEC §8).

openapi-python-client (pinned) builds a client from the document the stack serves; it must
do so without a warning, and a whole walk — create, scan in, next step, deliver, approve,
read back — goes through its typed functions and gets typed answers.
"""

from __future__ import annotations

import copy
import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest
import requests

from local_stack.demo import CREATE_BODY
from tests.e2e.test_delivery_walk import only_rule, upload

if TYPE_CHECKING:
    from tests.e2e.conftest import RunningStack

PACKAGE = "digitization_client"


@pytest.fixture(scope="module")
def generated(fresh_stack: RunningStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Generate the client from the served document; yields the generator's output."""
    folder = tmp_path_factory.mktemp("client")
    document = folder / "openapi.json"
    document.write_text(requests.get(f"{fresh_stack.api_url}/openapi.json", timeout=30).text)
    bin_dir = Path(sys.executable).parent
    command = ["generate", "--path", str(document), "--output-path", str(folder / PACKAGE), "--meta", "none"]
    run = subprocess.run(
        [str(bin_dir / "openapi-python-client"), *command],
        capture_output=True,
        text=True,
        check=False,
        cwd=folder,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    sys.path.insert(0, str(folder))
    try:
        yield run.stdout + run.stderr
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def module(name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_the_client_generates_without_a_warning(generated: str) -> None:
    assert "warning" not in generated.lower(), generated


def test_a_walk_through_the_generated_client(fresh_stack: RunningStack, generated: str) -> None:
    stack = fresh_stack
    only_rule(
        stack,
        {
            "target": "document_delivery_link",
            "max_views": 3,
            "approval": {"required": True, "mode": "parallel"},
        },
    )
    client_module = module("client")
    models = module("models")

    def as_user(role: str) -> Any:
        return client_module.AuthenticatedClient(base_url=stack.api_url, token=stack.login(role))

    patron, operator, manager = (
        as_user("patron"),
        as_user("work-order-operator"),
        as_user("fulfillment-services-manager"),
    )
    desk = models.ScanIn.from_dict({"department": "DIGI-MAIN"})

    created = module("api.requests.create_request").sync(
        client=patron, body=models.CreateRequestBody.from_dict(copy.deepcopy(CREATE_BODY))
    )
    assert isinstance(created, models.PatronRequestView), created
    assert created.status == models.Status.IN_TRANSIT

    scanned = module("api.workflow.scan_in").sync(created.id, client=operator, body=desk)
    assert isinstance(scanned, models.StaffRequestView), scanned
    assert scanned.status == models.Status.DIGITIZATION
    moved = module("api.workflow.next_step").sync(
        created.id, client=operator, body=models.NextStep.from_dict({"department": "DIGI-MAIN"})
    )
    assert isinstance(moved, models.StaffRequestView)
    assert moved.status == models.Status.DOCUMENT_DELIVERY

    upload(stack, created.id, "chapter-3.pdf", b"%PDF-1.4 chapter three")
    delivered = module("api.delivery.deliver").sync(
        created.id, client=operator, body=models.DeliverInput.from_dict({"department": "DIGI-MAIN"})
    )
    assert isinstance(delivered, models.StaffRequestView), delivered
    assert delivered.status == models.Status.DOCUMENT_DELIVERY, "waiting for the approval"

    approved = module("api.approvals.approve").sync(
        created.id,
        client=manager,
        body=models.Approve.from_dict({"task": "approval", "reason": "Open Access"}),
    )
    assert isinstance(approved, models.StaffRequestView), approved
    assert approved.status == models.Status.COMPLETED

    read_back = module("api.requests.get_request").sync(created.id, client=patron)
    assert isinstance(read_back, models.PatronRequestView)
    assert read_back.delivery.views_left == 3
    refused = module("api.requests.get_request").sync(created.id, client=as_user("patron2"))
    assert isinstance(refused, models.ErrorBody)
    assert refused.error.code == "not_found"
