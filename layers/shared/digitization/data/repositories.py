"""The cached factory through which services reach the data layer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from digitization.config import settings
from digitization.data.inventory import InventoryRepository
from digitization.data.models import bind_tables
from digitization.data.publishers import PublisherRepository
from digitization.data.requests import RequestRepository
from digitization.data.rules import RuleRepository


@dataclass(frozen=True)
class Repositories:
    requests: RequestRepository
    inventory: InventoryRepository
    rules: RuleRepository
    publishers: PublisherRepository


@cache
def repositories() -> Repositories:
    """Built on first use in an execution environment, never at import time."""
    bind_tables(settings())
    return Repositories(
        requests=RequestRepository(),
        inventory=InventoryRepository(),
        rules=RuleRepository(),
        publishers=PublisherRepository(),
    )
