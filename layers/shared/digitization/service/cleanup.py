"""The scheduled cleanup of delivery files and links (SPEC §5.3; seed: document_delivery_cleanup_days).

S3 lifecycle rules remove delivery objects too, but eventually (and moto never): this job
removes what is due and marks the links expired. It is idempotent. Representations are
never touched (they live under ``representations/``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from digitization import storage
from digitization.clock import epoch
from digitization.data.repositories import repositories
from digitization.observability import count, logger
from digitization.service import settings as settings_service

DELIVERY_ROOT = "delivery/"


@dataclass
class CleanupReport:
    links: list[str] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)


def run(now: float | None = None) -> CleanupReport:
    """Remove link objects whose time has come (expiry, or the last view's window), then old delivery files."""
    moment = int(now if now is not None else epoch())
    report = CleanupReport()
    links = repositories().links
    for link in links.due_for_cleanup(moment):
        storage.delete_keys({link.key})
        links.cleaned(link.token)
        report.links.append(link.token)
        report.objects.append(link.key)
    days = settings_service.current().document_delivery_cleanup_days
    cutoff = datetime.fromtimestamp(moment, UTC) - timedelta(days=days)
    old = {key for key, modified in storage.modified_under(DELIVERY_ROOT).items() if modified < cutoff}
    storage.delete_keys(old)
    report.objects += sorted(old)
    count("CleanupRun")
    logger.info("cleanup", extra={"links_expired": report.links, "objects_removed": report.objects})
    return report
