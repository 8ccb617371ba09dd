"""Notification letters (SPEC §5.4): rendered in the wording in force, plain text + HTML, sent with SES."""

from __future__ import annotations

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
from digitization.domain import letter_templates
from digitization.domain.letter_templates import LetterTemplate, Rendered
from digitization.domain.requests import Letter, LetterKind, Request
from digitization.mime import FilePart, build

#: The letters that list the delivery's URLs (decision 65): where wording the library wrote leaves out
#: ``{links}``, they follow it, so an address staff gave is never lost.
LISTS_LINKS = frozenset({LetterKind.DELIVERED_ATTACHMENT, LetterKind.DELIVERED_LINK})


def render(letter: Letter, request: Request, wording: LetterTemplate) -> Rendered:
    """The letter in the requester's language (kept on the request from the directory), in ``wording``."""
    language = request.requester.language
    if letter.kind in LISTS_LINKS and "{links}" not in wording.text:
        wording = LetterTemplate(subject=wording.subject, text=wording.text + "\n\n{links}")
    return letter_templates.render(wording, language, letter_templates.values(request, letter.data, language))


class SendFailed(Exception):
    """SES refused the letter, or could not be reached: it was not sent."""


class SendUncertain(Exception):
    """The letter went to SES but no answer came back: it may have been sent."""


def send(letter: Letter, request: Request, wording: LetterTemplate) -> str:
    """Send one letter in ``wording``; returns SES's message id. Attachment letters carry their files
    (raw MIME).

    SES's own errors become :class:`SendFailed` or :class:`SendUncertain`: the service above never
    sees botocore.
    """
    try:
        return _send(letter, request, wording)
    except (ClientError, EndpointConnectionError, ConnectTimeoutError) as exc:
        raise SendFailed(str(exc)) from exc
    except (ReadTimeoutError, ConnectionClosedError) as exc:
        raise SendUncertain(str(exc)) from exc


def _send(letter: Letter, request: Request, wording: LetterTemplate) -> str:
    if not letter.to:
        raise SendFailed("no address")
    rendered = render(letter, request, wording)
    subject, plain, markup = rendered.subject, rendered.plain, rendered.html
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
