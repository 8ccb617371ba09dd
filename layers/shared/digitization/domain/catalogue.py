"""The catalogue: a title's bibliographic facts, the system of record the rules decide on (SPEC §3.1)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from digitization.domain.inventory import InventoryItem
from digitization.domain.problems import FieldProblem
from digitization.domain.requests import AgencyPermission, Code, Isbn, Issn, Text

#: Fields of a create body's ``item`` that belong elsewhere than the title, and where.
NOT_TITLE_FACTS = {
    "barcode": "belongs to an inventory item (POST /titles/{mms_id}/items)",
    "kind": "belongs to an inventory item (POST /titles/{mms_id}/items)",
    "volume": "belongs to a serial's inventory item (POST /titles/{mms_id}/items)",
    "issue": "belongs to a serial's inventory item (POST /titles/{mms_id}/items)",
    "available_in_electronic": "is derived from the inventory: true when it holds an electronic item",
    "source": "is not a title fact: catalogued titles are the catalogue's",
}


class TitleFacts(BaseModel):
    """Body of ``PUT /titles/{mms_id}``: the create body's ``item`` field names, title-level facts only."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    mms_id: Code | None = Field(default=None, description="Optional; must equal the path's MMS ID")
    title: Text
    isbn: Isbn | None = None
    issn: Issn | None = None
    publisher: Text | None = None
    publication_year: int | None = Field(default=None, ge=1, le=9999)
    material_type: Code | None = None
    total_pages: int | None = Field(default=None, ge=1, le=1_000_000)
    articles_in_issue: int | None = Field(default=None, ge=0, le=100_000)
    copyright_agency_permissions: list[AgencyPermission] = Field(default_factory=list, max_length=4)

    @model_validator(mode="before")
    @classmethod
    def _title_facts_only(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name, where in NOT_TITLE_FACTS.items():
                if name in data:
                    raise FieldProblem(name, where)
        return data


class Title(TitleFacts):
    """A catalogued title as stored."""

    mms_id: Code
    updated_by: str
    updated_at: str


class Holdings(BaseModel):
    """A title and the items the inventory holds of it (read together, in one key query)."""

    mms_id: str
    title: Title | None = None
    items: list[InventoryItem] = Field(default_factory=list)
