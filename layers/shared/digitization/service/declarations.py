"""Copyright declarations (SPEC §7): read by anyone logged in, customized and restored by
administrators; and the resource sharing copyright declaration (content + enabled)."""

from __future__ import annotations

import hashlib
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from digitization.auth import Caller, Role
from digitization.data.config_docs import Stored
from digitization.data.declarations import RS_DECLARATION_KEY
from digitization.data.pagination import Page
from digitization.data.repositories import repositories
from digitization.domain.declarations import (
    FORMS,
    MAX_TEXT,
    DeclarationForm,
    Localized,
    accepted_languages,
    check_text,
    form_for,
    languages_of,
    localize,
)
from digitization.domain.history import Action, Author, ConfigChange, ConfigKind, entry
from digitization.domain.problems import FieldProblem
from digitization.domain.versions import CURRENT_VERSION, StartedFrom
from digitization.errors import NotFound
from digitization.observability import count

ADMIN = Role.FULFILLMENT_ADMIN


class DeclarationText(BaseModel):
    """Body of ``PUT /copyright-declarations/{form}``."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=MAX_TEXT)
    version: StartedFrom = None

    @model_validator(mode="after")
    def _plain(self) -> Self:
        self.text = check_text(self.text)
        return self


class DeclarationView(BaseModel):
    """A declaration form: its text (customized or default), the default, and the text shown."""

    form: DeclarationForm
    name: str
    file_name: str
    purpose: str
    customized: bool
    text: str
    default_text: str
    languages: list[str]
    shown: Localized = Field(
        description="The text in the caller's language (Accept-Language), with fallback."
    )
    updated_by: str | None = None
    updated_at: str | None = None
    version: int = Field(default=0, description=CURRENT_VERSION)


class RsDeclarationInput(BaseModel):
    """Body of ``PUT /resource-sharing-copyright-declaration``."""

    model_config = ConfigDict(extra="forbid")

    content: str = Field(default="", max_length=MAX_TEXT)
    enabled: Annotated[bool, Field(strict=True)] = False
    version: StartedFrom = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.content.strip():
            self.content = check_text(self.content, field="content")
        elif self.enabled:
            raise FieldProblem("content", "enter the declaration's content before enabling it")
        else:
            self.content = ""
        return self


class RsDeclaration(RsDeclarationInput):
    model_config = ConfigDict(extra="ignore")

    shown: Localized | None = None
    updated_by: str | None = None
    updated_at: str | None = None
    version: int = Field(default=0, description=CURRENT_VERSION)


def _form(key: str) -> DeclarationForm:
    form = form_for(key)
    if form is None:
        known = ", ".join(f"{f.value} ({info.file_name})" for f, info in FORMS.items())
        raise NotFound(f"no copyright declaration {key!r}; the forms are: {known}", field="form")
    return form


def _view(form: DeclarationForm, stored: Stored, accept_language: str | None) -> DeclarationView:
    info = FORMS[form]
    doc = stored.doc
    text = str(doc["text"]) if doc else info.default_text
    return DeclarationView(
        form=form,
        name=info.name,
        file_name=info.file_name,
        purpose=info.purpose,
        customized=doc is not None,
        text=text,
        default_text=info.default_text,
        languages=languages_of(text),
        shown=localize(text, accepted_languages(accept_language)),
        updated_by=doc.get("updated_by") if doc else None,
        updated_at=doc.get("updated_at") if doc else None,
        version=stored.version,
    )


def list_all(caller: Caller, accept_language: str | None = None) -> list[DeclarationView]:
    """The five forms in their fixed order, customized or default (one query)."""
    stored = repositories().declarations.customized()
    return [_view(form, stored.get(form, Stored(None)), accept_language) for form in FORMS]


def get(caller: Caller, key: str, accept_language: str | None = None) -> DeclarationView:
    form = _form(key)
    return _view(form, repositories().declarations.customization(form), accept_language)


def customize(caller: Caller, key: str, body: DeclarationText) -> DeclarationView:
    caller.require(ADMIN)
    form = _form(key)
    author = Author.now(caller.username)
    doc = {"text": body.text, "updated_by": author.by, "updated_at": author.at}
    default = {"text": FORMS[form].default_text}
    saved = repositories().declarations.customize(
        form, doc, lambda old: entry(author, Action.CHANGED, form.value, old or default, doc), body.version
    )
    count("DeclarationCustomized")
    return _view(form, saved, None)


def restore(caller: Caller, key: str, started_from: int | None = None) -> None:
    """Back to the default text (also when it was never customized); ``started_from`` as for an edit."""
    caller.require(ADMIN)
    form = _form(key)
    author = Author.now(caller.username)
    default = {"text": FORMS[form].default_text}
    repositories().declarations.restore(
        form, lambda old: entry(author, Action.RESTORED, form.value, old, default), started_from
    )
    count("DeclarationRestored")


def declaration_history(caller: Caller, key: str, limit: int, next_token: str | None) -> Page[ConfigChange]:
    """Who changed the declaration, when, old -> new (a restore's new text is the default)."""
    caller.require_staff()
    return repositories().history.page(ConfigKind.DECLARATION, _form(key).value, limit, next_token)


def rs_declaration_history(caller: Caller, limit: int, next_token: str | None) -> Page[ConfigChange]:
    caller.require_staff()
    return repositories().history.page(ConfigKind.DECLARATION, RS_DECLARATION_KEY, limit, next_token)


def text_of(form: DeclarationForm) -> str:
    """The text in force for a form (customized or default)."""
    doc = repositories().declarations.customization(form).doc
    return str(doc["text"]) if doc else FORMS[form].default_text


def fingerprint(text: str) -> str:
    """Identifies a declaration's wording: an acceptance holds only for the text that was accepted."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def rs_declaration(caller: Caller, accept_language: str | None = None) -> RsDeclaration:
    return _rs_view(repositories().declarations.rs_declaration(), accept_language)


def _rs_view(stored: Stored, accept_language: str | None) -> RsDeclaration:
    doc = stored.doc or {}
    content = str(doc.get("content", ""))
    return RsDeclaration(
        content=content,
        enabled=bool(doc.get("enabled", False)),
        shown=localize(content, accepted_languages(accept_language)) if content else None,
        updated_by=doc.get("updated_by"),
        updated_at=doc.get("updated_at"),
        version=stored.version,
    )


def save_rs_declaration(caller: Caller, body: RsDeclarationInput) -> RsDeclaration:
    caller.require(ADMIN)
    author = Author.now(caller.username)
    doc = {**body.model_dump(exclude={"version"}), "updated_by": author.by, "updated_at": author.at}
    saved = repositories().declarations.save_rs_declaration(
        doc, lambda old: entry(author, Action.CHANGED, RS_DECLARATION_KEY, old, doc), body.version
    )
    count("RsDeclarationSaved")
    return _rs_view(saved, None)
