"""Copyright declarations (SPEC §7): the five forms, their default texts, language sections, no HTML.

A declaration's text may hold language sections: a line starting with ``--fr--`` (any
language tag, e.g. ``--pt-br--``) opens the French section, up to the next marker. Text
before the first marker is the default section. A reader gets the section for the first
language of their ``Accept-Language`` that the text has (``fr-CA`` falls back to ``fr``),
else the default section, else ``en``, else the first section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from digitization.domain.problems import FieldProblem

MAX_TEXT = 20_000


class DeclarationForm(StrEnum):
    DIGITIZATION_REQUEST = "digitization_request_copyright_declaration"
    RESOURCE_SHARING = "resource_sharing_copyrights"
    LEGANTO_DIGITIZATION_REQUEST = "leganto_digitization_request_copyright_declaration"
    COPYRIGHTS_1 = "copyrights_1"
    COPYRIGHTS_2 = "copyrights_2"


@dataclass(frozen=True)
class FormInfo:
    form: DeclarationForm
    name: str
    file_name: str
    purpose: str
    default_text: str


_VIEWER_DEFAULT = (
    "This digital copy is provided for your private study and research only. It is protected by "
    "copyright: do not copy, share or publish it further, and do not use it commercially, except as "
    "the law allows. By viewing it you accept these conditions."
)

FORMS: dict[DeclarationForm, FormInfo] = {
    info.form: info
    for info in (
        FormInfo(
            DeclarationForm.DIGITIZATION_REQUEST,
            "Digitization Request Copyright Declaration",
            "DigitizationRequestCopyrightDeclaration.html",
            "Displayed on the digitization request form; the patron confirms it before submitting.",
            "I declare that the copy I request is for my private study or research, that I have not "
            "received a copy of the same material before from this library, and that I will not "
            "share it. I understand that misuse may infringe copyright.",
        ),
        FormInfo(
            DeclarationForm.RESOURCE_SHARING,
            "Resource Sharing Copyrights",
            "resourceSharingCopyrights.html",
            "Displayed on the resource sharing request form.",
            "The copy supplied through resource sharing is for private study or research only. It "
            "may not be copied again or passed on, and the library may decline a request that "
            "would infringe copyright.",
        ),
        FormInfo(
            DeclarationForm.LEGANTO_DIGITIZATION_REQUEST,
            "Leganto Digitization Request Copyright Declaration",
            "LegantoDigitizationRequestCopyrightDeclaration.html",
            "Displayed in the reading list to students opening digitized citation material.",
            "This extract was copied for the students of this course under the institution's "
            "copyright licence. Use it only for your studies in this course; do not share it "
            "outside the course.",
        ),
        FormInfo(
            DeclarationForm.COPYRIGHTS_1,
            "Copyrights 1",
            "copyrights1.html",
            "Displayed with a digital object, as its access-rights policy says.",
            _VIEWER_DEFAULT,
        ),
        FormInfo(
            DeclarationForm.COPYRIGHTS_2,
            "Copyrights 2",
            "copyrights2.html",
            "Displayed with a digital object, as its access-rights policy says.",
            _VIEWER_DEFAULT,
        ),
    )
}

# The declarations of the /copyrights folder: the only ones a policy can show with an object.
VIEWER_FORMS = frozenset({DeclarationForm.COPYRIGHTS_1, DeclarationForm.COPYRIGHTS_2})


def form_for(key: str) -> DeclarationForm | None:
    """A form by its code (``copyrights_1``) or its file name (``copyrights1.html``), any case."""
    wanted = key.strip().casefold()
    for info in FORMS.values():
        if wanted in {info.form.value, info.file_name.casefold()}:
            return info.form
    return None


# ---------------------------------------------------------------------------
# Text: HTML refused, language sections
# ---------------------------------------------------------------------------

_MARKER = re.compile(r"^[ \t]*--([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)---?[ \t]*", re.MULTILINE)
# A tag as a browser reads one: "<" then a letter (or "/" and a letter), up to ">"; comments, doctypes.
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--|<!\[CDATA\[|<![A-Za-z]")


class Localized(BaseModel):
    """A declaration in one language; ``language`` None is the text's default section."""

    language: str | None
    text: str


def find_html(text: str) -> str | None:
    """The first HTML tag in ``text``, if any."""
    match = _HTML.search(text)
    return match.group(0) if match else None


def sections(text: str) -> dict[str | None, str]:
    """The text's sections by language tag (lower case); None keys the default (unmarked) section."""
    found: dict[str | None, str] = {}
    markers = list(_MARKER.finditer(text))
    head = text[: markers[0].start()] if markers else text
    if head.strip():
        found[None] = head.strip()
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        found.setdefault(marker.group(1).lower(), text[marker.end() : end].strip())
    return found


def check_text(text: str, *, field: str = "text", what: str = "declaration", limit: int = MAX_TEXT) -> str:
    """A ``what`` text (declaration, letter) fit to store: no HTML, no empty or repeated language section."""
    text = text.strip()
    if not text:
        raise FieldProblem(field, f"the {what} text is empty")
    if len(text) > limit:
        raise FieldProblem(field, f"the {what} text is longer than {limit} characters")
    tag = find_html(text)
    if tag:
        raise FieldProblem(field, f"{what}s are plain text: HTML tags are not supported (found {tag})")
    seen: set[str] = set()
    markers = list(_MARKER.finditer(text))
    for index, marker in enumerate(markers):
        language = marker.group(1).lower()
        if language in seen:
            raise FieldProblem(field, f"the --{language}-- section appears twice")
        seen.add(language)
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        if not text[marker.end() : end].strip():
            raise FieldProblem(field, f"the --{language}-- section is empty")
    return text


def accepted_languages(header: str | None) -> list[str]:
    """Language tags of an ``Accept-Language`` header, most wanted first (q=0 and ``*`` dropped)."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        if not tag or tag == "*" or not re.fullmatch(r"[a-z]{1,8}(-[a-z0-9]{1,8})*", tag):
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, raw = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(raw)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def localize(text: str, languages: list[str]) -> Localized:
    """The section for the first wanted language the text has, with the fallbacks of the module doc."""
    found = sections(text)
    if not found:
        return Localized(language=None, text="")
    for wanted in languages:
        primary = wanted.split("-")[0]
        for candidate in (wanted, primary):
            if candidate in found:
                return Localized(language=candidate, text=found[candidate])
        for language, section in found.items():
            if language is not None and language.split("-")[0] == primary:
                return Localized(language=language, text=section)
    for fallback in (None, "en"):
        if fallback in found:
            return Localized(language=fallback, text=found[fallback])
    language, section = next(iter(found.items()))
    return Localized(language=language, text=section)


def languages_of(text: str) -> list[str]:
    """The language sections a text has (without the default one)."""
    return [language for language in sections(text) if language is not None]
