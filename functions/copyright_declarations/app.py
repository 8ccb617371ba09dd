"""Copyright declarations: list, view (with the default), customize, restore; and the resource
sharing copyright declaration (content + enabled)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header

from digitization.api.history import DESCRIPTION, Limit, NextToken, history_page
from digitization.api.versions import StartedFromQuery
from digitization.domain.history import HistoryPage
from digitization.http import NO_CONTENT, caller, entrypoint, make_app
from digitization.service import declarations as service
from digitization.service.declarations import (
    DeclarationText,
    DeclarationView,
    RsDeclaration,
    RsDeclarationInput,
)

router = Router()
TAGS = ["Copyright declarations"]
Language = Annotated[str | None, Header(alias="Accept-Language", max_length=500)]


@router.get(
    "/copyright-declarations",
    summary="The five copyright declaration forms",
    description="Each with its file name, whether it is customized, its text and default text, and `shown`: "
    "the text in the caller's language (sections start with a `--fr--` line; fallback to the default "
    "section, then `en`).",
    tags=TAGS,
)
def list_declarations(accept_language: Language = None) -> list[DeclarationView]:
    return service.list_all(caller(router), accept_language)


@router.get(
    "/copyright-declarations/<form>",
    summary="One copyright declaration (also its default text)",
    description="`form` is the form code (`copyrights_1`) or its file name (`copyrights1.html`).",
    tags=TAGS,
)
def get_declaration(form: str, accept_language: Language = None) -> DeclarationView:
    return service.get(caller(router), form, accept_language)


@router.get(
    "/copyright-declarations/<form>/history",
    summary="A copyright declaration's change history",
    description=DESCRIPTION + " A restore shows the default text as the new value.",
    tags=TAGS,
)
def declaration_history(form: str, limit: Limit = 25, next_token: NextToken = None) -> HistoryPage:
    return history_page(service.declaration_history(caller(router), form, limit, next_token))


@router.put(
    "/copyright-declarations/<form>",
    summary="Customize a copyright declaration",
    description="Plain text (HTML tags are refused); language sections start with a `--<code>--` line.",
    tags=TAGS,
)
def customize_declaration(form: str, body: DeclarationText) -> DeclarationView:
    return service.customize(caller(router), form, body)


@router.delete(
    "/copyright-declarations/<form>",
    summary="Restore a copyright declaration to its default",
    description="Back to the shipped default text. Fulfillment administrators.",
    tags=TAGS,
    responses=NO_CONTENT,
)
def restore_declaration(form: str, version: StartedFromQuery = None) -> Response[Any]:
    service.restore(caller(router), form, version)
    return Response(status_code=204)


@router.get(
    "/resource-sharing-copyright-declaration",
    summary="The resource sharing copyright declaration",
    description="Shown to patrons before they request an item from a partner, when enabled.",
    tags=TAGS,
)
def get_rs_declaration(accept_language: Language = None) -> RsDeclaration:
    return service.rs_declaration(caller(router), accept_language)


@router.get(
    "/resource-sharing-copyright-declaration/history",
    summary="The resource sharing copyright declaration's change history",
    description=DESCRIPTION,
    tags=TAGS,
)
def rs_declaration_history(limit: Limit = 25, next_token: NextToken = None) -> HistoryPage:
    return history_page(service.rs_declaration_history(caller(router), limit, next_token))


@router.put(
    "/resource-sharing-copyright-declaration",
    summary="Set the resource sharing copyright declaration",
    description="Content (plain text) and enabled; enabling needs content.",
    tags=TAGS,
)
def save_rs_declaration(body: RsDeclarationInput) -> RsDeclaration:
    return service.save_rs_declaration(caller(router), body)


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
