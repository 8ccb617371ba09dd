"""Settings: defaults, bounds, a patch and the changes it records; code table inputs."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from digitization.domain.access import Access
from digitization.domain.code_tables import CitationCopyrightDefaults, StatusDescription
from digitization.domain.settings import SettingChange, Settings, SettingsPatch, apply_patch
from digitization.http import describe_validation_error


def field_of(error: ValidationError) -> str | None:
    return describe_validation_error(dict(error.errors()[0]))[0]


def test_defaults() -> None:
    assert Settings().model_dump(mode="json") == {
        "document_delivery_cleanup_days": 30,
        "access_right_default_policy": "deny",
        "rs_borrower_copyright_management": False,
        "max_file_size_mb": 10,
        "download_reuse_window_seconds": 600,
    }
    assert Settings().max_file_size_bytes == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"document_delivery_cleanup_days": 0}, "document_delivery_cleanup_days"),
        ({"document_delivery_cleanup_days": 366}, "document_delivery_cleanup_days"),
        ({"document_delivery_cleanup_days": "30"}, "document_delivery_cleanup_days"),
        ({"download_reuse_window_seconds": -1}, "download_reuse_window_seconds"),
        ({"download_reuse_window_seconds": 86_401}, "download_reuse_window_seconds"),
        ({"max_file_size_mb": 11}, "max_file_size_mb"),
        ({"access_right_default_policy": "maybe"}, "access_right_default_policy"),
        ({"rs_borrower_copyright_management": "yes"}, "rs_borrower_copyright_management"),
        ({"rs_borrower_copyright_management": None}, "rs_borrower_copyright_management"),
        ({"colour": "blue"}, "colour"),
        ({}, "body"),
    ],
)
def test_bad_patches_name_the_setting(body: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SettingsPatch.model_validate(body)
    assert field_of(caught.value) == field


@pytest.mark.parametrize(
    "body",
    [
        {"document_delivery_cleanup_days": 1},
        {"document_delivery_cleanup_days": 365},
        {"download_reuse_window_seconds": 0},
        {"download_reuse_window_seconds": 86_400},
    ],
)
def test_bounds_are_inclusive(body: dict[str, Any]) -> None:
    assert SettingsPatch.model_validate(body).model_fields_set == set(body)


def test_patch_records_only_real_changes() -> None:
    patch = SettingsPatch.model_validate(
        {"document_delivery_cleanup_days": 30, "access_right_default_policy": "allow", "max_file_size_mb": 5}
    )
    after, changes = apply_patch(Settings(), patch)
    assert after.access_right_default_policy is Access.ALLOW
    assert after.max_file_size_mb == 5
    assert after.download_reuse_window_seconds == 600, "untouched settings keep their values"
    assert changes == [
        SettingChange(setting="access_right_default_policy", old="deny", new="allow"),
        SettingChange(setting="max_file_size_mb", old=10, new=5),
    ]


def test_citation_defaults_need_every_mapping() -> None:
    with pytest.raises(ValidationError) as caught:
        CitationCopyrightDefaults.model_validate(
            {
                "repository": {"digital": "waiting", "electronic": "approved"},
                "non_repository": "waiting",
                "brief": "x",
            }
        )
    fields = {describe_validation_error(dict(e))[0] for e in caught.value.errors()}
    assert fields == {"repository.physical", "brief"}


def test_status_descriptions_are_plain_text() -> None:
    with pytest.raises(ValidationError) as caught:
        StatusDescription.model_validate({"description": "<b>Cleared</b>"})
    assert field_of(caught.value) == "description"
    assert StatusDescription.model_validate({"description": " Cleared "}).description == "Cleared"
