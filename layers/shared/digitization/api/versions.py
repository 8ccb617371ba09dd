"""The ``version`` a change without a body (a restore) names in its query (``domain/versions.py``)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

StartedFromQuery = Annotated[
    int | None,
    Query(
        ge=0,
        le=2**53,
        description="The version this change starts from (as read); 409 when someone changed it since. "
        "Leave it out to change the latest.",
    ),
]
