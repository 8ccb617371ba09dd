"""The Copyright Publishers code table (SPEC §7): staff read it, administrators change it."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from digitization.auth import Caller, Role
from digitization.data.repositories import repositories
from digitization.domain.engine import Publisher
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
    added = repositories().publishers.add(publisher)
    count("PublisherAdded")
    return added


def replace(caller: Caller, publisher: Publisher) -> Publisher:
    caller.require(Role.FULFILLMENT_ADMIN)
    return repositories().publishers.replace(publisher)


def remove(caller: Caller, code: str) -> None:
    caller.require(Role.FULFILLMENT_ADMIN)
    repositories().publishers.remove(code)
    count("PublisherRemoved")
