"""The embedded AWS: moto in server mode on loopback, and the environment that points at it."""

from __future__ import annotations

import io
import logging
import os
import socket
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, DechunkedInput, make_server

from local_stack import fidelity, speed

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


class KeepAliveHandler(MotoRequestHandler):
    """moto's request handler, keeping connections open between calls (HTTP/1.1 keep-alive).

    Werkzeug's development server closes the connection after every answer, so every AWS call of
    every handler opened a TCP connection and the emulator started a thread for it. Here the body
    of each call is read whole before the application sees it (so the next request line is where
    the connection stands), and every answer carries its Content-Length.

    Nagle's algorithm is off (``TCP_NODELAY``): an answer is two writes (headers, then body), and
    on a kept-alive connection the body otherwise waited for the client's delayed ACK of the
    headers, up to 40 ms per AWS call.
    """

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Werkzeug's line per call, only when its logger would write it (it formats it first)."""
        if logging.getLogger("werkzeug").isEnabledFor(logging.INFO):
            super().log_request(code, size)

    def run_wsgi(self) -> None:
        environ = self.make_environ()
        stream = environ["wsgi.input"]
        if environ.get("wsgi.input_terminated"):
            body = stream.read() if isinstance(stream, DechunkedInput) else b""
        else:
            body = self.rfile.read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        environ["wsgi.input_terminated"] = False
        environ["CONTENT_LENGTH"] = str(len(body))
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer["status"], answer["headers"] = status, headers
            return lambda data: answer.setdefault("written", []).append(data)

        chunks: Iterable[bytes] = self.server.app(environ, start_response)
        try:
            payload = b"".join([*answer.get("written", []), *chunks])
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        code, _, reason = str(answer["status"]).partition(" ")
        self.send_response(int(code), reason)
        length = None
        for name, value in answer["headers"]:
            if name.lower() == "content-length":
                length = value
            elif name.lower() not in {"connection", "transfer-encoding"}:
                self.send_header(name, value)
        head = environ["REQUEST_METHOD"] == "HEAD"
        self.send_header("Content-Length", length if head and length is not None else str(len(payload)))
        self.end_headers()
        if payload and not head:
            self.wfile.write(payload)


class Emulator:
    """moto's application on a threaded server of our own (keep-alive); ``port=0`` picks a free port."""

    def __init__(self, host: str = "127.0.0.1", port: int = 4566) -> None:
        self.host = host
        self.port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The endpoint URL (``AWS_ENDPOINT_URL``)."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> str:
        """Start serving; returns the endpoint URL."""
        if not port_is_free(self.host, self.port):
            raise PortInUse(f"{self.host}:{self.port} is in use; pass --aws-port 0 or another port")
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per AWS call otherwise
        fidelity.apply()  # the server is threaded: conditional writes must not interleave; TLS-only policies
        speed.apply()  # moto's costs that grew with the data or the calls; its answers stay the same
        self._server = make_server(
            self.host,
            self.port,
            DomainDispatcherApplication(create_backend_app),
            threaded=True,
            request_handler=KeepAliveHandler,
        )
        self._server.daemon_threads = True  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, name="emulator", daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None


def apply_environment(variables: Mapping[str, str]) -> None:
    """Point this process's boto3 at the emulator with fake credentials, never at a real account."""
    for name in _REAL_AWS_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(variables)
    # Loopback must not go through a proxy a developer may have configured (workers inherit this).
    for name in ("NO_PROXY", "no_proxy"):
        hosts = [h for h in os.environ.get(name, "").split(",") if h]
        os.environ[name] = ",".join([*hosts, *(h for h in ("127.0.0.1", "localhost") if h not in hosts)])
