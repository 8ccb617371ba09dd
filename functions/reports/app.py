"""GET /reports/contu and GET /reports/cla: the compliance reports, as JSON or CSV."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel

from digitization.api.reports import ClaReport, ClaRow, ContuReport, ContuRow, as_csv
from digitization.http import JSON, caller, entrypoint, make_app
from digitization.service import reports as service

router = Router()
CSV = "text/csv"


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"


def _csv_wanted(given: Format | None) -> bool:
    if given is not None:
        return given is Format.CSV
    accept = (router.current_event.headers or {}).get("accept") or (router.current_event.headers or {}).get(
        "Accept"
    )
    return CSV in (accept or "").lower()


def _answer(
    report: BaseModel, rows: list[Any], row_type: type[BaseModel], name: str, as_table: bool
) -> Response[Any]:
    if not as_table:
        return Response(status_code=200, content_type=JSON, body=report.model_dump_json())
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name)
    return Response(
        status_code=200,
        content_type=f"{CSV}; charset=utf-8",
        body=as_csv(rows, row_type),
        headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'},
    )


def _documented(model: type[BaseModel]) -> dict[int, Any]:
    return {
        200: {
            "description": "The report, as JSON, or as CSV with a header line (`format=csv` or `Accept: text/csv`)",
            "content": {JSON: {"model": model}, CSV: {"schema": {"type": "string"}}},
        }
    }


@router.get(
    "/reports/contu",
    summary="CONTU rule of five",
    description="Per periodical (normalised ISSN): the requests created in the calendar year for issues "
    "published within five years before (publication year >= year - 5), not rejected or cancelled; `count`, "
    "`limit` 5, `over_limit` when more than five; the most copied first. Staff.",
    tags=["Reports"],
    responses=_documented(ContuReport),
)
def contu_report(
    year: Annotated[int, Query(ge=1900, le=9999)],
    format: Annotated[Format | None, Query(description="json (default) or csv")] = None,
) -> Response[Any]:
    report = service.contu(caller(router), year)
    return _answer(report, list(report.periodicals), ContuRow, f"contu-{year}", _csv_wanted(format))


@router.get(
    "/reports/cla",
    summary="CLA course limit",
    description="Per work copied for one course (ISBN for books; ISSN + volume + issue for journal issues): "
    "pages copied as the union of the ranges, total pages, percent, distinct chapters (articles of an issue), "
    "the limit (10% or one chapter, whichever is greater) and `over_limit` when beyond both. Staff.",
    tags=["Reports"],
    responses=_documented(ClaReport),
)
def cla_report(
    course: Annotated[str, Query(min_length=1, max_length=64)],
    format: Annotated[Format | None, Query(description="json (default) or csv")] = None,
) -> Response[Any]:
    report = service.cla(caller(router), course)
    return _answer(report, list(report.works), ClaRow, f"cla-{course}", _csv_wanted(format))


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
