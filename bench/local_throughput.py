"""Throughput of the local API: create + scan-in + get over HTTP, concurrent clients, fresh ISBNs.

    .venv/bin/python bench/local_throughput.py [--clients 8] [--seconds 30]
    .venv/bin/python bench/local_throughput.py --clients 1
    .venv/bin/python bench/local_throughput.py --smoke        # one client, a few rounds

Starts ``python -m local_stack`` on free ports (as the end-to-end tests do: moto as AWS, the
template's resources, the demo data and users), warms every client up, then lets each client loop
for ``--seconds``: an operator creates a request for an uncatalogued title by citation with a fresh
ISBN (so the rules' material look-ups never grow), scans it in, and reads it back. Prints requests
per second (every HTTP call counts) and latency percentiles per call; stops the stack at the end.
No timing is asserted.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests
from stdnum import ean
from stdnum import isbn as isbn_numbers

from local_stack.demo import CREATE_BODY

OPERATOR = "work-order-operator"
_serial = itertools.count(1)
_serial_lock = threading.Lock()


def fresh_isbn() -> str:
    """A valid ISBN-13 never used before in this run."""
    with _serial_lock:
        number = next(_serial)
    stem = f"979{number:09d}"
    return isbn_numbers.format(stem + ean.calc_check_digit(stem))


def citation_body() -> dict[str, Any]:
    isbn = fresh_isbn()
    item = {
        **{k: v for k, v in CREATE_BODY["item"].items() if v is not None},
        "source": "citation",
        "mms_id": "bench-" + isbn.replace("-", ""),
        "isbn": isbn,
        "barcode": None,
    }
    item.pop("barcode")
    item.pop("available_in_electronic", None)
    return {**CREATE_BODY, "item": item, "requester": {"user_id": "patron1"}}


class Client(threading.Thread):
    """One client: its own HTTP session (keep-alive), looping create, scan-in, get."""

    def __init__(self, api: str, token: str, until: threading.Event, start_line: threading.Barrier) -> None:
        super().__init__(daemon=True)
        self.api, self.until, self.start_line = api, until, start_line
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.counting = False

    def call(self, name: str, method: str, path: str, expect: int, body: Any = None) -> Any:
        started = time.perf_counter()
        reply = self.session.request(method, self.api + path, json=body, timeout=60)
        if self.counting:
            self.latencies[name].append(time.perf_counter() - started)
        if reply.status_code != expect:
            self.errors.append(f"{name}: {reply.status_code} {reply.text[:200]}")
            return None
        return reply.json()

    def once(self) -> None:
        created = self.call("create", "POST", "/requests", 201, citation_body())
        if created is None:
            return
        rid = created["id"]
        self.call("scan-in", "POST", f"/requests/{rid}/scan-in", 200, {"department": "DIGI-MAIN"})
        self.call("get", "GET", f"/requests/{rid}", 200)

    def run(self) -> None:
        try:
            for _ in range(2):  # warm-up: every worker process imports its handler
                self.once()
            self.start_line.wait()
            self.counting = True
            while not self.until.is_set():
                self.once()
        except BaseException as error:  # a broken client must not leave the others waiting
            self.errors.append(f"client failed: {error!r}")
            self.start_line.abort()
        self.counting = False


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def run(api: str, token: str, clients: int, seconds: float) -> None:
    stop = threading.Event()
    start_line = threading.Barrier(clients + 1)
    workers = [Client(api, token, stop, start_line) for _ in range(clients)]
    for worker in workers:
        worker.start()
    try:
        start_line.wait()
    except threading.BrokenBarrierError:
        stop.set()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for worker in workers:
        worker.join(120)
    elapsed = time.perf_counter() - started
    by_call: dict[str, list[float]] = defaultdict(list)
    for worker in workers:
        for name, values in worker.latencies.items():
            by_call[name] += values
    every = [value for values in by_call.values() for value in values]
    errors = [error for worker in workers for error in worker.errors]
    print(
        f"{clients} client(s), {elapsed:.1f} s: {len(every)} requests, {len(every) / elapsed:.1f} requests/s"
    )
    print(f"  {'':8s} {'count':>6s} {'p50 ms':>7s} {'p90 ms':>7s} {'p99 ms':>7s} {'mean ms':>8s}")
    for name, values in [*sorted(by_call.items()), ("all", every)]:
        print(
            f"  {name:8s} {len(values):6d} {percentile(values, 0.5) * 1000:7.1f} "
            f"{percentile(values, 0.9) * 1000:7.1f} {percentile(values, 0.99) * 1000:7.1f} "
            f"{statistics.fmean(values) * 1000 if values else float('nan'):8.1f}"
        )
    if errors:
        print(f"  {len(errors)} unexpected answers, the first: {errors[0]}")
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--smoke", action="store_true", help="one client for two seconds")
    args = parser.parse_args()
    if args.smoke:
        args.clients, args.seconds = 1, 2.0

    from tests.e2e.conftest import running_stack

    with tempfile.TemporaryDirectory() as state, running_stack(Path(state)) as stack:
        run(stack.api_url, stack.login(OPERATOR), args.clients, args.seconds)


if __name__ == "__main__":
    main()
