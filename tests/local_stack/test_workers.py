"""Handlers run in worker processes like Lambda runs them."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_stack.template import FunctionSpec
from local_stack.workers import WorkerPool

HANDLERS = """
import json, os, sys, time
import helper

def ok(event, context):
    return {"value": helper.VALUE, "event": event, "env": os.environ.get("COLOUR"), "pid": os.getpid(),
            "name": context.function_name, "arn": context.invoked_function_arn}

def slow(event, context):
    time.sleep(event["seconds"])
    return {}

def die(event, context):
    os._exit(3)

def unserialisable(event, context):
    return {"when": object()}
"""


def spec(code_dir: Path, handler: str, colour: str = "blue", timeout: int = 3) -> FunctionSpec:
    return FunctionSpec(
        logical_id=handler.split(".")[-1].capitalize() + colour.capitalize(),
        name=handler.split(".")[-1],
        code_dir=code_dir,
        handler=handler,
        runtime="python3.12",
        environment={"COLOUR": colour},
        timeout_s=timeout,
        arn=f"arn:aws:lambda:us-east-1:123456789012:function:{handler}",
    )


@pytest.fixture
def code(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(HANDLERS)
    (tmp_path / "helper.py").write_text("VALUE = 1\n")
    return tmp_path


@pytest.fixture
def pool(code: Path) -> Iterator[WorkerPool]:
    functions = {
        s.logical_id: s
        for s in (
            spec(code, "app.ok"),
            spec(code, "app.ok", colour="red"),
            spec(code, "app.slow", timeout=1),
            spec(code, "app.die"),
            spec(code, "app.unserialisable"),
            spec(code, "missing.handler"),
        )
    }
    running = WorkerPool(functions, workers=2, base_environment={"BASE": "1"})
    yield running
    running.shutdown()


def test_invocation_returns_the_json_result(pool: WorkerPool) -> None:
    result = pool.invoke("OkBlue", {"a": 1})
    assert result.ok, result
    assert result.payload["event"] == {"a": 1}
    assert result.payload["value"] == 1
    assert result.payload["name"] == "ok"
    assert result.payload["arn"].endswith(":function:app.ok")
    assert result.payload["pid"] != os.getpid()


def test_functions_with_different_environments_do_not_share_workers(pool: WorkerPool) -> None:
    blue = pool.invoke("OkBlue", {})
    red = pool.invoke("OkRed", {})
    assert (blue.payload["env"], red.payload["env"]) == ("blue", "red")
    assert blue.payload["pid"] != red.payload["pid"]


@pytest.mark.parametrize(
    ("function", "error_type"),
    [("UnserialisableBlue", "Runtime.MarshalError"), ("HandlerBlue", "Runtime.ImportModuleError")],
)
def test_failures_are_reported_not_raised(pool: WorkerPool, function: str, error_type: str) -> None:
    result = pool.invoke(function, {})
    assert not result.ok
    assert result.error_type == error_type


def test_timeout(pool: WorkerPool) -> None:
    result = pool.invoke("SlowBlue", {"seconds": 3})
    assert result.error_type == "Sandbox.Timedout"


def test_a_dead_worker_is_replaced(pool: WorkerPool) -> None:
    assert pool.invoke("DieBlue", {}).error_type == "Runtime.ExitError"
    assert pool.invoke("OkBlue", {}).ok


def test_changed_code_is_picked_up(pool: WorkerPool, code: Path) -> None:
    assert pool.invoke("OkBlue", {}).payload["value"] == 1
    helper = code / "helper.py"
    helper.write_text("VALUE = 2\n")
    stamp = time.time() + 5
    os.utime(helper, (stamp, stamp))
    time.sleep(1.1)  # the pool looks at most once a second
    assert pool.invoke("OkBlue", {}).payload["value"] == 2
