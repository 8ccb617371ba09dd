"""Benchmark of the request lifecycle: AWS calls per action, and cold import time per handler.

    .venv/bin/python bench/request_lifecycle.py [--runs 7]

AWS calls are counted with a botocore ``before-call`` event hook on every client
(boto3's and PynamoDB's), against moto with the resources built from template.yaml.
Import times are the median over fresh interpreters.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared")]

FUNCTIONS = ("create_request", "scan_in", "next_step", "get_request")
ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "Bench",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "ERROR",
    "REQUESTS_TABLE": "RequestsTable",
    "CONFIG_TABLE": "ConfigTable",
    "IDEMPOTENCY_TABLE": "IdempotencyTable",
    "FILES_BUCKET": "bench-bucket",
}


def count_calls() -> dict[str, Counter[str]]:
    """Run create → scan-in → next step → get once and count the AWS operations of each."""
    import botocore.session
    from moto import mock_aws

    from local_stack.resources import create_resources
    from local_stack.template import load_template

    calls: Counter[str] = Counter()
    original = botocore.session.Session.create_client

    def create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = original(self, *args, **kwargs)
        client.meta.events.register("before-call", lambda model, **_: calls.update([model.name]))
        return client

    botocore.session.Session.create_client = create_client  # type: ignore[method-assign]
    os.environ.update(ENV)
    template = load_template(ROOT / "template.yaml")
    with mock_aws():
        create_resources(template)
        from tests.integration.conftest import invoke, load_event

        figures: dict[str, Counter[str]] = {}
        calls.clear()
        reply = invoke(
            "create_request",
            load_event("create_request/patron_course_chapter", headers={"Idempotency-Key": "bench-1"}),
        )
        figures["create (with Idempotency-Key)"] = Counter(calls)
        rid = reply.body["id"]
        for name, function, event in (
            ("scan-in", "scan_in", "scan_in/at_digi_main"),
            ("next step", "next_step", "next_step/at_digi_main"),
            ("get", "get_request", "get_request/one"),
        ):
            calls.clear()
            answer = invoke(function, load_event(event, path_params={"id": rid}))
            assert answer.status == 200, answer.body
            figures[name] = Counter(calls)
    return figures


def import_seconds(code: str, runs: int) -> float:
    """Median wall time of ``code`` in fresh interpreters (the measurement is inside the child)."""
    probe = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    env = {**os.environ, **ENV, "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "shared"), str(ROOT)])}
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
        )
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def handler_import(function: str) -> str:
    path = ROOT / "functions" / function / "app.py"
    return (
        "import importlib.util as u; "
        f"s = u.spec_from_file_location('app', {str(path)!r}); m = u.module_from_spec(s); "
        "import sys; sys.modules['app'] = m; s.loader.exec_module(m)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters per import figure")
    args = parser.parse_args()

    print("AWS calls per action (moto, resources from template.yaml)")
    for action, counted in count_calls().items():
        detail = ", ".join(f"{op} x{n}" for op, n in sorted(counted.items()))
        print(f"  {action:32s} {sum(counted.values()):2d}   {detail}")

    print(f"\nCold import time, median of {args.runs} fresh interpreters")
    baseline = import_seconds("import boto3", args.runs)
    print(f"  {'import boto3 (baseline)':32s} {baseline * 1000:7.1f} ms")
    for function in FUNCTIONS:
        seconds = import_seconds(handler_import(function), args.runs)
        print(
            f"  {'functions/' + function + '/app.py':32s} {seconds * 1000:7.1f} ms   ({seconds / baseline:.1f}x boto3)"
        )
    print(json.dumps({"note": "figures vary with the machine; compare runs on one machine"}))


if __name__ == "__main__":
    main()
