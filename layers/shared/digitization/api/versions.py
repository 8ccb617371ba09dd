"""The ``version`` a change without a body (a restore) names in its query (``domain/versions.py``)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from digitization.domain.versions import MAX_VERSION, STARTED_FROM

StartedFromQuery = Annotated[int | None, Query(ge=0, le=MAX_VERSION, description=STARTED_FROM)]
