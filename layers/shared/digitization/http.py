"""HTTP plumbing shared by every handler: the resolver, the caller, and ONE error table.

Domain exceptions become HTTP statuses here and nowhere else. Every error body is
``{"error": {"code", "message", "field"}}`` (SPEC §9); no stack trace ever leaves.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from digitization.api import gate
from digitization.api.errors import ErrorBody, ErrorDetail, ErrorProblem
from digitization.api.permissions import PUBLIC, who_may
from digitization.auth import Caller, caller_from_event
from digitization.config import web_origin
from digitization.domain.problems import FieldProblem
from digitization.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Gone,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    Unauthorized,
    VersionConflict,
)
from digitization.observability import logger, metrics, traced

STATUS_OF: dict[type[DomainError], HTTPStatus] = {
    InvalidInput: HTTPStatus.UNPROCESSABLE_ENTITY,
    Unauthorized: HTTPStatus.UNAUTHORIZED,
    Forbidden: HTTPStatus.FORBIDDEN,
    NotFound: HTTPStatus.NOT_FOUND,
    Conflict: HTTPStatus.CONFLICT,
    VersionConflict: HTTPStatus.CONFLICT,  # a write lost a race: its message says reload and try again
    Gone: HTTPStatus.GONE,
    PayloadTooLarge: HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
}

JSON = "application/json"


def errors(*statuses: int) -> dict[int, Any]:
    """OpenAPI responses carrying the error body, for a route's statuses beyond the ones every route of
    its kind has (``document_routes`` adds those)."""
    return {
        status: {"description": HTTPStatus(status).phrase, "content": {JSON: {"model": ErrorBody}}}
        for status in statuses
    }


def created(model: Any) -> dict[int, Any]:
    """The OpenAPI response of a route that answers 201 with ``model``."""
    return {201: {"description": "Created", "content": {JSON: {"model": model}}}}


NO_CONTENT: dict[int, Any] = {204: {"description": "No Content"}}


def document_routes(app: APIGatewayRestResolver) -> APIGatewayRestResolver:
    """Give every route its whole answer in the OpenAPI document, before its schema is first built.

    The success status (the route's own 2xx, else 200 with the return annotation's model) and the
    errors a route of its kind can answer: 401 and 403 unless public (the gate's), 400, 413 and
    415 with a body (the gate's), 422 with a body or parameters, 404 on a path with ids, 409 on
    anything that changes state; a route names the rest itself (``errors``). The operation id is
    the handler's name when that is unique.
    """
    routes = app._static_routes + app._dynamic_routes
    names = [route.func.__name__ for route in routes]
    for route in routes:
        if names.count(route.func.__name__) == 1:
            route.operation_id = (
                route.func.__name__
            )  # a client's method name: get_request, not get_request_requests_id_get
        responses: dict[int, Any] = dict(route.responses or {})
        if not any(200 <= status < 300 or status == 302 for status in responses):
            responses[route.status_code] = {"description": HTTPStatus(route.status_code).phrase}
        roles = who_may(route.method, route.openapi_path)
        statuses: set[int] = set()
        if roles != PUBLIC:
            statuses |= {401, 403, 422}
        if route.method in gate.BODY_METHODS:
            statuses |= {400, 413, 415, 422, 409}
        if "{" in route.openapi_path:
            statuses.add(404)
        if route.method == "DELETE":
            statuses.add(409)
        for status, response in errors(*sorted(statuses)).items():
            responses.setdefault(status, response)
        route.responses = dict(sorted(responses.items()))
    return app


def error_response(
    status: HTTPStatus, detail: ErrorDetail, headers: dict[str, str] | None = None
) -> Response[Any]:
    return Response(
        status_code=int(status),
        content_type=JSON,
        body=ErrorBody(error=detail).model_dump_json(exclude_none=False),
        headers=headers,
    )


def _status_for(exc: DomainError) -> HTTPStatus:
    for cls in type(exc).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return HTTPStatus.BAD_REQUEST


def _domain_error(exc: DomainError) -> Response[Any]:
    detail = ErrorDetail(code=exc.code, message=exc.message, field=exc.field)
    if isinstance(exc, Conflict) and exc.current_status:
        detail.current_status = str(exc.current_status)
        detail.message = f"{exc.message} (current status: {exc.current_status})"
    return error_response(_status_for(exc), detail)


def describe_validation_error(error: dict[str, Any]) -> tuple[str | None, str]:
    """(field, message) from one pydantic error: the dotted path, and what is wrong with it."""
    loc = [str(part) for part in error.get("loc", ())]
    source = loc.pop(0) if loc and loc[0] in {"body", "query", "path", "header", "cookie"} else None
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, FieldProblem):
        return ".".join([*loc, cause.field]), cause.message
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    kind = error.get("type")
    if kind == "missing":
        message = "is required"
    elif kind == "extra_forbidden":
        message = "is not a known field"
    return ".".join(loc) or source, message


def _validation_problems(errors: list[dict[str, Any]]) -> Response[Any]:
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(
            HTTPStatus.BAD_REQUEST,
            ErrorDetail(code="bad_request", message="the body is not valid JSON", field="body"),
        )
    problems = [describe_validation_error(e) for e in errors]
    field, message = problems[0]
    if field:
        message = f"{field}: {message}"
    return error_response(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        ErrorDetail(
            code="invalid_input",
            message=message,
            field=field,
            problems=[ErrorProblem(field=f, message=m) for f, m in problems] if len(problems) > 1 else None,
        ),
    )


def make_app(*routers: Router) -> APIGatewayRestResolver:
    """A resolver with validation, the routers' routes, and the error table."""
    app = APIGatewayRestResolver(enable_validation=True)
    for router in routers:
        app.include_router(router)
    document_routes(app)

    @app.exception_handler(RequestValidationError)
    def _request_invalid(exc: RequestValidationError) -> Response[Any]:
        return _validation_problems(list(exc.errors()))

    @app.exception_handler(ValidationError)
    def _model_invalid(exc: ValidationError) -> Response[Any]:
        return _validation_problems([dict(e) for e in exc.errors()])

    @app.exception_handler(DomainError)
    def _domain(exc: DomainError) -> Response[Any]:
        return _domain_error(exc)

    @app.exception_handler(FieldProblem)
    def _field_problem(exc: FieldProblem) -> Response[Any]:
        return _domain_error(InvalidInput(exc.message, field=exc.field))

    @app.not_found
    def _no_route(exc: Exception) -> Response[Any]:
        event = app.current_event
        return error_response(
            HTTPStatus.NOT_FOUND,
            ErrorDetail(code="not_found", message=f"no route {event.http_method} {event.path}"),
        )

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response[Any]:
        logger.exception("unexpected error")
        return error_response(
            HTTPStatus.INTERNAL_SERVER_ERROR,
            ErrorDetail(
                code="internal_error",
                message=f"unexpected error; quote reference {app.lambda_context.aws_request_id}"
                if app.lambda_context
                else "unexpected error",
            ),
        )

    return app


def caller(router: Router) -> Caller:
    """The authenticated caller of the current event."""
    return caller_from_event(router.current_event.raw_event)


def base_url(router: Router) -> str:
    """The API's public address as the caller reached it (scheme, host and stage), for links in letters."""
    event = router.current_event
    headers = {name.lower(): value for name, value in (event.headers or {}).items()}
    scheme = headers.get("x-forwarded-proto", "https")
    full_path = str((event.raw_event.get("requestContext") or {}).get("path") or event.path)
    stage = full_path[: -len(event.path)] if full_path.endswith(event.path) else ""
    return f"{scheme}://{headers.get('host', 'localhost')}{stage}"


Handler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


def entrypoint(app: APIGatewayRestResolver, *, xray: bool) -> Handler:
    """The Lambda handler: correlation id from API Gateway, metrics flushed per call, the X-Ray SDK's
    subsegments when ``xray`` (each handler decides: docs/decisions.md 51); the gate (role, then media
    type, encoding and nesting) before the resolver reads anything."""

    @metrics.log_metrics
    def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        refused = gate.refusal(event)
        answer = refused if refused is not None else app.resolve(event, context)
        return with_cors(event, answer)

    logged: Handler = logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)(
        traced(handler, xray=xray)
    )
    return logged


#: Headers the web app reads from answers (the preflight's allowed request headers are the template's).
EXPOSED_HEADERS = "Location, X-Views-Left, x-amzn-RequestId"


def with_cors(event: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """Let the web app's origin read the answer (API Gateway answers the preflight; the function, the rest).

    Only the one origin of ``WEB_URL`` is named, never ``*``; every answer varies by ``Origin``.
    """
    headers = {str(name).lower(): str(value) for name, value in (event.get("headers") or {}).items()}
    origin = headers.get("origin")
    added = {"Vary": "Origin"}
    if origin is not None and origin == web_origin():
        added |= {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSED_HEADERS}
    if "multiValueHeaders" in answer or "headers" not in answer:
        multi = answer.setdefault("multiValueHeaders", {}) or {}
        answer["multiValueHeaders"] = multi
        for name, value in added.items():
            multi.setdefault(name, [value])
    else:
        single = answer["headers"] or {}
        answer["headers"] = single
        for name, value in added.items():
            single.setdefault(name, value)
    return answer
