"""The emulator's own process: moto on a threaded keep-alive server, with the local stack's patches.

    python -m local_stack.emulator_server --host 127.0.0.1 --port 0

Started by :class:`local_stack.emulator.Emulator`. Its first line on stdout is the address it
serves (``http://host:port``), or ``error: <why>``; after that its stdout goes to stderr. It stops
when its stdin closes (the parent stopped or died) or on SIGTERM; Ctrl-C in a terminal is the
parent's to handle. It has a process of its own so that moto, which answers every AWS call of
every function, does not share one interpreter lock with the API's front door and worker pool.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterable
from typing import Any

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import DechunkedInput, make_server

from local_stack import fidelity, speed


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


def _stop_when_orphaned() -> None:
    """Exit as soon as stdin reaches its end: the parent closed it or is gone."""
    sys.stdin.buffer.read()
    os._exit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per AWS call otherwise
    fidelity.apply()  # the server is threaded: conditional writes must not interleave; TLS-only policies
    speed.apply()  # moto's costs that grew with the data or the calls; its answers stay the same
    try:
        server = make_server(
            args.host,
            args.port,
            speed.DynamoDBFirst(DomainDispatcherApplication(create_backend_app)),
            threaded=True,
            request_handler=KeepAliveHandler,
        )
    except OSError as error:
        print(f"error: cannot serve on {args.host}:{args.port} ({error})", flush=True)
        return 1
    server.daemon_threads = True  # type: ignore[attr-defined]
    host, port = server.server_address[:2]
    print(f"http://{host!s}:{port}", flush=True)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    threading.Thread(target=_stop_when_orphaned, name="orphan-watch", daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
