"""Copyright mapping and code tables: citation default copyright statuses, resource sharing
copyright statuses (descriptions only)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.history import DESCRIPTION, Limit, NextToken, history_page
from digitization.domain.code_tables import (
    CitationCopyrightDefaults,
    CitationCopyrightDefaultsView,
    RsCopyrightStatus,
    StatusDescription,
)
from digitization.domain.history import HistoryPage
from digitization.http import caller, entrypoint, errors, make_app
from digitization.service import code_tables as service

router = Router()
TAGS = ["Code tables"]


@router.get(
    "/citation-copyright-defaults",
    summary="Citation default copyright status mapping",
    description="The copyright status a new reading-list citation starts with: repository citations "
    "(digital, electronic, physical), non-repository and brief citations.",
    tags=TAGS,
)
def get_citation_defaults() -> CitationCopyrightDefaultsView:
    return service.citation_defaults(caller(router))


@router.get(
    "/citation-copyright-defaults/history",
    summary="The citation default copyright status mapping's change history",
    description=DESCRIPTION,
    tags=TAGS,
)
def citation_defaults_history(limit: Limit = 25, next_token: NextToken = None) -> HistoryPage:
    return history_page(service.citation_defaults_history(caller(router), limit, next_token))


@router.get(
    "/rs-copyright-statuses/history",
    summary="The resource sharing copyright statuses' change history",
    description=DESCRIPTION + " Each line's `subject` is the status code.",
    tags=TAGS,
)
def rs_statuses_history(limit: Limit = 25, next_token: NextToken = None) -> HistoryPage:
    return history_page(service.rs_statuses_history(caller(router), limit, next_token))


@router.put(
    "/citation-copyright-defaults",
    summary="Set the citation default copyright status mapping",
    description="The whole mapping; statuses: approved, declined, in_process, not_needed, self_declared, waiting.",
    tags=TAGS,
)
def set_citation_defaults(body: CitationCopyrightDefaults) -> CitationCopyrightDefaultsView:
    return service.set_citation_defaults(caller(router), body)


@router.get(
    "/rs-copyright-statuses",
    summary="Resource sharing copyright statuses",
    description="A fixed set. Shown only when the setting `rs_borrower_copyright_management` is true (404 otherwise).",
    tags=TAGS,
    responses=errors(404),
)
def list_rs_statuses() -> list[RsCopyrightStatus]:
    return service.rs_statuses(caller(router))


@router.put(
    "/rs-copyright-statuses/<code>",
    summary="Change a resource sharing copyright status's description",
    description="Only the description can change; statuses cannot be added, removed, enabled or disabled.",
    tags=TAGS,
)
def describe_rs_status(code: str, body: StatusDescription) -> RsCopyrightStatus:
    return service.describe_rs_status(caller(router), code, body)


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
