"""The viewer of a digital object (SPEC §5.1, §6): the access answer, the declaration, the file link.

Every call decides access afresh for the caller: the representation's policy (first
enabled matching rule, else its default rule), or the ``access_right_default_policy``
setting when it has none. Opening the representation starts (or reuses) the caller's
Concurrent User session; the file link reuses it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from pydantic import BaseModel, Field

from digitization.clock import iso, today, utcnow
from digitization.data.repositories import repositories
from digitization.domain.access.parameters import REGEX_TIMEOUT_SECONDS, ObjectDates, Situation, Viewer
from digitization.domain.access.policies import (
    Decision,
    DecisionSource,
    Policy,
    decide,
    decide_missing_policy,
    decide_without_policy,
)
from digitization.domain.declarations import DeclarationForm, accepted_languages, localize
from digitization.domain.representations import Decisions, Representation
from digitization.domain.rules import UsageType
from digitization.errors import Conflict, Forbidden, NotFound
from digitization.observability import count, logger
from digitization.patrons import Patron
from digitization.resolver import Resolver, reverse_dns
from digitization.service import declarations
from digitization.service.settings import current
from digitization.storage import DOWNLOAD_SECONDS, presigned_download

ACCEPTANCE_SECONDS = 24 * 3600
DEFAULT_DENIED_NOTE = "You do not have access to this digital object."


class AccessView(BaseModel):
    allowed: bool
    allow_download: bool
    decided_by: DecisionSource
    rule_id: str | None = None
    rule_name: str | None = None


class DeclarationShown(BaseModel):
    """The policy's copyright declaration in the caller's language."""

    form: DeclarationForm
    language: str | None
    text: str
    obtrusive: bool
    accepted: bool
    must_accept: bool


class FileView(BaseModel):
    id: str
    name: str
    content_type: str
    size: int


class RepresentationView(BaseModel):
    """``GET /representations/{id}``: what this caller may do with the object."""

    id: str
    mms_id: str
    title: str
    collection: str | None
    usage_type: UsageType
    active: bool
    remote: bool
    access: AccessView
    declaration: DeclarationShown | None
    denied_note: str | None
    files: list[FileView]
    decisions: Decisions | None = Field(
        default=None,
        description="Staff only: the request it was made from and its approval and clearance decisions",
    )


class Disposition(StrEnum):
    INLINE = "inline"
    ATTACHMENT = "attachment"


class FileLink(BaseModel):
    """A short-lived link to one file: view-only (inline) or downloadable (attachment)."""

    file_id: str
    name: str
    content_type: str
    url: str
    disposition: Disposition
    download_allowed: bool
    expires_in: int


class _Gate:
    """Concurrent User sessions of one representation for one viewer, at one moment."""

    def __init__(self, representation_id: str, holder: str, now: int) -> None:
        self.representation_id = representation_id
        self.holder = holder
        self.now = now

    def admit(self, rule_id: str, users: int, minutes: int) -> bool:
        admitted = repositories().viewing.admit(
            self.representation_id, rule_id, self.holder, users, minutes * 60, self.now
        )
        count("ConcurrentSessionGranted" if admitted else "ConcurrentSessionRefused")
        return admitted


class _Visit:
    """One caller's look at one representation: the decision and the declaration, worked out once."""

    def __init__(self, patron: Patron, representation_id: str, resolver: Resolver) -> None:
        repos = repositories()
        self.patron = patron
        self.representation = repos.representations.get(representation_id)
        self.staff = staff = patron.caller is not None and patron.caller.is_staff
        hidden = not self.representation.active or not self.representation.published
        if hidden and not staff:
            raise NotFound(f"no representation {representation_id}", field="id")
        self.now = int(utcnow().timestamp())
        self.fingerprint: str | None = None
        self.policy = self._policy()
        self.decision = self._decide(resolver)
        self.declaration = self._declaration()

    def _policy(self) -> Policy | None:
        policy_id = self.representation.access_rights_policy_id
        return repositories().access_rights.find(policy_id) if policy_id else None

    def _decide(self, resolver: Resolver) -> Decision:
        representation, patron = self.representation, self.patron
        if representation.access_rights_policy_id is None:
            return decide_without_policy(current().access_right_default_policy)
        if self.policy is None:
            logger.warning("representation %s names a missing policy", representation.id)
            return decide_missing_policy()
        ip = patron.source_ip
        viewer = Viewer(
            user_id=patron.caller.username if patron.caller else None,
            user_group=patron.user_group,
            leganto_user=patron.leganto_user,
            ip=ip,
            resolve_host=_host_of(ip, resolver),
        )
        situation = Situation(viewer, _dates(representation), today())
        decision = decide(self.policy, situation, _Gate(representation.id, patron.key, self.now))
        for pattern in situation.timed_out:  # the pattern, never the user id or host it was tried on
            logger.warning(
                "access-rights pattern timed out; counted as no match",
                extra={
                    "pattern": pattern,
                    "timeout_seconds": REGEX_TIMEOUT_SECONDS,
                    "policy_id": self.policy.id,
                    "representation_id": representation.id,
                },
            )
            count("AccessPatternTimedOut")
        return decision

    def _declaration(self) -> DeclarationShown | None:
        policy = self.policy
        if policy is None or policy.copyright_declaration is None:
            return None
        text = declarations.text_of(policy.copyright_declaration)
        shown = localize(text, accepted_languages(self.patron.accept_language))
        self.fingerprint = declarations.fingerprint(text)
        accepted = (
            repositories().viewing.accepted(self.representation.id, self.patron.key, self.now)
            == self.fingerprint
        )
        return DeclarationShown(
            form=policy.copyright_declaration,
            language=shown.language,
            text=shown.text,
            obtrusive=policy.obtrusive,
            accepted=accepted,
            must_accept=policy.obtrusive and not accepted and self.decision.allowed,
        )

    @property
    def denied_note(self) -> str:
        note = self.policy.denied_note if self.policy else ""
        return note or DEFAULT_DENIED_NOTE

    def view(self) -> RepresentationView:
        r, decision = self.representation, self.decision
        return RepresentationView(
            id=r.id,
            mms_id=r.mms_id,
            title=r.title,
            collection=r.collection,
            usage_type=r.usage_type,
            active=r.active,
            remote=r.remote,
            access=AccessView(
                allowed=decision.allowed,
                allow_download=decision.allow_download,
                decided_by=decision.source,
                rule_id=decision.rule_id,
                rule_name=decision.rule_name,
            ),
            declaration=self.declaration,
            denied_note=None if decision.allowed else self.denied_note,
            files=[FileView.model_validate(f.model_dump()) for f in r.files] if decision.allowed else [],
            decisions=r.decisions if self.staff else None,  # they name staff: never for patrons
        )


