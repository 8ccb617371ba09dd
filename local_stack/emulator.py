"""The embedded AWS: moto in server mode on loopback, in a process of its own, and the environment that points at it."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["Emulator", "PortInUse", "apply_environment", "port_is_free"]

# Variables that could send a call to a real account; removed from the process.
_REAL_AWS_VARIABLES = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE")
#: How long moto may take to import and bind.
START_TIMEOUT_S = 60.0
_ROOT = Path(__file__).resolve().parent.parent  # where ``local_stack`` is importable from


class PortInUse(OSError):
    """The requested port is taken."""


def port_is_free(host: str, port: int) -> bool:
    """Whether ``host:port`` can be bound now (port 0 always can)."""
    if port == 0:
        return True
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


class Emulator:
    """``python -m local_stack.emulator_server`` in a child process; ``port=0`` picks a free port.

    A process of its own: every AWS call of every function is answered by moto, which would
    otherwise share this process's interpreter lock with the API's front door and worker pool.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 4566) -> None:
        self.host = host
        self.port = port
        self._process: subprocess.Popen[bytes] | None = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        """The endpoint URL (``AWS_ENDPOINT_URL``)."""
        if self._url is None:
            raise RuntimeError("the emulator is not started")
        return self._url

    def start(self) -> str:
        """Start the child and wait until it serves; returns the endpoint URL."""
        if not port_is_free(self.host, self.port):
            raise PortInUse(f"{self.host}:{self.port} is in use; pass --aws-port 0 or another port")
        command = [sys.executable, "-m", "local_stack.emulator_server", "--host", self.host]
        self._process = process = subprocess.Popen(
            [*command, "--port", str(self.port)], cwd=_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT_S)
        line = process.stdout.readline().decode().strip() if ready else ""
        if not line.startswith("http://"):
            self.stop()
            if line.startswith("error:"):
                raise PortInUse(f"{line.removeprefix('error: ')}; pass --aws-port 0 or another port")
            raise RuntimeError(f"the AWS emulator did not start: {line or 'no answer'}")
        self._url = line
        return line

    def stop(self) -> None:
        """Stop the child (it also stops by itself if this process dies)."""
        process, self._process, self._url = self._process, None, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        if process.stdout is not None:
            process.stdout.close()


def apply_environment(variables: Mapping[str, str]) -> None:
    """Point this process's boto3 at the emulator with fake credentials, never at a real account."""
    for name in _REAL_AWS_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(variables)
    # Loopback must not go through a proxy a developer may have configured (workers inherit this).
    for name in ("NO_PROXY", "no_proxy"):
        hosts = [h for h in os.environ.get(name, "").split(",") if h]
        os.environ[name] = ",".join([*hosts, *(h for h in ("127.0.0.1", "localhost") if h not in hosts)])
