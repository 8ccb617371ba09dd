"""The HTTP front door: the template's REST API routes served like API Gateway serves them.

For each request: pick the route (404/405 otherwise), run the Cognito
authorizer when the method has one (401 otherwise), build the proxy event,
invoke the function in a worker, and translate its proxy response back to
HTTP. A failing function answers 502 (its traceback stays in the local log);
one that outlives its timeout answers 504. Gateway responses declared in the
template (``UNAUTHORIZED``...) shape the error bodies; the others use
``{"error": {"code", "message", "field": null}}``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from local_stack.auth import CognitoAuthorizer, Unauthorized
from local_stack.emulator import PortInUse
from local_stack.proxy import (
    HttpRequest,
    HttpResponse,
    MalformedResponse,
    RequestContext,
    build_event,
    parse_response,
)
from local_stack.resources import Stack
from local_stack.routing import MethodNotAllowed, NoRoute, RouteTable
from local_stack.template import Api, Route
from local_stack.workers import InvokeResult

__all__ = ["MAX_BODY_BYTES", "Gateway", "Invoker", "error_response"]

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway's payload limit

# Gateway response types by status, most specific first (DEFAULT_4XX/5XX after).
_RESPONSE_TYPES = {
    401: "UNAUTHORIZED",
    404: "RESOURCE_NOT_FOUND",
    413: "REQUEST_TOO_LARGE",
    502: "INTEGRATION_FAILURE",
    504: "INTEGRATION_TIMEOUT",
}


class Invoker(Protocol):
    """Something that runs a function: :class:`local_stack.workers.WorkerPool`."""

    def invoke(self, logical_id: str, event: Any, *, request_id: str | None = None) -> InvokeResult:
        """Run one invocation and return its result."""
        ...


def error_response(
    status: int, code: str, message: str, headers: list[tuple[str, str]] | None = None
) -> HttpResponse:
    """An error in the API's shape: ``{"error": {"code", "message", "field": null}}``."""
    body = json.dumps({"error": {"code": code, "message": message, "field": None}}).encode()
    return HttpResponse(status, [("Content-Type", "application/json"), *(headers or [])], body)


