"""Service settings: read (staff), change (fulfillment administrators), and the change history."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from digitization.domain.settings import SettingsHistoryPage, SettingsPatch, SettingsView
from digitization.http import caller, entrypoint, make_app
from digitization.service import settings as service

router = Router()
TAGS = ["Settings"]


@router.get(
    "/settings",
    summary="The settings in force",
    description="Defaults for anything never set; who changed them last.",
    tags=TAGS,
)
def get_settings() -> SettingsView:
    return service.view(caller(router))


@router.patch(
    "/settings",
    summary="Change settings",
    description="Only the settings sent change; each change is recorded (who, when, old → new). "
    "`document_delivery_cleanup_days` 1..365, `access_right_default_policy` allow|deny, "
    "`rs_borrower_copyright_management` bool, `max_file_size_mb` 1..10, "
    "`download_reuse_window_seconds` 0..86400.",
    tags=TAGS,
)
def change_settings(body: SettingsPatch) -> SettingsView:
    return service.change(caller(router), body)


@router.get(
    "/settings/history",
    summary="Who changed which setting, when, from what to what",
    description="Newest first; pass `next_token` back for the next page.",
    tags=TAGS,
)
def settings_history(
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    next_token: Annotated[str | None, Query(max_length=2048)] = None,
) -> SettingsHistoryPage:
    page = service.history(caller(router), limit, next_token)
    return SettingsHistoryPage(items=page.items, next_token=page.next_token)


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
