"""The letters' wording (SPEC §5.4): staff read it, administrators customize and restore it; the
letters read the wording in force when they are sent (:func:`wording`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from digitization.auth import Caller, Role
from digitization.data.config_docs import Stored
from digitization.data.pagination import Page
from digitization.data.repositories import repositories
from digitization.domain.declarations import languages_of
from digitization.domain.history import Action, Author, ConfigChange, ConfigKind, entry
from digitization.domain.letter_templates import (
    DEFAULTS,
    MEANINGS,
    NAMES,
    PLACEHOLDERS,
    REQUIRED,
    SUBJECT_CHARS,
    TEXT_CHARS,
    LetterTemplate,
    check_template,
)
from digitization.domain.requests import LetterKind
from digitization.domain.versions import CURRENT_VERSION, StartedFrom
from digitization.errors import NotFound
from digitization.observability import count

ADMIN = Role.FULFILLMENT_ADMIN


class LetterWording(BaseModel):
    """Body of ``PUT /letter-templates/{kind}``: the subject and the text, plain, with placeholders."""

    model_config = ConfigDict(extra="forbid")

    subject: str = Field(max_length=SUBJECT_CHARS, description="One line (per language section).")
    text: str = Field(max_length=TEXT_CHARS)
    version: StartedFrom = None


class PlaceholderView(BaseModel):
    name: str = Field(description="Written `{name}` in the subject or text.")
    meaning: str
    required: bool = Field(description="Every language section of the text must contain it.")


class LetterTemplateView(BaseModel):
    """A letter's wording in force (customized or shipped), the shipped one, and what it may say."""

    kind: LetterKind
    name: str
    customized: bool
    subject: str
    text: str
    default_subject: str
    default_text: str
    languages: list[str] = Field(description="The language sections of the text (besides the unmarked one).")
    placeholders: list[PlaceholderView]
    updated_by: str | None = None
    updated_at: str | None = None
    version: int = Field(default=0, description=CURRENT_VERSION)


def _kind(key: str) -> LetterKind:
    try:
        return LetterKind(key.strip().lower())
    except ValueError:
        known = ", ".join(kind.value for kind in LetterKind)
        raise NotFound(f"no letter {key!r}; the letters are: {known}", field="kind") from None


def _view(kind: LetterKind, stored: Stored) -> LetterTemplateView:
    default = DEFAULTS[kind]
    doc = stored.doc
    current = _template(kind, doc)
    required = set(REQUIRED.get(kind, ()))
    return LetterTemplateView(
        kind=kind,
        name=NAMES[kind],
        customized=doc is not None,
        subject=current.subject,
        text=current.text,
        default_subject=default.subject,
        default_text=default.text,
        languages=languages_of(current.text),
        placeholders=[
            PlaceholderView(name=p.value, meaning=MEANINGS[p], required=p in required)
            for p in PLACEHOLDERS[kind]
        ],
        updated_by=doc.get("updated_by") if doc else None,
        updated_at=doc.get("updated_at") if doc else None,
        version=stored.version,
    )


def _template(kind: LetterKind, stored: dict[str, Any] | None) -> LetterTemplate:
    if not stored:
        return DEFAULTS[kind]
    return LetterTemplate(subject=str(stored["subject"]), text=str(stored["text"]))


def _shipped(kind: LetterKind) -> dict[str, str]:
    return {"subject": DEFAULTS[kind].subject, "text": DEFAULTS[kind].text}


def list_all(caller: Caller) -> list[LetterTemplateView]:
    """Every letter, in a fixed order, customized or shipped (one query)."""
    caller.require_staff()
    stored = repositories().letter_templates.customized()
    return [_view(kind, stored.get(kind, Stored(None))) for kind in LetterKind]


def get(caller: Caller, key: str) -> LetterTemplateView:
    caller.require_staff()
    kind = _kind(key)
    return _view(kind, repositories().letter_templates.customization(kind))


def customize(caller: Caller, key: str, body: LetterWording) -> LetterTemplateView:
    """Store the wording after checking it (unknown placeholders, HTML, a missing ``{link}``: 422)."""
    caller.require(ADMIN)
    kind = _kind(key)
    checked = check_template(kind, body.subject, body.text)
    author = Author.now(caller.username)
    doc = {"subject": checked.subject, "text": checked.text, "updated_by": author.by, "updated_at": author.at}
    saved = repositories().letter_templates.customize(
        kind,
        doc,
        lambda old: entry(author, Action.CHANGED, kind.value, old or _shipped(kind), doc),
        body.version,
    )
    count("LetterTemplateCustomized")
    return _view(kind, saved)


def restore(caller: Caller, key: str, started_from: int | None = None) -> None:
    """Back to the shipped wording (also when it was never customized); ``started_from`` as for an edit."""
    caller.require(ADMIN)
    kind = _kind(key)
    author = Author.now(caller.username)
    repositories().letter_templates.restore(
        kind, lambda old: entry(author, Action.RESTORED, kind.value, old, _shipped(kind)), started_from
    )
    count("LetterTemplateRestored")


def history(caller: Caller, key: str, limit: int, next_token: str | None) -> Page[ConfigChange]:
    """Who changed the letter's wording, when, old -> new; newest first."""
    caller.require_staff()
    return repositories().history.page(ConfigKind.LETTER_TEMPLATE, _kind(key).value, limit, next_token)


def wording(kind: LetterKind) -> LetterTemplate:
    """The wording in force for a letter (one GetItem). No role check: the letters' own read."""
    return _template(kind, repositories().letter_templates.customization(kind).doc)
