"""Where a request's facts come from (SPEC §3.1, the trust boundary).

The rules decide on these facts, so the requester does not choose them: who they are
comes from the user directory, what they ask for from the catalogue. What a body says
about either is a claim: left out, or equal to the record, it is fine; different, it is
refused with the field named. Pure functions: the records are read by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from digitization.domain.catalogue import Title
from digitization.domain.inventory import InventoryItem
from digitization.domain.problems import FieldProblem
from digitization.domain.requests import Item, ItemKind, ItemSource, PatronStatus, Requester

#: Requester facts the directory holds: a body may repeat them, never change them.
REQUESTER_FACTS = ("user_group", "status", "email")

#: Item facts the catalogue holds for a title (the publication year may be an issue's, see below).
TITLE_FACTS = (
    "title",
    "isbn",
    "issn",
    "publisher",
    "material_type",
    "total_pages",
    "articles_in_issue",
    "copyright_agency_permissions",
)


def person(user_id: str, attributes: Mapping[str, str]) -> Requester:
    """A requester from directory attributes (a user's Cognito attributes, or an ID token's claims)."""
    status = (attributes.get("custom:status") or "").strip().lower()
    return Requester(
        user_id=user_id,
        user_group=(attributes.get("custom:user_group") or "").strip() or None,
        status=PatronStatus(status) if status in {s.value for s in PatronStatus} else None,
        email=(attributes.get("email") or "").strip() or None,
        language=language_tag(attributes.get("locale")),
    )


def language_tag(locale: str | None) -> str | None:
    """A directory ``locale`` (``fr``, ``fr-CA``, ``fr_CA``) as a lower-case language tag; None if not one."""
    tag = (locale or "").strip().replace("_", "-").lower()
    return tag if re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}", tag) else None


def requester_facts(record: Requester, claimed: Mapping[str, Any]) -> Requester:
    """The directory's requester; a claimed group, status or email that differs is refused."""
    for name in REQUESTER_FACTS:
        _check(f"requester.{name}", claimed.get(name), getattr(record, name), "the user directory")
    return record


@dataclass(frozen=True)
class Choice:
    """Which copy of a title the requester asks for; each part optional."""

    barcode: str | None = None
    kind: ItemKind | None = None
    volume: str | None = None
    issue: str | None = None


def catalogue_item(
    title: Title, holdings: Sequence[InventoryItem], choice: Choice, claimed: Mapping[str, Any]
) -> Item:
    """The item facts of a catalogued title, for the copy chosen; claimed facts must agree.

    ``available_in_electronic`` is the inventory's (an electronic item is held); a claim of it
    is ignored, as the requester cannot know it. A serial issue's chronology year is its
    publication year.
    """
    for name in TITLE_FACTS:
        _check(f"item.{name}", claimed.get(name), getattr(title, name), "the catalogue")
    copy = choose_copy(title.mms_id, holdings, choice)
    year = copy.chronology_year if copy and copy.chronology_year else title.publication_year
    _check("item.publication_year", claimed.get("publication_year"), year, "the catalogue")
    return Item(
        source=ItemSource.CATALOGUE,
        mms_id=title.mms_id,
        title=title.title,
        barcode=copy.barcode if copy else None,
        kind=copy.kind if copy else (choice.kind or ItemKind.PHYSICAL),
        isbn=title.isbn,
        issn=title.issn,
        volume=copy.volume if copy else None,
        issue=copy.issue if copy else None,
        publisher=title.publisher,
        publication_year=year,
        material_type=title.material_type,
        total_pages=title.total_pages,
        articles_in_issue=title.articles_in_issue,
        available_in_electronic=any(held.kind is ItemKind.ELECTRONIC for held in holdings),
        copyright_agency_permissions=list(title.copyright_agency_permissions),
    )


def choose_copy(mms_id: str, holdings: Sequence[InventoryItem], choice: Choice) -> InventoryItem | None:
    """The inventory item the choice names (a physical one first when it names no kind); None when none is held."""
    if not holdings:
        if choice.barcode:
            raise FieldProblem("item.barcode", f"the inventory holds no item of title {mms_id}")
        return None
    found = list(holdings)
    for name, value in (
        ("barcode", choice.barcode),
        ("kind", choice.kind),
        ("volume", choice.volume),
        ("issue", choice.issue),
    ):
        if value is None:
            continue
        found = [held for held in found if getattr(held, name) == value]
        if not found:
            raise FieldProblem(
                f"item.{name}", f"the inventory holds no such item of title {mms_id} ({name} {value})"
            )
    issues = {(held.volume, held.issue) for held in found}
    if len(issues) > 1:
        raise FieldProblem(
            "item.volume",
            f"title {mms_id} is held in several issues: name one by item.barcode, or item.volume and item.issue",
        )
    return sorted(found, key=lambda held: (held.kind is not ItemKind.PHYSICAL, held.barcode))[0]


def citation_item(claimed: Mapping[str, Any]) -> Item:
    """An uncatalogued title requested by staff: the facts are the citation's, as given."""
    if not claimed.get("title"):
        raise FieldProblem("item.title", "a citation names its title")
    return Item.model_validate({**claimed, "source": ItemSource.CITATION})


def _check(field: str, claimed: Any, record: Any, where: str) -> None:
    if claimed is None or _same(claimed, record):
        return
    held = "no value" if record in (None, [], "") else repr(_shown(record))
    raise FieldProblem(field, f"differs from {where}, which holds {held}; leave it out or send that value")


def _same(claimed: Any, record: Any) -> bool:
    if isinstance(claimed, str) and isinstance(record, str):
        return _plain(claimed) == _plain(record)
    if isinstance(claimed, list | tuple | set) and isinstance(record, list | tuple | set):
        return {_shown(v) for v in claimed} == {_shown(v) for v in record}
    return bool(_shown(claimed) == _shown(record))


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _shown(value: Any) -> Any:
    return getattr(value, "value", value)
