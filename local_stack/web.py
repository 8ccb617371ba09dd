"""The web app, served as CloudFront serves it in AWS (SPEC §10).

The template's web bucket names its site folder (``Metadata: Content: web``); in AWS ``make deploy``
uploads that folder to the bucket behind CloudFront. Locally this server stands in for the
distribution: it serves the same folder on its own port (another origin than the API, as in AWS, so
the browser does CORS exactly as there), answers ``index.html`` for the app's page addresses (what
the template's CloudFront function does), sends the same security headers, and serves
``config.json`` — where the app learns the API, the Cognito endpoint and the app client at run time.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from local_stack.emulator import PortInUse
from local_stack.template import Template

__all__ = ["CONFIG_PATH", "CONTENT_TYPES", "WebServer", "site_folder"]

log = logging.getLogger(__name__)

CONFIG_PATH = "/config.json"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}


def site_folder(template: Template) -> Path | None:
    """The folder a bucket of the template declares as its site (``Metadata: Content``), if any."""
    for logical_id, raw in template.transformed.get("Resources", {}).items():
        if raw.get("Type") != "AWS::S3::Bucket" or logical_id not in template.resources:
            continue
        content = (raw.get("Metadata") or {}).get("Content")
        if isinstance(content, str) and content:
            folder = (template.base_dir / content).resolve()
            if folder.is_dir():
                return folder
            log.warning("%s: its site folder %s does not exist; no web app", logical_id, folder)
    return None


def origin(url: str) -> str:
    """``scheme://host:port`` of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class WebServer:
    """Serves a site folder on ``host:port`` (``port=0``: a free one). Bind first, then start."""

    def __init__(self, host: str = "127.0.0.1", port: int = 3001) -> None:
        self.host = host
        self.port = port
        self.folder: Path | None = None
        self.config: dict[str, Any] = {}
        self.connect_sources: tuple[str, ...] = ()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The web app's address (its origin: the app lives at the root)."""
        if self._server is None:
            raise RuntimeError("the web server is not bound")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def bind(self) -> str:
        """Take the port now (its address goes into the template's parameters); returns the URL."""
        web = self

        class Handler(_SiteHandler):
            pass

        Handler.web = web
        try:
            self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        except OSError as error:
            raise PortInUse(
                f"cannot serve the web app on {self.host}:{self.port} ({error}); pass --web-port 0"
            ) from error
        self._server.daemon_threads = True
        return self.url

    def start(self, folder: Path, config: Mapping[str, Any]) -> str:
        """Serve ``folder`` and ``config`` (as /config.json) in a background thread; returns the URL."""
        if self._server is None:
            self.bind()
        assert self._server is not None
        self.folder = folder.resolve()
        self.config = dict(config)
        self.connect_sources = tuple(
            dict.fromkeys(
                origin(str(config[key])) for key in ("api_url", "cognito_endpoint") if config.get(key)
            )
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="web", daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            if self._thread is not None:
                self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
        self._server = None
        self._thread = None

    # -- answering (no sockets: testable directly) ------------------------------

    def answer(self, raw_path: str) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) for a GET of ``raw_path``."""
        path = unquote(urlsplit(raw_path).path)
        headers = self.security_headers()
        if path == CONFIG_PATH:
            body = json.dumps(self.config, indent=2).encode()
            return 200, {**headers, "Content-Type": "application/json", "Cache-Control": "no-store"}, body
        if self.folder is None:
            return 503, {**headers, "Content-Type": "text/plain"}, b"the web app is starting"
        name = path.rsplit("/", 1)[-1]
        if "." not in name:  # a page of the app (/, /d/<token>, /requests...): one document
            path = "/index.html"
        target = (self.folder / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.folder) or not target.is_file():
            return 404, {**headers, "Content-Type": "text/plain; charset=utf-8"}, b"not found"
        kind = CONTENT_TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0]
        body = target.read_bytes()
        return (
            200,
            {**headers, "Content-Type": kind or "application/octet-stream", "Cache-Control": "no-cache"},
            body,
        )

    def security_headers(self) -> dict[str, str]:
        """What the template's response headers policy sends (the API and AWS as the only other sources)."""
        connect = " ".join(["'self'", *self.connect_sources])
        return {
            "Content-Security-Policy": f"default-src 'self'; connect-src {connect}; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
        }


class _SiteHandler(BaseHTTPRequestHandler):
    web: WebServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "local-stack-web"

    def do_GET(self) -> None:
        status, headers, body = self.web.answer(self.path)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        log.debug(format, *args)