class Gateway:
    """Serves the template's APIs on ``host:port`` (``port=0`` picks a free one)."""

    def __init__(
        self,
        stack: Stack,
        invoker: Invoker,
        *,
        host: str = "127.0.0.1",
        port: int = 3000,
        aws_endpoint_url: str | None = None,
    ) -> None:
        self.stack = stack
        self.invoker = invoker
        self.host = host
        self.port = port
        self.apis: dict[str, Api] = {api.logical_id: api for api in stack.template.apis()}
        self.table = RouteTable(route for api in self.apis.values() for route in api.routes)
        endpoint = aws_endpoint_url or stack.endpoint_url
        self._authorizers: dict[tuple[str, str], CognitoAuthorizer] = {}
        for api in self.apis.values():
            for name, definition in api.authorizers.items():
                settings = definition.get("x-amazon-apigateway-authorizer", {})
                if str(settings.get("type", "")).lower() != "cognito_user_pools":
                    continue
                if endpoint is None:
                    raise ValueError("a Cognito authorizer needs the emulator's endpoint URL")
                pool_ids = [
                    str(arn).rsplit("/", 1)[-1] for arn in stack.resolve(settings.get("providerARNs", []))
                ]
                pools = {pool_id: stack.clients_of_pool(pool_id) for pool_id in pool_ids}
                self._authorizers[(api.logical_id, name)] = CognitoAuthorizer(
                    endpoint_url=endpoint, region=stack.region, pools=pools
                )
        for route in self.table.routes:
            if route.authorizer and (route.api, route.authorizer) not in self._authorizers:
                log.warning(
                    "%s %s: authorizer %s (%s) is not emulated; the route answers 500",
                    route.method,
                    route.path,
                    route.authorizer,
                    route.auth_type,
                )
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- request handling (no sockets: testable directly) ----------------------

    def handle(self, request: HttpRequest) -> HttpResponse:
        """Answer one HTTP request."""
        api = next(iter(self.apis.values()), None)
        if len(request.body) > MAX_BODY_BYTES:
            return self._gateway_error(api, 413, "request_too_large", "the request body exceeds 10 MB")
        try:
            match = self.table.match(request.method, request.path)
        except NoRoute:
            return self._gateway_error(api, 404, "not_found", f"no route for {request.path}")
        except MethodNotAllowed as error:
            message = f"{request.method} is not allowed on {request.path}"
            return self._gateway_error(
                api, 405, "method_not_allowed", message, [("Allow", ", ".join(error.allowed))]
            )
        route = match.route
        api = self.apis[route.api]
        if route.integration == "mock":
            return HttpResponse(200, [*route.mock_headers, ("Content-Type", "application/json")], b"")

        claims = None
        if route.authorizer:
            authorizer = self._authorizers.get((route.api, route.authorizer))
            if authorizer is None:
                message = f"authorizer type {route.auth_type} is not emulated locally"
                return error_response(500, "not_emulated", message)
            try:
                claims = authorizer.verify(request.header("authorization"))
            except Unauthorized as error:
                log.info("401 %s %s: %s", request.method, request.path, error)
                return self._gateway_error(api, 401, "unauthorized", "missing or invalid token")

        context = RequestContext(
            api_id=api.api_id,
            stage=api.stage,
            account_id=self.stack.account_id,
            claims=claims,
            binary_media_types=api.binary_media_types,
        )
        event = build_event(request, match, context)
        result = self.invoker.invoke(route.function, event, request_id=context.request_id)
        if not result.ok:
            if result.error_type == "Sandbox.Timedout":
                return self._gateway_error(api, 504, "timeout", "the function did not answer in time")
            return self._gateway_error(api, 502, "internal_error", "Internal server error")
        try:
            response = parse_response(result.payload)
        except MalformedResponse as error:
            log.error("%s returned a malformed proxy response: %s", route.function, error)
            return self._gateway_error(api, 502, "internal_error", "Internal server error")
        response.headers.append(("x-amzn-RequestId", context.request_id))
        return response

    def _gateway_error(
        self,
        api: Api | None,
        status: int,
        code: str,
        message: str,
        headers: list[tuple[str, str]] | None = None,
    ) -> HttpResponse:
        """An error answered by the gateway itself, shaped by the API's gateway responses if declared."""
        declared: Mapping[str, Any] = api.gateway_responses if api else {}
        default_type = "DEFAULT_4XX" if status < 500 else "DEFAULT_5XX"
        spec = declared.get(_RESPONSE_TYPES.get(status, "")) or declared.get(default_type)
        if not spec:
            return error_response(status, code, message, headers)
        templates = spec.get("responseTemplates", {})
        body = templates.get("application/json")
        response_headers = list(headers or [])
        for key, value in spec.get("responseParameters", {}).items():
            prefix = "gatewayresponse.header."
            if key.startswith(prefix):
                response_headers.append((key[len(prefix) :], str(value).strip("'")))
        if body is None:
            return error_response(int(spec.get("statusCode", status)), code, message, response_headers)
        body = body.replace("$context.error.messageString", json.dumps(message))
        body = body.replace("$context.error.message", message)
        response_headers.insert(0, ("Content-Type", "application/json"))
        return HttpResponse(int(spec.get("statusCode", status)), response_headers, body.encode())

    # -- serving ---------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL of the running gateway."""
        if self._server is None:
            raise RuntimeError("the gateway is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> str:
        """Start serving in a background thread; returns the base URL."""
        gateway = self

        class Handler(_RequestHandler):
            pass

        Handler.gateway = gateway
        try:
            self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        except OSError as error:
            raise PortInUse(
                f"cannot serve the API on {self.host}:{self.port} ({error}); pass --port 0"
            ) from error
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="gateway", daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
        self._server = None
        self._thread = None

    def describe(self, route: Route) -> str:
        """One line for the startup listing."""
        auth = f"auth={route.authorizer}" if route.authorizer else "open"
        return f"{route.method:7} {route.path:40} -> {route.function} ({auth})"


class _BodyTooLarge(ValueError):
    """The request body is over API Gateway's limit (413)."""


class _RequestHandler(BaseHTTPRequestHandler):
    """Adapts http.server to :meth:`Gateway.handle`."""

    gateway: Gateway
    protocol_version = "HTTP/1.1"
    # Headers and body are two writes: with Nagle's algorithm on, a kept-alive client's delayed ACK
    # held the body back (40 ms); TCP_NODELAY sends it at once.
    disable_nagle_algorithm = True
    server_version = "local-stack-gateway"

    def _serve(self) -> None:
        started = time.perf_counter()
        path, _, query = self.path.partition("?")
        try:
            body = self._read_body()
        except _BodyTooLarge:
            self.close_connection = True
            self._send(error_response(413, "request_too_large", "the request body exceeds 10 MB"))
            return
        except ValueError as error:
            self.close_connection = True
            self._send(error_response(400, "bad_request", str(error)))
            return
        request = HttpRequest(
            method=self.command,
            path=path,
            query=query,
            headers=tuple(self.headers.items()),
            body=body,
            source_ip=self.client_address[0],
        )
        try:
            response = self.gateway.handle(request)
        except Exception:  # the gateway itself failed: say so, keep serving
            log.exception("gateway error on %s %s", self.command, path)
            response = error_response(500, "internal_error", "Internal server error")
        self._send(response)
        log.info(
            "%s %s %d %.0f ms",
            self.command,
            self.path,
            response.status,
            (time.perf_counter() - started) * 1000,
        )

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                if sum(map(len, chunks)) > MAX_BODY_BYTES:
                    raise _BodyTooLarge()
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        if length > MAX_BODY_BYTES:
            raise _BodyTooLarge(length)
        return self.rfile.read(length) if length else b""

    def _send(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            if name.lower() not in {"content-length", "transfer-encoding", "connection"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet http.server's own line; :meth:`_serve` logs each request."""
        log.debug(format, *args)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve
