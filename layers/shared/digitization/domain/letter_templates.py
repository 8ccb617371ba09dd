"""The letters' wording (SPEC §5.4), which the library's administrator may change: per kind a subject
and a text, plain, with placeholders and language sections.

- Placeholders are ``{name}``; ``{{`` and ``}}`` are literal braces. Each kind knows its own
  (:data:`PLACEHOLDERS`); any other name is refused, and the letters that carry the copy's link
  must show ``{link}`` in every section of their text.
- Language sections as in declarations (``domain/declarations.py``): a line ``--fr--`` opens the
  French section. A letter is written in the requester's language (the directory's ``locale``,
  kept on the request), ``fr-CA`` falling back to ``fr``, then the unmarked section, then ``en``.
- HTML is refused; the HTML part of a letter is made from the plain text, every value escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from digitization.domain.declarations import check_text, localize, sections
from digitization.domain.documents import letter_links
from digitization.domain.problems import FieldProblem
from digitization.domain.requests import LetterKind, Request

SUBJECT_CHARS = 2_000
TEXT_CHARS = 20_000
SUBJECT_LINE_CHARS = 200


class Placeholder(StrEnum):
    TITLE = "title"
    PART = "part"
    WHAT = "what"
    LINK = "link"
    VIEWS = "views"
    EXPIRES = "expires"
    REASON = "reason"
    NOTE = "note"
    LINKS = "links"


P = Placeholder
_COMMON = (P.TITLE, P.PART, P.WHAT)

#: What each letter may say.
PLACEHOLDERS: dict[LetterKind, tuple[Placeholder, ...]] = {
    LetterKind.APPROVED: _COMMON,
    LetterKind.REJECTED: (*_COMMON, P.REASON, P.NOTE),
    LetterKind.CANCELLED: (*_COMMON, P.REASON, P.NOTE),
    LetterKind.EXPIRED: (*_COMMON, P.EXPIRES),
    LetterKind.DELIVERED_ATTACHMENT: (*_COMMON, P.LINKS),
    LetterKind.DELIVERED_LINK: (*_COMMON, P.LINK, P.VIEWS, P.EXPIRES, P.LINKS),
    LetterKind.ADDED_TO_REPOSITORY: (*_COMMON, P.LINK),
}

#: What a letter must say: the patron's only way to their copy.
REQUIRED: dict[LetterKind, tuple[Placeholder, ...]] = {
    LetterKind.DELIVERED_LINK: (P.LINK,),
    LetterKind.ADDED_TO_REPOSITORY: (P.LINK,),
}

MEANINGS: dict[Placeholder, str] = {
    P.TITLE: "the title of the material",
    P.PART: "what was asked of it: the article, pages or chapters (empty for a whole item)",
    P.WHAT: "the title in quotes with the part in brackets",
    P.LINK: "the address of the copy: the download page, or the repository",
    P.VIEWS: "how many times the link can be used",
    P.EXPIRES: "until when the link works; for an expired request, its expiration date",
    P.REASON: "the reason given",
    P.NOTE: "the note given with it (may be empty)",
    P.LINKS: "the addresses staff added to the delivery, under a heading (empty when there are none)",
}


@dataclass(frozen=True)
class LetterTemplate:
    """A letter's wording: subject and text, each possibly with language sections."""

    subject: str
    text: str


_SIGNATURE = "\n\nWith kind regards,\nThe library's digitization service"
_SIGNATURE_FR = "\n\nMeilleures salutations,\nLe service de numérisation de la bibliothèque"


def _both(english: str, french: str, *, signed: bool = False) -> str:
    if signed:
        english, french = english + _SIGNATURE, french + _SIGNATURE_FR
    return f"{english}\n--fr--\n{french}"


def _letter(subject: tuple[str, str], text: tuple[str, str]) -> LetterTemplate:
    return LetterTemplate(subject=_both(*subject), text=_both(*text, signed=True))


#: The shipped wording; ``DELETE /letter-templates/{kind}`` restores it.
DEFAULTS: dict[LetterKind, LetterTemplate] = {
    LetterKind.APPROVED: _letter(
        ("Your digitization request has been approved", "Votre demande de numérisation a été approuvée"),
        (
            "Your request to digitize {what} has been approved.\nWe will write again when your copy is ready.",
            "Votre demande de numérisation de {what} a été approuvée.\n"
            "Nous vous écrirons de nouveau quand votre copie sera prête.",
        ),
    ),
    LetterKind.REJECTED: _letter(
        (
            "Your digitization request could not be approved",
            "Votre demande de numérisation n'a pas pu être approuvée",
        ),
        (
            "We are sorry: your request to digitize {what} was not approved.\nReason: {reason}\n{note}",
            "Nous regrettons : votre demande de numérisation de {what} n'a pas été approuvée.\n"
            "Motif : {reason}\n{note}",
        ),
    ),
    LetterKind.CANCELLED: _letter(
        ("Your digitization request was cancelled", "Votre demande de numérisation a été annulée"),
        (
            "Your request to digitize {what} was cancelled.\nReason: {reason}\n{note}",
            "Votre demande de numérisation de {what} a été annulée.\nMotif : {reason}\n{note}",
        ),
    ),
    LetterKind.EXPIRED: _letter(
        ("Your digitization request has expired", "Votre demande de numérisation a expiré"),
        (
            "Your request to digitize {what} passed its expiration date ({expires}) before it could be "
            "completed, so it was closed. You are welcome to request it again.",
            "Votre demande de numérisation de {what} a dépassé sa date d'expiration ({expires}) avant "
            "d'avoir pu être traitée ; elle a donc été close. Vous pouvez la renouveler.",
        ),
    ),
    LetterKind.DELIVERED_ATTACHMENT: _letter(
        ("Your digitized copy is attached", "Votre copie numérisée est jointe"),
        (
            "The copy of {what} you asked for is attached to this letter.\n{links}",
            "La copie de {what} que vous avez demandée est jointe à ce message.\n{links}",
        ),
    ),
    LetterKind.DELIVERED_LINK: _letter(
        ("Your digitized copy is ready to download", "Votre copie numérisée est prête à télécharger"),
        (
            "The copy of {what} you asked for is ready.\nLog in and download it here: {link}\n"
            "The link can be used {views} times and works until {expires}.\n{links}",
            "La copie de {what} que vous avez demandée est prête.\n"
            "Connectez-vous et téléchargez-la ici : {link}\n"
            "Le lien peut servir {views} fois et fonctionne jusqu'au {expires}.\n{links}",
        ),
    ),
    LetterKind.ADDED_TO_REPOSITORY: _letter(
        (
            "Your digitized copy is in the library's repository",
            "Votre copie numérisée est dans le dépôt numérique de la bibliothèque",
        ),
        (
            "{what} has been added to the library's digital repository: {link}",
            "{what} a été ajouté au dépôt numérique de la bibliothèque : {link}",
        ),
    ),
}

NAMES: dict[LetterKind, str] = {
    LetterKind.APPROVED: "Request approved",
    LetterKind.REJECTED: "Request rejected",
    LetterKind.CANCELLED: "Request cancelled",
    LetterKind.EXPIRED: "Request expired",
    LetterKind.DELIVERED_ATTACHMENT: "Delivered as an attachment",
    LetterKind.DELIVERED_LINK: "Delivered by a download link",
    LetterKind.ADDED_TO_REPOSITORY: "Added to the repository",
}

