"""S3: presigned uploads and downloads, and deleting a request's files. Keys are built here."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import boto3

from digitization.config import settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import ObjectIdentifierTypeDef

MAX_FILE_BYTES = 10 * 1024 * 1024
UPLOAD_SECONDS = 900
DOWNLOAD_SECONDS = 300


@cache
def s3() -> S3Client:
    return boto3.client("s3")


def delivery_prefix(request_id: str) -> str:
    """Delivery files: removed after the cleanup days by the bucket's lifecycle rule."""
    return f"delivery/{request_id}/"


def approvals_prefix(request_id: str) -> str:
    """Approval attachments: evidence of a decision, kept."""
    return f"approvals/{request_id}/"


def presigned_upload(key: str, content_type: str, max_bytes: int = MAX_FILE_BYTES) -> dict[str, Any]:
    """A presigned POST for exactly ``key`` and ``content_type``, 1 byte to ``max_bytes`` (S3 enforces it)."""
    post: dict[str, Any] = s3().generate_presigned_post(
        Bucket=settings().files_bucket,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=UPLOAD_SECONDS,
    )
    return {
        "url": post["url"],
        "fields": post["fields"],
        "expires_in": UPLOAD_SECONDS,
        "max_bytes": max_bytes,
    }


def presigned_download(
    key: str, file_name: str, *, inline: bool = False, seconds: int = DOWNLOAD_SECONDS
) -> str:
    disposition = "inline" if inline else f'attachment; filename="{file_name}"'
    url: str = s3().generate_presigned_url(
        "get_object",
        Params={"Bucket": settings().files_bucket, "Key": key, "ResponseContentDisposition": disposition},
        ExpiresIn=seconds,
    )
    return url


def keys_under(prefix: str) -> set[str]:
    """Every key under ``prefix`` (one List call per 1,000 keys)."""
    keys: set[str] = set()
    for page in s3().get_paginator("list_objects_v2").paginate(Bucket=settings().files_bucket, Prefix=prefix):
        keys.update(item["Key"] for item in page.get("Contents", []))
    return keys


def delete_keys(keys: set[str]) -> int:
    """Delete ``keys`` (1,000 per call); returns how many were asked to go."""
    ordered = sorted(keys)
    for start in range(0, len(ordered), 1000):
        batch: list[ObjectIdentifierTypeDef] = [{"Key": key} for key in ordered[start : start + 1000]]
        s3().delete_objects(Bucket=settings().files_bucket, Delete={"Objects": batch, "Quiet": True})
    return len(ordered)


def delete_object(key: str) -> None:
    s3().delete_object(Bucket=settings().files_bucket, Key=key)
