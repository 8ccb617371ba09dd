"""What every configuration history route shares: its query parameters, description and answer."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from digitization.data.pagination import Page
from digitization.domain.history import ConfigChange, HistoryPage

Limit = Annotated[int, Query(ge=1, le=100, description="Lines per page (1..100).")]
NextToken = Annotated[str | None, Query(max_length=2048, description="From the previous page.")]

DESCRIPTION = (
    "Who changed what, when, and each changed field's old and new value; newest first. Staff. "
    "Pass `next_token` back for the next page."
)


def history_page(page: Page[ConfigChange]) -> HistoryPage:
    return HistoryPage(items=page.items, next_token=page.next_token)
