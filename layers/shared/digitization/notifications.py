"""Notification letters (SPEC §5.4): plain text + HTML per kind, sent with SES."""

from __future__ import annotations

import html
from dataclasses import dataclass
from string import Template

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from digitization import storage
from digitization.aws import ses, sesv2
from digitization.config import settings
from digitization.domain.documents import letter_links
from digitization.domain.requests import Letter, LetterKind, Request
from digitization.mime import FilePart, build


@dataclass(frozen=True)
class LetterText:
    subject: str
    body: str


TEXTS: dict[LetterKind, LetterText] = {
    LetterKind.APPROVED: LetterText(
        "Your digitization request has been approved",
        "Your request to digitize $what has been approved.\nWe will write again when your copy is ready.",
    ),
    LetterKind.REJECTED: LetterText(
        "Your digitization request could not be approved",
        "We are sorry: your request to digitize $what was not approved.\nReason: $reason\n$note",
    ),
    LetterKind.CANCELLED: LetterText(
        "Your digitization request was cancelled",
        "Your request to digitize $what was cancelled.\nReason: $reason\n$note",
    ),
    LetterKind.EXPIRED: LetterText(
        "Your digitization request has expired",
        "Your request to digitize $what passed its expiration date ($expiration_date) before it could be "
        "completed, so it was closed. You are welcome to request it again.",
    ),
    LetterKind.DELIVERED_ATTACHMENT: LetterText(
        "Your digitized copy is attached",
        "The copy of $what you asked for is attached to this letter.",
    ),
    LetterKind.DELIVERED_LINK: LetterText(
        "Your digitized copy is ready to download",
        "The copy of $what you asked for is ready.\nLog in and download it here: $link\n"
        "The link can be used $max_views times and works until $expires_on.",
    ),
    LetterKind.ADDED_TO_REPOSITORY: LetterText(
        "Your digitized copy is in the library's repository",
        "$what has been added to the library's digital repository: $link",
    ),
}

LISTS_LINKS = frozenset({LetterKind.DELIVERED_ATTACHMENT, LetterKind.DELIVERED_LINK})
SIGNATURE = "\n\nWith kind regards,\nThe library's digitization service"


def what(request: Request) -> str:
    """How a letter names the material: the title and the part asked for."""
    part = request.article_title or (f"pages {request.pages}" if request.pages else None)
    if not part and request.chapters:
        part = "chapter " + ", ".join(request.chapters)
    return f"“{request.item.title}”" + (f" ({part})" if part else "")


def render(letter: Letter, request: Request) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of a letter."""
    text = TEXTS[letter.kind]
    values = {
        key: "" if value is None else str(value) for key, value in letter.data.items() if key != "files"
    }
    values.setdefault("expiration_date", str(request.expiration_date or ""))
    plain = Template(text.body).safe_substitute(what=what(request), **values).rstrip()
    plain += _links(letter, request) + SIGNATURE
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in plain.split("\n") if line.strip())
    markup = f"<!doctype html><html><body>{paragraphs}</body></html>"
    return text.subject, plain, markup


def _links(letter: Letter, request: Request) -> str:
    """The delivery documents' URLs, listed in an attachment or link letter (decision 65)."""
    lines = letter_links(request) if letter.kind in LISTS_LINKS else []
    return "\n\nAlso for you:\n" + "\n".join(lines) if lines else ""


class SendFailed(Exception):
    """SES refused the letter, or could not be reached: it was not sent."""


class SendUncertain(Exception):
    """The letter went to SES but no answer came back: it may have been sent."""


def send(letter: Letter, request: Request) -> str:
    """Send one letter; returns SES's message id. Attachment letters carry their files (raw MIME).

    SES's own errors become :class:`SendFailed` or :class:`SendUncertain`: the service above never
    sees botocore.
    """
    try:
        return _send(letter, request)
    except (ClientError, EndpointConnectionError, ConnectTimeoutError) as exc:
        raise SendFailed(str(exc)) from exc
    except (ReadTimeoutError, ConnectionClosedError) as exc:
        raise SendUncertain(str(exc)) from exc


def _send(letter: Letter, request: Request) -> str:
    if not letter.to:
        raise SendFailed("no address")
    subject, plain, markup = render(letter, request)
    if letter.kind is LetterKind.DELIVERED_ATTACHMENT:
        files = [
            FilePart(name=f["name"], content_type=f["content_type"], data=storage.read(f["key"]))
            for f in letter.data.get("files", [])
        ]
        raw = build(settings().sender_email, letter.to, subject, plain, markup, files)
        # SES v2: raw messages up to 40 MB (the v1 API stops at 10 MB).
        answer = sesv2().send_email(
            FromEmailAddress=settings().sender_email,
            Destination={"ToAddresses": [letter.to]},
            Content={"Raw": {"Data": raw}},
        )
        return str(answer["MessageId"])
    response = ses().send_email(
        Source=settings().sender_email,
        Destination={"ToAddresses": [letter.to]},
        Message={
            "Subject": {"Data": subject, "Charset": "UTF-8"},
            "Body": {
                "Text": {"Data": plain, "Charset": "UTF-8"},
                "Html": {"Data": markup, "Charset": "UTF-8"},
            },
        },
    )
    return str(response["MessageId"])
