"""The Copyright Publishers code table (SPEC §7): staff read it, administrators change it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from digitization.auth import Caller, Role
from digitization.data.pagination import Page
from digitization.data.publishers import Describe
from digitization.data.repositories import repositories
from digitization.domain.engine import Publisher
from digitization.domain.history import Action, Author, ConfigChange, ConfigKind, entry
from digitization.observability import count

PublisherCode = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")
]
PublisherText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class PublisherName(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PublisherText


class PublisherInput(PublisherName):
    code: PublisherCode


def list_all(caller: Caller) -> list[Publisher]:
    caller.require_staff()
    return sorted(repositories().publishers.all(), key=lambda p: p.code)


def add(caller: Caller, publisher: Publisher) -> Publisher:
    caller.require(Role.FULFILLMENT_ADMIN)
    added = repositories().publishers.add(publisher, _describe(caller, Action.CREATED))
    count("PublisherAdded")
    return added


def replace(caller: Caller, publisher: Publisher) -> Publisher:
    caller.require(Role.FULFILLMENT_ADMIN)
    return repositories().publishers.replace(publisher, _describe(caller, Action.CHANGED))


def remove(caller: Caller, code: str) -> None:
    caller.require(Role.FULFILLMENT_ADMIN)
    repositories().publishers.remove(code, _describe(caller, Action.DELETED))
    count("PublisherRemoved")


def history(caller: Caller, limit: int, next_token: str | None) -> Page[ConfigChange]:
    """Every change of the table (``subject`` is the publisher's code); newest first."""
    caller.require_staff()
    return repositories().history.page(ConfigKind.PUBLISHERS, "", limit, next_token)


def _describe(caller: Caller, action: Action) -> Describe:
    author = Author.now(caller.username)

    def line(old: Publisher | None, new: Publisher | None) -> ConfigChange | None:
        code = new.code if new else old.code if old else ""
        return entry(
            author,
            action,
            code,
            asdict(old) if old else None,
            asdict(new) if new else None,
        )

    return line
