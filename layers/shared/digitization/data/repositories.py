"""The cached factory through which services reach the data layer.

Each repository is imported and built on first use: a handler pays, on a cold start, only for the
repositories its route reaches (a download never imports the rules, the access rights or the
catalogue). The PynamoDB models are bound to this environment's tables once, with the one shared
connection (``aws.bind_models``), when the first repository that uses them is made.
"""

from __future__ import annotations

from functools import cache, cached_property
from typing import TYPE_CHECKING

from digitization import aws

if TYPE_CHECKING:
    from digitization.data.access_rights import AccessRightsRepository
    from digitization.data.aggregates import TallyRepository
    from digitization.data.catalogue import CatalogueRepository
    from digitization.data.code_tables import CodeTableRepository
    from digitization.data.declarations import DeclarationRepository
    from digitization.data.departments import DepartmentRepository
    from digitization.data.directory import Directory
    from digitization.data.history import HistoryRepository
    from digitization.data.inventory import InventoryRepository
    from digitization.data.letter_templates import LetterTemplateRepository
    from digitization.data.links import LinkRepository
    from digitization.data.publishers import PublisherRepository
    from digitization.data.receipts import ReceiptRepository
    from digitization.data.representations import RepresentationRepository
    from digitization.data.requests import RequestRepository
    from digitization.data.rules import RuleRepository
    from digitization.data.settings import SettingsRepository
    from digitization.data.viewing import ViewingRepository


class Repositories:
    """Every repository, each made (and its module imported) when first asked for. The PynamoDB ones
    bind the models first; links (plain boto3, one update per download) and the directory need not."""

    @cached_property
    def requests(self) -> RequestRepository:
        from digitization.data.requests import RequestRepository

        aws.bind_models()
        return RequestRepository()

    @cached_property
    def inventory(self) -> InventoryRepository:
        from digitization.data.inventory import InventoryRepository

        aws.bind_models()
        return InventoryRepository()

    @cached_property
    def departments(self) -> DepartmentRepository:
        from digitization.data.departments import DepartmentRepository

        aws.bind_models()
        return DepartmentRepository()

    @cached_property
    def catalogue(self) -> CatalogueRepository:
        from digitization.data.catalogue import CatalogueRepository

        aws.bind_models()
        return CatalogueRepository()

    @cached_property
    def directory(self) -> Directory:
        from digitization.data.directory import Directory

        return Directory()

    @cached_property
    def rules(self) -> RuleRepository:
        from digitization.data.rules import RuleRepository

        aws.bind_models()
        return RuleRepository()

    @cached_property
    def publishers(self) -> PublisherRepository:
        from digitization.data.publishers import PublisherRepository

        aws.bind_models()
        return PublisherRepository()

    @cached_property
    def links(self) -> LinkRepository:
        from digitization.data.links import LinkRepository

        return LinkRepository()

    @cached_property
    def access_rights(self) -> AccessRightsRepository:
        from digitization.data.access_rights import AccessRightsRepository

        aws.bind_models()
        return AccessRightsRepository()

    @cached_property
    def representations(self) -> RepresentationRepository:
        from digitization.data.representations import RepresentationRepository

        aws.bind_models()
        return RepresentationRepository()

    @cached_property
    def viewing(self) -> ViewingRepository:
        from digitization.data.viewing import ViewingRepository

        aws.bind_models()
        return ViewingRepository()

    @cached_property
    def declarations(self) -> DeclarationRepository:
        from digitization.data.declarations import DeclarationRepository

        aws.bind_models()
        return DeclarationRepository()

    @cached_property
    def letter_templates(self) -> LetterTemplateRepository:
        from digitization.data.letter_templates import LetterTemplateRepository

        aws.bind_models()
        return LetterTemplateRepository()

    @cached_property
    def code_tables(self) -> CodeTableRepository:
        from digitization.data.code_tables import CodeTableRepository

        aws.bind_models()
        return CodeTableRepository()

    @cached_property
    def settings(self) -> SettingsRepository:
        from digitization.data.settings import SettingsRepository

        aws.bind_models()
        return SettingsRepository()

    @cached_property
    def history(self) -> HistoryRepository:
        from digitization.data.history import HistoryRepository

        aws.bind_models()
        return HistoryRepository()

    @cached_property
    def tallies(self) -> TallyRepository:
        from digitization.data.aggregates import TallyRepository

        aws.bind_models()
        return TallyRepository()

    @cached_property
    def receipts(self) -> ReceiptRepository:
        from digitization.data.receipts import ReceiptRepository

        aws.bind_models()
        return ReceiptRepository()


@cache
def repositories() -> Repositories:
    """Built on first use in an execution environment, never at import time; ``aws.reset`` forgets it."""
    return Repositories()
