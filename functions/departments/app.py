"""Departments: list, add, read, edit, remove (where items are scanned in and worked on)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.domain.departments import Department, DepartmentFacts
from digitization.http import JSON, NO_CONTENT, caller, entrypoint, make_app
from digitization.service import departments as service

router = Router()


@router.get(
    "/departments",
    summary="The departments",
    description="Every department by code, with its kind (digitization or other). Staff.",
    tags=["Departments"],
)
def list_departments() -> list[Department]:
    return service.list_all(caller(router))


@router.post(
    "/departments",
    summary="Add a department",
    description="A new code (kept in upper case); 409 when the code exists. Fulfillment administrators.",
    tags=["Departments"],
    responses={201: {"description": "Created", "content": {JSON: {"model": Department}}}},
)
def add_department(body: Department) -> Response[Any]:
    added = service.add(caller(router), body)
    return Response(status_code=201, content_type=JSON, body=added.model_dump_json())


@router.get(
    "/departments/<code>",
    summary="One department",
    description="A department by code (any case). Staff.",
    tags=["Departments"],
)
def get_department(code: str) -> Department:
    return service.get(caller(router), code)


@router.put(
    "/departments/<code>",
    summary="Edit a department",
    description="Change its name or kind; the code stays. Fulfillment administrators.",
    tags=["Departments"],
)
def edit_department(code: str, body: DepartmentFacts) -> Department:
    return service.replace(caller(router), code, body)


@router.delete(
    "/departments/<code>",
    summary="Remove a department",
    description="409 while it holds unfinished requests (some are named). Fulfillment administrators.",
    tags=["Departments"],
    responses=NO_CONTENT,
)
def remove_department(code: str) -> Response[Any]:
    service.remove(caller(router), code)
    return Response(status_code=204)


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
