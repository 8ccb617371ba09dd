"""Letters with files attached, as raw MIME (standard library ``email``), within SES's size limit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP

SES_MAX_MESSAGE_BYTES = 40 * 1024 * 1024  # after encoding
ENVELOPE_ALLOWANCE = 64 * 1024


@dataclass(frozen=True)
class FilePart:
    name: str
    content_type: str
    data: bytes


def encoded_size(raw_bytes: int) -> int:
    """Bytes a file takes in a message once base64-encoded (76-character lines, CRLF)."""
    base64_chars = 4 * ((raw_bytes + 2) // 3)
    return base64_chars + 2 * (base64_chars // 76 + 1)


def fits(file_sizes: Sequence[int]) -> bool:
    """Would a letter carrying files of these sizes stay within SES's limit?"""
    return sum(encoded_size(size) for size in file_sizes) + ENVELOPE_ALLOWANCE <= SES_MAX_MESSAGE_BYTES


def build(sender: str, to: str, subject: str, text: str, html: str, files: Sequence[FilePart]) -> bytes:
    """The whole message: text and HTML alternatives, then the files."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for part in files:
        maintype, _, subtype = part.content_type.partition("/")
        message.add_attachment(
            part.data,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=part.name,
        )
    return message.as_bytes(policy=SMTP)
