"""Copyright code and mapping tables (SPEC §7): citation default copyright statuses and resource
sharing copyright statuses. Staff read them; administrators change them."""

from __future__ import annotations

from digitization.auth import Caller, Role
from digitization.data.pagination import Page
from digitization.data.repositories import repositories
from digitization.domain.code_tables import (
    DEFAULT_CITATION_DEFAULTS,
    RS_COPYRIGHT_STATUSES,
    CitationCopyrightDefaults,
    CitationCopyrightDefaultsView,
    RsCopyrightStatus,
    StatusDescription,
)
from digitization.domain.history import Action, Author, ConfigChange, ConfigKind, entry
from digitization.errors import NotFound
from digitization.observability import count
from digitization.service.settings import current

ADMIN = Role.FULFILLMENT_ADMIN


def citation_defaults(caller: Caller) -> CitationCopyrightDefaultsView:
    caller.require_staff()
    stored = repositories().code_tables.citation_defaults()
    if stored is None:
        return CitationCopyrightDefaultsView(**DEFAULT_CITATION_DEFAULTS.model_dump())
    return CitationCopyrightDefaultsView.model_validate({**stored, "customized": True})


def set_citation_defaults(caller: Caller, body: CitationCopyrightDefaults) -> CitationCopyrightDefaultsView:
    caller.require(ADMIN)
    author = Author.now(caller.username)
    doc = {**body.model_dump(mode="json"), "updated_by": author.by, "updated_at": author.at}
    default = DEFAULT_CITATION_DEFAULTS.model_dump(mode="json")
    repositories().code_tables.save_citation_defaults(
        doc, lambda old: entry(author, Action.CHANGED, "citation_copyright_defaults", old or default, doc)
    )
    count("CitationDefaultsChanged")
    return CitationCopyrightDefaultsView.model_validate({**doc, "customized": True})


def _require_rs_management() -> None:
    if not current().rs_borrower_copyright_management:
        raise NotFound(
            "resource sharing copyright statuses are shown only when the setting "
            "rs_borrower_copyright_management is true"
        )


def rs_statuses(caller: Caller) -> list[RsCopyrightStatus]:
    """The fixed statuses with their descriptions (404 unless rs_borrower_copyright_management)."""
    caller.require_staff()
    _require_rs_management()
    custom = repositories().code_tables.rs_status_descriptions()
    return [
        RsCopyrightStatus(
            code=code,
            description=str(custom[code]["description"]) if code in custom else default,
            default_description=default,
            customized=code in custom,
        )
        for code, default in RS_COPYRIGHT_STATUSES.items()
    ]


def describe_rs_status(caller: Caller, code: str, body: StatusDescription) -> RsCopyrightStatus:
    """Change a status's description; the set of statuses is fixed (unknown code: 404)."""
    caller.require(ADMIN)
    _require_rs_management()
    key = code.strip().upper()
    if key not in RS_COPYRIGHT_STATUSES:
        known = ", ".join(RS_COPYRIGHT_STATUSES)
        raise NotFound(
            f"no resource sharing copyright status {code!r}; the statuses are: {known}", field="code"
        )
    author = Author.now(caller.username)
    doc = {"description": body.description, "updated_by": author.by, "updated_at": author.at}
    default = {"description": RS_COPYRIGHT_STATUSES[key]}
    repositories().code_tables.save_rs_status_description(
        key, doc, lambda old: entry(author, Action.CHANGED, key, old or default, doc)
    )
    count("RsCopyrightStatusDescribed")
    return RsCopyrightStatus(
        code=key,
        description=body.description,
        default_description=RS_COPYRIGHT_STATUSES[key],
        customized=True,
    )


def citation_defaults_history(caller: Caller, limit: int, next_token: str | None) -> Page[ConfigChange]:
    """Who changed the citation default copyright statuses, when, old -> new; newest first."""
    caller.require_staff()
    return repositories().history.page(ConfigKind.CITATION_DEFAULTS, "", limit, next_token)


def rs_statuses_history(caller: Caller, limit: int, next_token: str | None) -> Page[ConfigChange]:
    """Every change of a resource sharing status description (``subject`` is the code); newest first."""
    caller.require_staff()
    return repositories().history.page(ConfigKind.RS_STATUSES, "", limit, next_token)
