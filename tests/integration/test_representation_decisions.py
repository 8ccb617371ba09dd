"""The approver's decisions are saved for the digital file (issue 11, part 6).

A representation made from a request keeps, from the moment it goes live, the request id and
each task's decision (type, status, who, when, reason) with the CC number and dates. Staff read
them in the representation's view; patrons never do (they name staff).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from digitization.data.repositories import repositories
from local_stack.resources import Stack
from tests.integration.conftest import Invoke
from tests.integration.delivering import install_rule, upload
from tests.integration.digital_objects import visit

PARALLEL = {"required": True, "mode": "parallel"}
REPOSITORY = {"collection": "Course reserves", "active": True}
CC = {"cc_number": "CCC-2026-0042", "cc_order_date": "2026-11-02", "cc_approval_date": "2026-11-20"}


def decide(call: Invoke, rid: str, task: str, reason: str, user: str) -> dict[str, Any]:
    reply = call(
        "decide_approval",
        "decide_approval/approve",
        user=user,
        path_params={"id": rid},
        body={"task": task, "reason": reason, "note": f"{task} checked"},
    )
    assert reply.status == 200, reply.body
    body: dict[str, Any] = reply.body
    return body


def deliver(call: Invoke, rid: str) -> str:
    reply = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert reply.status == 200, reply.body
    representation_id: str = reply.body["delivery"]["representation_id"]
    return representation_id


def test_the_decisions_go_live_with_the_representation_and_only_staff_read_them(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule(
        "digital_inventory", approval=PARALLEL, copyright_clearance=PARALLEL, representation=REPOSITORY
    )
    rid = at_delivery()
    upload(aws, call, rid, "whole.pdf", b"%PDF whole")
    representation_id = deliver(call, rid)
    assert repositories().representations.get(representation_id).decisions is None, "not before it is live"
    worked = call(
        "work_on_approval",
        "work_on_approval/cc_fields",
        user="digimanager1",
        path_params={"id": rid},
        body=CC,
    )
    assert worked.status == 200, worked.body
    decide(call, rid, "approval", "Covered by License", "manager1")
    done = decide(call, rid, "copyright_clearance", "Direct Permission Obtained", "digimanager1")
    assert done["status"] == "COMPLETED"

    staff = visit("view", representation_id, user="operator1")
    assert staff.status == 200, staff.body
    kept = staff.body["decisions"]
    assert kept["request_id"] == rid
    assert {k: kept[k] for k in CC} == CC
    tasks = {t["type"]: t for t in kept["tasks"]}
    assert set(tasks) == {"approval", "copyright_clearance"}
    assert (tasks["approval"]["status"], tasks["approval"]["decided_by"]) == ("approved", "manager1")
    assert tasks["approval"]["reason"] == "Covered by License"
    assert tasks["copyright_clearance"]["decided_by"] == "digimanager1"
    assert tasks["copyright_clearance"]["reason"] == "Direct Permission Obtained"
    assert tasks["copyright_clearance"]["note"] == "copyright_clearance checked"
    assert tasks["approval"]["decided_at"]
    assert tasks["approval"]["mode"] == "parallel"

    patron = visit("view", representation_id, user="patron1")
    assert patron.status == 200, patron.body
    assert patron.body["decisions"] is None
    assert "manager1" not in str(patron.body)
    assert "CCC-2026-0042" not in str(patron.body)


def test_a_representation_delivered_without_tasks_still_names_its_request(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule("digital_inventory", representation=REPOSITORY)
    rid = at_delivery()
    upload(aws, call, rid, "whole.pdf", b"%PDF whole")
    representation_id = deliver(call, rid)
    kept = repositories().representations.get(representation_id).decisions
    assert kept is not None
    assert (kept.request_id, kept.tasks, kept.cc_number) == (rid, [], None)
