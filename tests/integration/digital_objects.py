"""Helpers for tests of access rights: representations stored through the repository, files in
S3, and viewer events with a chosen address, user group and language."""

from __future__ import annotations

import copy
from typing import Any

import boto3

from digitization.clock import iso, utcnow
from digitization.config import settings
from digitization.data.repositories import repositories
from digitization.domain.representations import Representation, RepresentationFile
from digitization.domain.requests import new_id
from scripts.sample_events import POLICY_BODY
from tests.integration.conftest import Invoke, Reply, invoke, load_event

FILE_BYTES = b"%PDF-1.4 chapter three"


def policy_body(**changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(POLICY_BODY), **changes}


def add_policy(call: Invoke, **changes: Any) -> dict[str, Any]:
    reply = call("access_rights", "access_rights/create", body=policy_body(**changes))
    assert reply.status == 201, reply.body
    created: dict[str, Any] = reply.body
    return created


def add_representation(policy_id: str | None = None, **changes: Any) -> Representation:
    """A representation with one PDF file, stored through the repository (as delivery will)."""
    rid = new_id()
    stored = RepresentationFile(
        id="chapter-3",
        key=f"representations/{rid}/chapter-3/chapter-3.pdf",
        name="Chapter 3.pdf",
        content_type="application/pdf",
        size=len(FILE_BYTES),
    )
    boto3.client("s3").put_object(
        Bucket=settings().files_bucket, Key=stored.key, Body=FILE_BYTES, ContentType=stored.content_type
    )
    representation = Representation.model_validate(
        {
            "id": rid,
            "mms_id": "991234",
            "title": "Ornament and Crime",
            "collection": "Course reserves",
            "access_rights_policy_id": policy_id,
            "created_at": iso(utcnow()),
            "publication_year": 1998,
            "files": [stored.model_dump()],
            **changes,
        }
    )
    return repositories().representations.create(representation)


def viewer_event(
    name: str,
    representation_id: str,
    *,
    user: str | None = "patron1",
    ip: str = "192.0.2.10",
    group: str | None = None,
    leganto: bool = False,
    language: str | None = None,
    file_id: str | None = None,
) -> dict[str, Any]:
    params = {"id": representation_id, **({"file_id": file_id} if file_id else {})}
    event = load_event(
        f"representations/{name}",
        user=user,
        path_params=params,
        headers={"Accept-Language": language},
    )
    event["requestContext"]["identity"]["sourceIp"] = ip
    if user is not None:
        claims = event["requestContext"]["authorizer"]["claims"]
        claims.pop("custom:user_group", None)  # unknown unless the test names one
        if group:
            claims["custom:user_group"] = group
        claims["custom:leganto_user"] = "true" if leganto else "false"
    return event


def visit(name: str, representation_id: str, **how: Any) -> Reply:
    return invoke("representations", viewer_event(name, representation_id, **how))
