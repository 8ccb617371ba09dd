"""End-to-end harness: the whole service as ``python -m local_stack`` runs it, reached over HTTP.

The session fixture ``stack`` starts it on free ports in a temporary state
directory, waits for ``stack.json`` and stops it (SIGINT, then kill) at the
end. Every test under ``tests/e2e`` is marked ``e2e``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

from local_stack.demo import SEED_CALLS, seed

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 30.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this directory ``e2e`` (``-m "not e2e"`` skips them)."""
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@dataclass
class RunningStack:
    """The running service as a client sees it (stack.json), plus helpers to log in and call."""

    state: dict[str, Any]
    pid: int | None = None  # of ``python -m local_stack``
    _tokens: dict[str, str] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        """Base URL of the API."""
        return str(self.state["api_url"])

    @property
    def web_url(self) -> str:
        """The web app's address (its origin)."""
        return str(self.state["web_url"])

    @property
    def aws_endpoint_url(self) -> str:
        """The embedded AWS (moto) endpoint."""
        return str(self.state["aws_endpoint_url"])

    def credentials(self, role_or_username: str) -> tuple[str, str]:
        """(username, password) of a demo user, by role (group) or username."""
        users = {**self.state["users"], **self.state.get("extra_users", {})}
        if role_or_username in users:
            user = users[role_or_username]
            return user["username"], user["password"]
        for user in users.values():
            if user["username"] == role_or_username:
                return user["username"], user["password"]
        raise KeyError(f"no demo user {role_or_username!r}; known: {sorted(users)}")

    def aws(self, service: str) -> Any:
        """A boto3 client of the embedded AWS, as its administrator (it enforces IAM)."""
        admin = self.state["admin_credentials"]
        return boto3.client(  # type: ignore[call-overload]
            service,
            region_name=self.state["region"],
            endpoint_url=self.aws_endpoint_url,
            aws_access_key_id=admin["aws_access_key_id"],
            aws_secret_access_key=admin["aws_secret_access_key"],
        )

    def login(self, role_or_username: str) -> str:
        """An ID token (USER_PASSWORD_AUTH against the embedded Cognito), cached per user."""
        username, password = self.credentials(role_or_username)
        if username not in self._tokens:
            result = self.aws("cognito-idp").initiate_auth(
                AuthFlow="USER_PASSWORD_AUTH",
                ClientId=self.state["user_pool_client_id"],
                AuthParameters={"USERNAME": username, "PASSWORD": password},
            )
            self._tokens[username] = result["AuthenticationResult"]["IdToken"]
        return self._tokens[username]

    def call(
        self,
        method: str,
        path: str,
        *,
        user: str | None = None,
        json: Any = None,
        data: str | bytes | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60.0,
        allow_redirects: bool = True,
    ) -> requests.Response:
        """An HTTP call to the API, as ``user`` (role or username) when given."""
        sent = dict(headers or {})
        if user is not None:
            sent.setdefault("Authorization", f"Bearer {self.login(user)}")
        return requests.request(
            method,
            self.api_url + path,
            json=json,
            data=data,
            params=params,
            headers=sent,
            timeout=timeout,
            allow_redirects=allow_redirects,
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@contextlib.contextmanager
def running_stack(state_dir: Path, *extra: str, quiet: bool = True) -> Iterator[RunningStack]:
    """``python -m local_stack`` on free ports with its state in ``state_dir``; stopped on exit."""
    log_path = state_dir / "local_stack.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "local_stack",
        "--port",
        "0",
        "--aws-port",
        "0",
        "--web-port",
        "0",
        "--state-dir",
        str(state_dir),
        *(["--quiet"] if quiet else []),
        *extra,
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    state_file = state_dir / "stack.json"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not state_file.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                reason = f"exited with {process.returncode}" if process.poll() is not None else "timed out"
                _stop(process)
                pytest.fail(
                    f"local stack {reason} before writing stack.json; its output:\n{log_path.read_text()}"
                )
            time.sleep(0.2)
        yield RunningStack(state=json.loads(state_file.read_text()), pid=process.pid)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """One local stack for the whole session (tests use their own identifiers)."""
    with running_stack(tmp_path_factory.mktemp("local-stack")) as running:
        yield running


@pytest.fixture(scope="module")
def fresh_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """A local stack of the module's own without demo requests or rules, for tests that depend on every
    stored record; its catalogue holds the demo titles (reference data, as a library's would)."""
    with running_stack(tmp_path_factory.mktemp("fresh-stack"), "--no-demo") as running:
        catalogue_calls = [c for c in SEED_CALLS if c.path.startswith(("/departments", "/titles/"))]
        assert seed(running.api_url, running.login, catalogue_calls) == []
        yield running
