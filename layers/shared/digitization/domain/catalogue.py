"""The catalogue: a title's bibliographic facts, the system of record the rules decide on (SPEC §3.1)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from digitization.domain.identifiers import normalize_isbn, normalize_issn
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


# -- finding titles (GET /titles?find=) ----------------------------------------------------------
#
# Titles are found by keys, never by a Scan: cataloguing a title writes index entries beside it
# (``data/catalogue.py``), one per key below. A word is found by any prefix of it of at least
# MIN_PREFIX letters (up to MAX_PREFIX: a longer word is found by its first MAX_PREFIX letters and
# the rest is checked against the title), an ISBN by its ISBN-13 (so ISBN-10 finds it too), an ISSN
# by NNNN-NNNC. The keys of one title are bounded (MAX_KEYS), so re-cataloguing it (old entries
# out, new ones in) is one transaction.

MIN_PREFIX = 2
MAX_PREFIX = 12
MAX_KEYS = 48
STOP_WORDS = frozenset(
    {"a", "an", "and", "de", "der", "die", "for", "in", "la", "le", "of", "on", "the", "to"}
)


def words(text: str) -> list[str]:
    """Lower-case words without accents, in order, each once: "Ornament and Crime" -> ornament, and, crime."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(char for char in plain if not unicodedata.combining(char))
    return list(dict.fromkeys(re.findall(r"[^\W_]+", letters)))


def word_keys(text: str) -> list[str]:
    """The index keys of a title's words: every prefix of MIN_PREFIX..MAX_PREFIX letters, stop words left out."""
    keys: list[str] = []
    for word in words(text):
        if word in STOP_WORDS:
            continue
        keys += [f"WORD#{word[:length]}" for length in range(MIN_PREFIX, min(len(word), MAX_PREFIX) + 1)]
    return keys


def index_keys(title: TitleFacts) -> list[str]:
    """Every key a title is found by, identifiers first, at most MAX_KEYS."""
    keys = [f"ISBN#{title.isbn}"] if title.isbn else []
    keys += [f"ISSN#{title.issn}"] if title.issn else []
    return list(dict.fromkeys([*keys, *word_keys(title.title)]))[:MAX_KEYS]


@dataclass(frozen=True)
class Find:
    """What a reader typed, read as an MMS ID, an ISBN, an ISSN, and title words (any that fit)."""

    text: str
    isbn: str | None
    issn: str | None
    words: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Find:
        text = text.strip()
        return cls(
            text=text,
            isbn=_or_none(normalize_isbn, text),
            issn=_or_none(normalize_issn, text),
            words=tuple(word for word in words(text) if word not in STOP_WORDS),
        )

    def word_key(self) -> str | None:
        """The most selective word key: the longest word (a prefix of MAX_PREFIX letters at most)."""
        usable = [word for word in self.words if len(word) >= MIN_PREFIX]
        if not usable:
            return None
        longest = max(usable, key=len)
        return f"WORD#{longest[:MAX_PREFIX]}"

    def matches(self, title: str) -> bool:
        """Every word typed begins a word of the title (the index found candidates; this decides)."""
        held = words(title)
        return bool(self.words) and all(any(word.startswith(typed) for word in held) for typed in self.words)


def _or_none(normalize: Callable[[str], str], text: str) -> str | None:
    try:
        return normalize(text)
    except ValueError:
        return None
