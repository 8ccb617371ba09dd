"""Zip several S3 objects into one S3 object, streamed: memory stays near one upload part.

The archive is written through ``zipfile`` into a writer that uploads every 8 MB as a
part of an S3 multipart upload; each member is read from S3 in 1 MB chunks. A
10 x 10 MB delivery never holds more than a part and a chunk in memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

PART_BYTES = 8 * 1024 * 1024  # S3 parts are at least 5 MB, except the last
CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Member:
    key: str
    name: str


class _MultipartWriter(io.RawIOBase):
    """A write-only stream whose bytes become the parts of one multipart upload."""

    def __init__(self, s3: S3Client, bucket: str, key: str, content_type: str) -> None:
        super().__init__()
        self._s3, self._bucket, self._key = s3, bucket, key
        self._upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key, ContentType=content_type)[
            "UploadId"
        ]
        self._buffer = bytearray()
        self._parts: list[dict[str, Any]] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._buffer += chunk
        self._position += len(chunk)
        if len(self._buffer) >= PART_BYTES:
            self._upload_part()
        return len(chunk)

    def _upload_part(self) -> None:
        number = len(self._parts) + 1
        answer = self._s3.upload_part(
            Bucket=self._bucket,
            Key=self._key,
            UploadId=self._upload_id,
            PartNumber=number,
            Body=bytes(self._buffer),
        )
        self._parts.append({"ETag": answer["ETag"], "PartNumber": number})
        self._buffer.clear()

    def complete(self) -> int:
        """Upload what is left and finish the object; returns its size."""
        if self._buffer or not self._parts:
            self._upload_part()
        self._s3.complete_multipart_upload(
            Bucket=self._bucket,
            Key=self._key,
            UploadId=self._upload_id,
            MultipartUpload={"Parts": self._parts},  # type: ignore[typeddict-item]
        )
        return self._position

    def abort(self) -> None:
        self._s3.abort_multipart_upload(Bucket=self._bucket, Key=self._key, UploadId=self._upload_id)


def zip_objects(s3: S3Client, bucket: str, members: Sequence[Member], target_key: str) -> int:
    """Write ``members`` as one zip at ``target_key``; returns the zip's size. Nothing is left half-made."""
    writer = _MultipartWriter(s3, bucket, target_key, "application/zip")
    try:
        with zipfile.ZipFile(writer, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            names: set[str] = set()
            for index, member in enumerate(members, start=1):
                name = member.name if member.name not in names else f"{index}-{member.name}"
                names.add(name)
                body = s3.get_object(Bucket=bucket, Key=member.key)["Body"]
                with archive.open(name, mode="w", force_zip64=True) as entry:
                    for chunk in body.iter_chunks(CHUNK_BYTES):
                        entry.write(chunk)
        return writer.complete()
    except BaseException:
        writer.abort()
        raise
