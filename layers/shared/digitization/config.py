"""The environment a function runs in, parsed once into a typed model."""

from __future__ import annotations

import os
from functools import cache

from pydantic import BaseModel, Field


class Settings(BaseModel):
    """Resource names and deployment facts, from the template's environment variables."""

    requests_table: str = Field(min_length=1)
    config_table: str = Field(min_length=1)
    idempotency_table: str = Field(min_length=1)
    files_bucket: str = Field(min_length=1)
    links_table: str = Field(min_length=1)
    compliance_table: str = Field(min_length=1)
    user_pool_id: str = ""
    sender_email: str = "library@example.edu"
    stage: str = "dev"
    cleanup_days: int = 30
    web_url: str = Field(default="", description="The web app's address (scheme and host); empty: no web app")


@cache
def settings() -> Settings:
    """Read once per execution environment (not at import time)."""
    env = os.environ
    return Settings(
        requests_table=env.get("REQUESTS_TABLE", ""),
        config_table=env.get("CONFIG_TABLE", ""),
        idempotency_table=env.get("IDEMPOTENCY_TABLE", ""),
        files_bucket=env.get("FILES_BUCKET", ""),
        links_table=env.get("LINKS_TABLE", ""),
        compliance_table=env.get("COMPLIANCE_TABLE", ""),
        user_pool_id=env.get("USER_POOL_ID", ""),
        sender_email=env.get("SENDER_EMAIL", "library@example.edu"),
        stage=env.get("STAGE", "dev"),
        cleanup_days=int(env.get("CLEANUP_DAYS", "30")),
        web_url=env.get("WEB_URL", "").rstrip("/"),
    )


def web_origin() -> str | None:
    """The web app's origin (``WEB_URL``: it is served at the root of its origin), for CORS; None without one.

    Read at call time on its own, so that a function whose environment has no tables still answers CORS.
    """
    return os.environ.get("WEB_URL", "").rstrip("/") or None
