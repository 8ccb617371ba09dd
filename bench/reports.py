"""Benchmark of the compliance reports: time and DynamoDB calls per report at 10k and 100k requests.

    .venv/bin/python bench/reports.py [--requests 10000,100000] [--runs 9]
    .venv/bin/python bench/reports.py --smoke      # 800 and 1,600 requests

Against moto with the resources and the functions' environment built from template.yaml. The
year holds N requests; what the two reports list is the same at every N (500 articles of 100
periodicals; one course's 200 chapters of 20 books), and the rest are book chapters for other
courses. A report reads one tally row per periodical or work it lists, never the requests, so
its time should not grow with N (goal: within 1.2x from 10k to 100k); its calls are one query
per 1 MB page of rows.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import aws_stack, on_every_call

if TYPE_CHECKING:
    from digitization.domain.requests import NewRequest

COURSE = "BENCH101"


def issn_number(n: int) -> str:
    from stdnum import issn

    digits = f"{2000000 + n:07d}"
    return issn.format(digits + issn.calc_check_digit(digits))


def isbn_number(n: int) -> str:
    from stdnum import ean

    digits = f"978{100000000 + n:09d}"
    return digits + str(ean.calc_check_digit(digits))


def populate(start: int, count: int) -> None:
    """``count`` more requests of this year (see :func:`_draft`).

    The requests and the tally items they make are batch-written, as the request writes would leave
    them (``compliance.tallies`` of each request): moto copies every table on each transaction,
    which would make 100k transactional writes quadratic here. The write path itself is tested in
    tests/integration/test_reports.py.
    """
    from digitization.data.aggregates import part_record
    from digitization.data.models import RequestRecord, TallyRecord
    from digitization.data.requests import _to_record
    from digitization.domain import compliance, lifecycle

    with RequestRecord.batch_write() as requests, TallyRecord.batch_write() as tallies:
        for n in range(start, start + count):
            request = lifecycle.open_request(_draft(n), created_by="bench")
            counted = compliance.tallies(request)
            request = request.model_copy(update={"tallies": {k: t.fingerprint for k, t in counted.items()}})
            requests.save(_to_record(request))
            for tally in counted.values():
                tallies.save(part_record(tally, request.id, request.created_at))


ARTICLES, PERIODICALS = 500, 100  # what the CONTU report lists, whatever the year's total
CHAPTERS, BOOKS = 200, 20  # what the CLA report of COURSE lists
OTHER_COURSES, OTHER_BOOKS = 2000, 5000


def _draft(n: int) -> NewRequest:
    """Request ``n`` of the year: the first ones count in the two reports measured; the rest are book
    chapters for other courses, as most of a library's digitization is, and must not slow them."""
    from digitization.domain.requests import NewRequest

    item: dict[str, Any] = {"source": "citation", "total_pages": 300}
    course: str | None
    if n < ARTICLES:
        work, course = n % PERIODICALS, None
        item |= {"mms_id": f"serial-{work}", "title": f"Periodical {work}", "issn": issn_number(work)}
        item |= {"volume": "1", "issue": str(n % 4), "publication_year": time.gmtime().tm_year - 1}
    elif n < ARTICLES + CHAPTERS:
        work, course = n % BOOKS, COURSE
        item |= {"mms_id": f"book-{work}", "title": f"Book {work}", "isbn": isbn_number(work)}
    else:
        work, course = n % OTHER_BOOKS, f"C{n % OTHER_COURSES}"
        item |= {"mms_id": f"book-{work}", "title": f"Book {work}", "isbn": isbn_number(work)}
    return NewRequest.model_validate(
        {
            "request_type": "course_related_digitization" if course else "staff_digitization",
            "requester": {"user_id": "patron1"},
            "item": item,
            "partial": True,
            "pages": f"{1 + n % 250}-{1 + n % 250 + 9}",
            "chapters": [str(n % 12)] if course else [],
            "article_title": None if course else f"Article {n}",
            "course": {"id": course} if course else None,
        }
    )


def measure(runs: int, calls: Counter[str]) -> dict[str, Any]:
    from digitization.auth import Caller, Role
    from digitization.service import reports

    staff = Caller(username="bench", email=None, roles=frozenset({Role.FULFILLMENT_SERVICES_MANAGER}))
    figures: dict[str, Any] = {}
    for name, run in (
        ("contu", lambda: reports.contu(staff, time.gmtime().tm_year)),
        ("cla", lambda: reports.cla(staff, COURSE)),
    ):
        samples = []
        calls.clear()
        rows = 0
        for _ in range(runs):
            began = time.perf_counter()
            report = run()
            samples.append(time.perf_counter() - began)
            rows = len(getattr(report, "periodicals", None) or getattr(report, "works", []))
        figures[name] = {
            "ms": statistics.median(samples) * 1000,
            "calls": sum(calls.values()) / runs,
            "rows": rows,
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", default="10000,100000", help="comma-separated request counts")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--smoke", action="store_true", help="800 and 1,600 requests")
    args = parser.parse_args()
    sizes = [800, 1600] if args.smoke else [int(n) for n in args.requests.split(",")]
    runs = 3 if args.smoke else args.runs
    logging.disable(logging.WARNING)

    calls: Counter[str] = Counter()

    def count(model: Any, **_: Any) -> None:
        calls[model.name] += 1

    on_every_call(count)
    results: dict[int, dict[str, Any]] = {}
    began = time.perf_counter()
    with aws_stack():
        made = 0
        for size in sizes:
            populate(made, size - made)
            made = size
            results[size] = measure(runs, calls)
    print(
        f"CONTU lists {ARTICLES} articles of {PERIODICALS} periodicals; CLA of {COURSE}: {CHAPTERS} chapters of "
        f"{BOOKS} books; the other requests are chapters for {OTHER_COURSES} other courses. "
        f"Median of {runs} runs."
    )
    print(f"{'requests':>9} | {'report':<6} | {'rows':>5} | {'ms':>8} | {'DynamoDB calls':>14}")
    for size, figures in results.items():
        for name, figure in figures.items():
            print(
                f"{size:>9} | {name:<6} | {figure['rows']:>5} | {figure['ms']:>8.2f} | {figure['calls']:>14.1f}"
            )
    small, large = sizes[0], sizes[-1]
    for name in ("contu", "cla"):
        ratio = results[large][name]["ms"] / results[small][name]["ms"]
        verdict = "PASS" if ratio <= 1.2 else "over the goal"
        print(f"{name}: time at {large} / time at {small} = x{ratio:.2f} ({verdict}; goal <= 1.2)")
    if args.smoke:
        print("(smoke run: sizes too small for the ratio to mean anything; make bench-reports for that)")
    print(f"wall time {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
