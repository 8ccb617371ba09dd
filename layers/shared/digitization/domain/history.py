"""The history of configuration (rules, access-rights policies, declarations, code tables, letter
templates): one line per change saying who changed what, when, from which value to which.

Pure: a line is computed from the document as it was read and the document about to be written; the
data layer stores it in the same transaction as the change itself (``data/history.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel, Field

from digitization.clock import iso, utcnow

#: Bookkeeping fields every configuration document carries: the line's own ``by`` and ``at`` say it.
BOOKKEEPING = frozenset({"updated_by", "updated_at", "created_by", "created_at", "version"})


class Record(Protocol):
    """A configuration record with an id of its own."""

    @property
    def id(self) -> str: ...

    def model_dump(self, *, mode: str) -> dict[str, Any]: ...


class ConfigKind(StrEnum):
    """What a history belongs to; with a key (a rule's id, a form), one history per subject."""

    RULE = "rule"
    ACCESS_RIGHTS = "access_rights"
    DECLARATION = "declaration"
    PUBLISHERS = "publishers"
    CITATION_DEFAULTS = "citation_defaults"
    RS_STATUSES = "rs_statuses"
    LETTER_TEMPLATE = "letter_template"


class Action(StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    MOVED = "moved"
    DELETED = "deleted"
    RESTORED = "restored"


@dataclass(frozen=True)
class Author:
    """Who makes a change, and when."""

    by: str
    at: str

    @classmethod
    def now(cls, by: str) -> Author:
        """``by``, changing something at the clock's now."""
        return cls(by, iso(utcnow()))


class FieldChange(BaseModel):
    field: str = Field(description="The field of the configuration that changed (top level).")
    old: Any = Field(description="Its value before; null when it had none (a creation).")
    new: Any = Field(description="Its value after; null when it has none (a deletion).")


class ConfigChange(BaseModel):
    """One line of a configuration history."""

    at: str
    by: str
    action: Action
    subject: str = Field(description="What changed: a rule's id, a form, a publisher's code, a letter kind.")
    changes: list[FieldChange]


class HistoryPage(BaseModel):
    """A page of a history, newest first; pass ``next_token`` back for the next one."""

    items: list[ConfigChange]
    next_token: str | None = None


def diff(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[FieldChange]:
    """The top-level fields whose value differs (bookkeeping aside), in name order."""
    before = {k: v for k, v in (old or {}).items() if k not in BOOKKEEPING}
    after = {k: v for k, v in (new or {}).items() if k not in BOOKKEEPING}
    return [
        FieldChange(field=name, old=before.get(name), new=after.get(name))
        for name in sorted(before.keys() | after.keys())
        if before.get(name) != after.get(name)
    ]


def entry(
    author: Author,
    action: Action,
    subject: str,
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any] | None,
) -> ConfigChange | None:
    """The history line of a change; None when it changes nothing (nothing is then written)."""
    changes = diff(old, new)
    if not changes:
        return None
    return ConfigChange(at=author.at, by=author.by, action=action, subject=subject, changes=changes)


def record_change(by: str, action: Action, old: Record | None, new: Record | None) -> ConfigChange | None:
    """The line of ``by``'s change, now, to a record named by its ``id`` (a rule, a policy): its fields
    old -> new."""
    subject = new.id if new else old.id if old else ""
    return entry(
        Author.now(by),
        action,
        subject,
        old.model_dump(mode="json") if old else None,
        new.model_dump(mode="json") if new else None,
    )
