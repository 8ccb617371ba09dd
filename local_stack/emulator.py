"""The embedded AWS: moto in server mode on loopback, and the environment that points at it."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

from moto.server import ThreadedMotoServer

from local_stack import fidelity

__all__ = ["Emulator", "PortInUse", "apply_environment", "port_is_free"]

log = logging.getLogger(__name__)

# Variables that could send a call to a real account; removed from the process.
_REAL_AWS_VARIABLES = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE")


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
    """moto's threaded server; ``port=0`` picks a free port."""

    def __init__(self, host: str = "127.0.0.1", port: int = 4566) -> None:
        self.host = host
        self.port = port
        self._server: ThreadedMotoServer | None = None

    @property
    def url(self) -> str:
        """The endpoint URL (``AWS_ENDPOINT_URL``)."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        host, port = self._server.get_host_and_port()
        return f"http://{host}:{port}"

    def start(self) -> str:
        """Start serving; returns the endpoint URL."""
        if not port_is_free(self.host, self.port):
            raise PortInUse(f"{self.host}:{self.port} is in use; pass --aws-port 0 or another port")
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per AWS call otherwise
        fidelity.apply()  # the server is threaded: conditional writes must not interleave; TLS-only policies
        self._server = ThreadedMotoServer(ip_address=self.host, port=self.port, verbose=False)
        self._server.start()
        return self.url

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.stop()
            self._server = None


def apply_environment(variables: Mapping[str, str]) -> None:
    """Point this process's boto3 at the emulator with fake credentials, never at a real account."""
    for name in _REAL_AWS_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(variables)
    # Loopback must not go through a proxy a developer may have configured (workers inherit this).
    for name in ("NO_PROXY", "no_proxy"):
        hosts = [h for h in os.environ.get(name, "").split(",") if h]
        os.environ[name] = ",".join([*hosts, *(h for h in ("127.0.0.1", "localhost") if h not in hosts)])
