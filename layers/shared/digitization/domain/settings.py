"""Service settings (SPEC §7) an administrator changes at run time, and the record of each change."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from digitization.domain.access import Access
from digitization.domain.problems import FieldProblem

CleanupDays = Annotated[int, Field(strict=True, ge=1, le=365)]
MaxFileSizeMb = Annotated[int, Field(strict=True, ge=1, le=10)]
ReuseWindowSeconds = Annotated[int, Field(strict=True, ge=0, le=86_400)]
Flag = Annotated[bool, Field(strict=True)]


class Settings(BaseModel):
    """Every setting with its default (what applies while nothing is stored)."""

    model_config = ConfigDict(extra="ignore")

    document_delivery_cleanup_days: CleanupDays = Field(
        default=30, description="Days after which delivery files and links are removed (1..365)."
    )
    access_right_default_policy: Access = Field(
        default=Access.DENY, description="Access to a digital object that has no access-rights policy."
    )
    rs_borrower_copyright_management: Flag = Field(
        default=False, description="Shows the resource sharing copyright statuses code table."
    )
    max_file_size_mb: MaxFileSizeMb = Field(
        default=10, description="Largest delivery file, in MB (1..10; SPEC §5 caps it at 10 MB)."
    )
    download_reuse_window_seconds: ReuseWindowSeconds = Field(
        default=600,
        description="A repeated download inside this window counts no second view (0 turns it off).",
    )

    @property
    def max_file_size_bytes(self) -> int:
        return self.max_file_size_mb * 1024 * 1024


class SettingsPatch(BaseModel):
    """Body of ``PATCH /settings``: only the settings to change."""

    model_config = ConfigDict(extra="forbid")

    document_delivery_cleanup_days: CleanupDays | None = None
    access_right_default_policy: Access | None = None
    rs_borrower_copyright_management: Flag | None = None
    max_file_size_mb: MaxFileSizeMb | None = None
    download_reuse_window_seconds: ReuseWindowSeconds | None = None

    @model_validator(mode="after")
    def _no_nulls(self) -> Self:
        if not self.model_fields_set:
            raise FieldProblem("body", "name at least one setting to change")
        for name in sorted(self.model_fields_set):
            if getattr(self, name) is None:
                raise FieldProblem(name, "cannot be null; leave the setting out to keep it")
        return self


class SettingChange(BaseModel):
    setting: str
    old: Any
    new: Any


class SettingsChange(BaseModel):
    """One line of the settings history: who changed what, when, from which value to which."""

    at: str
    by: str
    changes: list[SettingChange]


class SettingsView(Settings):
    """``GET /settings``: the values, and who changed them last."""

    updated_by: str | None = None
    updated_at: str | None = None


class SettingsHistoryPage(BaseModel):
    items: list[SettingsChange]
    next_token: str | None = None


def apply_patch(current: Settings, patch: SettingsPatch) -> tuple[Settings, list[SettingChange]]:
    """The settings after the patch, and the changes it really makes (same values are no change)."""
    wanted = patch.model_dump(mode="json", include=patch.model_fields_set)
    before = current.model_dump(mode="json")
    changes = [
        SettingChange(setting=name, old=before[name], new=value)
        for name, value in sorted(wanted.items())
        if before[name] != value
    ]
    return Settings.model_validate({**before, **wanted}), changes