def view(patron: Patron, representation_id: str, resolver: Resolver = reverse_dns) -> RepresentationView:
    """The access answer for the caller (starts their Concurrent User session when one applies)."""
    visit = _Visit(patron, representation_id, resolver)
    count("RepresentationViewed" if visit.decision.allowed else "RepresentationDenied")
    return visit.view()


def accept_declaration(
    patron: Patron, representation_id: str, resolver: Resolver = reverse_dns
) -> RepresentationView:
    """Record that the caller accepted the policy's declaration (valid a day, and for this wording only)."""
    visit = _Visit(patron, representation_id, resolver)
    if visit.declaration is None or visit.fingerprint is None:
        raise Conflict("this digital object has no copyright declaration to accept", field="id")
    if not visit.decision.allowed:
        raise Forbidden(visit.denied_note)
    repositories().viewing.accept(
        representation_id, patron.key, visit.fingerprint, iso(utcnow()), visit.now + ACCEPTANCE_SECONDS
    )
    count("DeclarationAccepted")
    return _Visit(patron, representation_id, resolver).view()


def file_link(
    patron: Patron, representation_id: str, file_id: str, resolver: Resolver = reverse_dns
) -> FileLink:
    """A presigned GET: 403 when denied, 409 until an obtrusive declaration is accepted."""
    visit = _Visit(patron, representation_id, resolver)
    if not visit.decision.allowed:
        raise Forbidden(visit.denied_note)
    if visit.declaration is not None and visit.declaration.must_accept:
        raise Conflict(
            f"accept the copyright declaration first: POST /representations/{representation_id}/accept-declaration",
            field="declaration",
        )
    stored = visit.representation.file(file_id)
    download = visit.decision.allow_download
    url = presigned_download(stored.key, stored.name, inline=not download)
    count("RepresentationFileDownloaded" if download else "RepresentationFileViewed")
    return FileLink(
        file_id=stored.id,
        name=stored.name,
        content_type=stored.content_type,
        url=url,
        disposition=Disposition.ATTACHMENT if download else Disposition.INLINE,
        download_allowed=download,
        expires_in=DOWNLOAD_SECONDS,
    )


def _dates(representation: Representation) -> ObjectDates:
    return ObjectDates(
        publication_year=representation.publication_year,
        additional_publication_year=representation.additional_publication_year,
        mms_created=representation.mms_created_at,
        created=representation.created_on,
    )


def _host_of(ip: str | None, resolver: Resolver) -> Callable[[], str | None]:
    def resolve() -> str | None:
        return resolver(ip) if ip else None

    return resolve
