"""``.local/stack.json``: how clients and tests find the running stack (SPEC §9.2)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from local_stack.iam import Credentials
from local_stack.resources import Stack
from local_stack.users import DemoUsers

__all__ = ["STATE_FILE", "build_state", "remove_state", "write_state"]

STATE_FILE = "stack.json"


def build_state(
    *,
    api_url: str,
    aws_endpoint_url: str,
    stack: Stack,
    users: DemoUsers,
    admin: Credentials | None = None,
    web_url: str | None = None,
) -> dict[str, Any]:
    """The content of stack.json: SPEC §9.2's keys (``web_url``: the web app, SPEC §10) plus bucket, tables,
    extra users, and the embedded AWS's administrator credentials (moto enforces IAM: a tool or a test
    reaching it directly needs them)."""
    pools = stack.user_pools
    clients = stack.user_pool_clients
    return {
        "web_url": web_url,
        "api_url": api_url,
        "aws_endpoint_url": aws_endpoint_url,
        "region": stack.region,
        "user_pool_id": next(iter(pools.values()), None),
        "user_pool_client_id": next(iter(clients.values()), None),
        "bucket": next(iter(stack.buckets.values()), None),
        "tables": stack.tables,
        "stack_name": stack.template.stack_name,
        "users": {
            role: {"username": u.username, "password": u.password, "user_group": u.user_group}
            for role, u in users.by_role.items()
        },
        "admin_credentials": {
            "aws_access_key_id": admin.access_key_id if admin else "testing",
            "aws_secret_access_key": admin.secret_access_key if admin else "testing",
        },
        "extra_users": {
            name: {
                "username": u.username,
                "password": u.password,
                "role": u.group,
                "user_group": u.user_group,
            }
            for name, u in users.extra.items()
        },
    }


def write_state(state_dir: str | Path, state: Mapping[str, Any]) -> Path:
    """Write stack.json atomically (readers never see half a file); returns its path."""
    directory = Path(state_dir)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / STATE_FILE
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".stack-", suffix=".json")
    try:
        with os.fdopen(descriptor, "w") as handle:
            json.dump(state, handle, indent=2)
            handle.write("\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def remove_state(state_dir: str | Path) -> None:
    """Remove stack.json (a stopped stack must not look like a running one)."""
    (Path(state_dir) / STATE_FILE).unlink(missing_ok=True)