# "{{" and "}}" are braces; "{...}" is a placeholder (whatever is inside: it must be known).
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a text uses, in order (repeats kept)."""
    return [m.group(1) for m in _TOKEN.finditer(text) if m.group(1) is not None]


def _check_placeholders(kind: LetterKind, text: str, field: str) -> None:
    allowed = {p.value for p in PLACEHOLDERS[kind]}
    for name in placeholders_in(text):
        if name not in allowed:
            known = ", ".join(f"{{{p}}}" for p in sorted(allowed))
            raise FieldProblem(
                field,
                f"unknown placeholder {{{name}}}: the {kind.value} letter knows {known} "
                "(write {{ and }} for a brace)",
            )


def check_template(kind: LetterKind, subject: str, text: str) -> LetterTemplate:
    """A wording fit to store (a :class:`FieldProblem` naming ``subject`` or ``text`` otherwise)."""
    subject = check_text(subject, field="subject", what="letter", limit=SUBJECT_CHARS)
    text = check_text(text, field="text", what="letter", limit=TEXT_CHARS)
    for language, line in sections(subject).items():
        if "\n" in line or len(line) > SUBJECT_LINE_CHARS:
            where = f"the --{language}-- section" if language else "the subject"
            raise FieldProblem(
                "subject", f"{where} must be one line of at most {SUBJECT_LINE_CHARS} characters"
            )
    _check_placeholders(kind, subject, "subject")
    _check_placeholders(kind, text, "text")
    for needed in REQUIRED.get(kind, ()):
        for language, section in sections(text).items():
            if needed.value not in placeholders_in(section):
                where = f"the --{language}-- section" if language else "the text"
                raise FieldProblem(
                    "text", f"{where} must contain {{{needed.value}}}: the patron's way to the copy"
                )
    return LetterTemplate(subject=subject, text=text)


def _part(request: Request, language: str | None) -> str:
    french = (language or "").split("-")[0] == "fr"
    if request.article_title:
        return request.article_title
    if request.pages:
        return f"pages {request.pages}"
    if request.chapters:
        word = "chapitre" if french else "chapter"
        return f"{word} " + ", ".join(request.chapters)
    return ""


def values(request: Request, data: Mapping[str, object], language: str | None) -> dict[str, str]:
    """Every placeholder's value for a letter (empty when the letter has none of it)."""
    part = _part(request, language)
    found = {key: "" if value is None else str(value) for key, value in data.items() if key != "files"}
    expires = found.get("expires_on") or found.get("expiration_date") or str(request.expiration_date or "")
    return {
        P.TITLE: request.item.title or "",
        P.PART: part,
        P.WHAT: f"“{request.item.title}”" + (f" ({part})" if part else ""),
        P.LINK: found.get("link", ""),
        P.VIEWS: found.get("max_views", ""),
        P.EXPIRES: expires,
        P.REASON: found.get("reason", ""),
        P.NOTE: found.get("note", ""),
        P.LINKS: _links(request, language),
    }


def _links(request: Request, language: str | None) -> str:
    """The delivery documents' URLs (decision 65) under a heading, or nothing."""
    lines = letter_links(request)
    if not lines:
        return ""
    heading = "Aussi pour vous :" if (language or "").split("-")[0] == "fr" else "Also for you:"
    return "\n" + "\n".join([heading, *lines])


def fill(text: str, given: Mapping[str, str]) -> str:
    """``text`` with its placeholders replaced (an unknown one, never stored, stays as written)."""

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in {"{{", "}}"}:
            return token[0]
        return given.get(match.group(1), token)

    return _TOKEN.sub(one, text)


@dataclass(frozen=True)
class Rendered:
    subject: str
    plain: str
    html: str
    language: str | None


def render(template: LetterTemplate, language: str | None, given: Mapping[str, str]) -> Rendered:
    """The letter in ``language`` (with the fallbacks): subject, plain text and its HTML twin."""
    wanted = [language] if language else []
    body = localize(template.text, wanted)
    subject = fill(localize(template.subject, wanted).text, given)
    plain = re.sub(r"\n{3,}", "\n\n", fill(body.text, given)).strip()
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in plain.split("\n") if line.strip())
    markup = f"<!doctype html><html><body>{paragraphs}</body></html>"
    return Rendered(subject=" ".join(subject.split()), plain=plain, html=markup, language=body.language)
