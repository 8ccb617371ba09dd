"""Copyright code and mapping tables (SPEC §7): citation default copyright statuses and the
resource sharing copyright statuses (a fixed set; only descriptions are editable)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

from digitization.domain.declarations import find_html


class CitationCopyrightStatus(StrEnum):
    """A reading-list citation's copyright status."""

    APPROVED = "approved"
    DECLINED = "declined"
    IN_PROCESS = "in_process"
    NOT_NEEDED = "not_needed"
    SELF_DECLARED = "self_declared"
    WAITING = "waiting"


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RepositoryCitationDefaults(Mapping):
    digital: CitationCopyrightStatus
    electronic: CitationCopyrightStatus
    physical: CitationCopyrightStatus


class CitationCopyrightDefaults(Mapping):
    """Body of ``PUT /citation-copyright-defaults``: the status a new citation starts with."""

    repository: RepositoryCitationDefaults
    non_repository: CitationCopyrightStatus
    brief: CitationCopyrightStatus


class CitationCopyrightDefaultsView(CitationCopyrightDefaults):
    model_config = ConfigDict(extra="ignore")

    customized: bool = False
    updated_by: str | None = None
    updated_at: str | None = None


# Digitized copies and material from outside the library wait for clearance; the library's own
# licensed and physical items and brief (placeholder) citations need none.
DEFAULT_CITATION_DEFAULTS = CitationCopyrightDefaults(
    repository=RepositoryCitationDefaults(
        digital=CitationCopyrightStatus.WAITING,
        electronic=CitationCopyrightStatus.NOT_NEEDED,
        physical=CitationCopyrightStatus.NOT_NEEDED,
    ),
    non_repository=CitationCopyrightStatus.WAITING,
    brief=CitationCopyrightStatus.NOT_NEEDED,
)

# The resource sharing copyright statuses: codes are fixed; the descriptions are the defaults.
RS_COPYRIGHT_STATUSES: dict[str, str] = {
    "NOT_CHECKED": "Copyright not checked yet",
    "CCG": "Complies with copyright guidelines (CCG)",
    "CCL": "Complies with copyright law (CCL)",
    "WAITING": "Waiting for copyright clearance",
    "APPROVED": "Copyright clearance approved",
    "DECLINED": "Copyright clearance declined",
}

StatusText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]


class StatusDescription(Mapping):
    """Body of ``PUT /rs-copyright-statuses/{code}``: the description is all that can change."""

    description: StatusText

    @field_validator("description")
    @classmethod
    def _plain(cls, value: str) -> str:
        tag = find_html(value)
        if tag:
            raise ValueError(f"plain text only: HTML tags are not supported (found {tag})")
        return value


class RsCopyrightStatus(BaseModel):
    code: str
    description: str
    default_description: str
    customized: bool
