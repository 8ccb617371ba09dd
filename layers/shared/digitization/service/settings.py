"""Settings (SPEC §7): staff read them, administrators change them; every change is recorded.

Other code reads the settings in force with :func:`current` (one GetItem, defaults when
nothing is stored), e.g. ``current().document_delivery_cleanup_days``.
"""

from __future__ import annotations

from typing import Any

from digitization import storage
from digitization.auth import Caller, Role
from digitization.clock import iso, utcnow
from digitization.config import settings as environment
from digitization.data.pagination import Page
from digitization.data.repositories import repositories
from digitization.domain.settings import (
    Settings,
    SettingsChange,
    SettingsPatch,
    SettingsView,
    apply_patch,
)
from digitization.errors import Conflict, VersionConflict
from digitization.observability import count

SAVE_ATTEMPTS = 5
META = ("updated_by", "updated_at")


def _defaults() -> dict[str, Any]:
    """Defaults; the cleanup days default to the deployment's ``CleanupDays`` (the lifecycle rule's)."""
    days = environment().cleanup_days
    return {"document_delivery_cleanup_days": days} if 1 <= days <= 365 else {}


def _settings(doc: dict[str, Any]) -> Settings:
    return Settings.model_validate({**_defaults(), **{k: v for k, v in doc.items() if k not in META}})


def current() -> Settings:
    """The settings in force: one GetItem; the defaults for anything never set. No role check."""
    doc, _ = repositories().settings.read()
    return _settings(doc)


def view(caller: Caller) -> SettingsView:
    caller.require_staff()
    doc, _ = repositories().settings.read()
    return SettingsView(
        **_settings(doc).model_dump(), updated_by=doc.get("updated_by"), updated_at=doc.get("updated_at")
    )


def change(caller: Caller, patch: SettingsPatch) -> SettingsView:
    """Apply the patch on the values just read, with one history line (re-applied if another change got in).

    Only the settings an administrator set are stored; the others keep following their defaults.
    A patch that changes nothing writes nothing.
    """
    caller.require(Role.FULFILLMENT_ADMIN)
    repo = repositories().settings
    for _ in range(SAVE_ATTEMPTS):
        doc, version = repo.read()
        after, changes = apply_patch(_settings(doc), patch)
        if not changes:
            return view(caller)
        at = iso(utcnow())
        stored = {k: v for k, v in doc.items() if k not in META}
        stored.update(after.model_dump(mode="json", include={c.setting for c in changes}))
        try:
            repo.save(
                {**stored, "updated_by": caller.username, "updated_at": at},
                version,
                SettingsChange(at=at, by=caller.username, changes=changes),
            )
        except VersionConflict:
            continue
        if any(c.setting == "document_delivery_cleanup_days" for c in changes):
            storage.apply_cleanup_days(after.document_delivery_cleanup_days)
        count("SettingsChanged")
        return view(caller)
    raise Conflict("the settings kept changing while saving; try again", field="body")


def history(caller: Caller, limit: int, next_token: str | None) -> Page[SettingsChange]:
    caller.require_staff()
    return repositories().settings.history(limit, next_token)
