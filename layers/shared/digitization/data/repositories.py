"""The cached factory through which services reach the data layer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from digitization.config import settings
from digitization.data.access_rights import AccessRightsRepository
from digitization.data.aggregates import TallyRepository
from digitization.data.catalogue import CatalogueRepository
from digitization.data.code_tables import CodeTableRepository
from digitization.data.declarations import DeclarationRepository
from digitization.data.directory import Directory
from digitization.data.inventory import InventoryRepository
from digitization.data.links import LinkRepository
from digitization.data.models import bind_tables
from digitization.data.publishers import PublisherRepository
from digitization.data.receipts import ReceiptRepository
from digitization.data.representations import RepresentationRepository
from digitization.data.requests import RequestRepository
from digitization.data.rules import RuleRepository
from digitization.data.settings import SettingsRepository
from digitization.data.viewing import ViewingRepository


@dataclass(frozen=True)
class Repositories:
    requests: RequestRepository
    inventory: InventoryRepository
    catalogue: CatalogueRepository
    directory: Directory
    rules: RuleRepository
    publishers: PublisherRepository
    links: LinkRepository
    access_rights: AccessRightsRepository
    representations: RepresentationRepository
    viewing: ViewingRepository
    declarations: DeclarationRepository
    code_tables: CodeTableRepository
    settings: SettingsRepository
    tallies: TallyRepository
    receipts: ReceiptRepository


@cache
def repositories() -> Repositories:
    """Built on first use in an execution environment, never at import time."""
    bind_tables(settings())
    return Repositories(
        requests=RequestRepository(),
        inventory=InventoryRepository(),
        catalogue=CatalogueRepository(),
        directory=Directory(),
        rules=RuleRepository(),
        publishers=PublisherRepository(),
        links=LinkRepository(),
        access_rights=AccessRightsRepository(),
        representations=RepresentationRepository(),
        viewing=ViewingRepository(),
        declarations=DeclarationRepository(),
        code_tables=CodeTableRepository(),
        settings=SettingsRepository(),
        tallies=TallyRepository(),
        receipts=ReceiptRepository(),
    )
