"""S3: presigned uploads and downloads, and deleting a request's files. Keys are built here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from digitization.aws import s3
from digitization.config import settings
from digitization.domain.file_names import safe_name
from digitization.errors import Conflict

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import ObjectIdentifierTypeDef

MAX_FILE_BYTES = 10 * 1024 * 1024
DELIVERY_RULE_ID = "delivery-cleanup"  # the template's lifecycle rule for delivery/
UPLOAD_SECONDS = 900
DOWNLOAD_SECONDS = 300


def delivery_prefix(request_id: str) -> str:
    """Everything delivered for a request: removed after the cleanup days by the bucket's lifecycle rule."""
    return f"delivery/{request_id}/"


def delivery_files_prefix(request_id: str) -> str:
    """The files the operator uploads for delivery."""
    return f"{delivery_prefix(request_id)}files/"


def link_object_key(request_id: str, token_hint: str, name: str) -> str:
    """Where a link's object (one file, or the zip of several) lives."""
    return f"{delivery_prefix(request_id)}link/{token_hint}/{name}"


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
    disposition = "inline" if inline else f'attachment; filename="{safe_name(file_name, spaces=True)}"'
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


def size_of(key: str) -> int | None:
    """An object's size in bytes; None when it is not there."""
    try:
        return int(s3().head_object(Bucket=settings().files_bucket, Key=key)["ContentLength"])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
            return None
        raise


def read(key: str) -> bytes:
    """A whole object (for letter attachments, each at most 10 MB)."""
    return s3().get_object(Bucket=settings().files_bucket, Key=key)["Body"].read()


def sizes_under(prefix: str) -> dict[str, int]:
    """Key -> size of every object under ``prefix``."""
    found: dict[str, int] = {}
    for page in s3().get_paginator("list_objects_v2").paginate(Bucket=settings().files_bucket, Prefix=prefix):
        found.update({item["Key"]: item["Size"] for item in page.get("Contents", [])})
    return found


def copy(source: str, target: str) -> None:
    """A server-side copy (a new object: the lifecycle's age counts from now)."""
    bucket = settings().files_bucket
    s3().copy_object(Bucket=bucket, Key=target, CopySource={"Bucket": bucket, "Key": source})


def move(source: str, target: str) -> None:
    """Copy then delete (S3 has no rename); a failed copy leaves the source in place."""
    bucket = settings().files_bucket
    try:
        s3().copy_object(Bucket=bucket, Key=target, CopySource={"Bucket": bucket, "Key": source})
    except ClientError as exc:
        if exc.response["Error"]["Code"] in {"NoSuchKey", "404"}:
            raise Conflict(
                "the files are being delivered by another action; reload the request", field="files"
            ) from None
        raise
    s3().delete_object(Bucket=bucket, Key=source)


def tag_exhausted(key: str) -> None:
    """Mark an object whose link has no views left: the bucket's tag lifecycle rule removes it."""
    s3().put_object_tagging(
        Bucket=settings().files_bucket,
        Key=key,
        Tagging={"TagSet": [{"Key": "link-exhausted", "Value": "true"}]},
    )


def modified_under(prefix: str) -> dict[str, datetime]:
    """Key -> last-modified time of every object under ``prefix``."""
    found: dict[str, datetime] = {}
    for page in s3().get_paginator("list_objects_v2").paginate(Bucket=settings().files_bucket, Prefix=prefix):
        found.update({item["Key"]: item["LastModified"] for item in page.get("Contents", [])})
    return found


def apply_cleanup_days(days: int) -> None:
    """Re-apply the bucket's lifecycle with a new expiry for delivery files, keeping its other rules."""
    bucket = settings().files_bucket
    rules = s3().get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    for rule in rules:
        if rule.get("ID") == DELIVERY_RULE_ID:
            rule["Expiration"] = {"Days": days}
    s3().put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})


def zip_objects(members: Sequence[tuple[str, str]], target_key: str) -> int:
    """Zip the objects ``(key, name in the zip)`` into one object at ``target_key`` (streamed); its size."""
    from digitization import archive

    return archive.zip_objects(
        s3(), settings().files_bucket, [archive.Member(key, name) for key, name in members], target_key
    )
