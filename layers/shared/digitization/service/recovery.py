"""The hourly job's second half: finish what a failure left owed to a requester (SPEC §8).

A sparse index lists the requests owed a letter or a publication; for each, older than the
grace period (so a request in the middle of its own handler is left alone): a delivery approved
but not published is published, and the letters are settled and sent (``letters.recover``).
Every step is idempotent, so a run that overlaps a retry, or another run, does nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from digitization.clock import iso
from digitization.data.repositories import repositories
from digitization.domain.delivery import publishable
from digitization.observability import count, logger
from digitization.service import letters, publishing


@dataclass
class RecoveryReport:
    finished: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def finish_pending(now: datetime) -> RecoveryReport:
    report = RecoveryReport()
    requests = repositories().requests
    for request_id in requests.pending_ids(iso(now - letters.GRACE)):
        try:
            request = requests.get(request_id)
            if publishable(request) and request.delivery is not None:
                publishing.publish(request, request.delivery.base_url or "", by="system")
            letters.recover(request_id, now)
        except Exception:  # one request must not stop the others; it stays listed for the next run
            logger.exception("could not finish a pending request", extra={"request_id": request_id})
            report.failed.append(request_id)
            continue
        report.finished.append(request_id)
    count("RecoveryRun")
    logger.info("recovery", extra={"finished": report.finished, "failed": report.failed})
    return report
