"""Benchmark of the request lifecycle: AWS calls per action, and cold import time per handler.

    .venv/bin/python bench/request_lifecycle.py [--runs 7]
    .venv/bin/python bench/request_lifecycle.py --smoke         # one interpreter per import figure

AWS calls are counted with a botocore ``before-call`` event hook on every client
(boto3's and PynamoDB's), against moto with the resources and the functions' environment
built from template.yaml. Import times are the median over fresh interpreters.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import LAYER, ROOT, aws_stack, call, catalogue, create_request, on_every_call

FUNCTIONS = ("create_request", "scan_in", "next_step", "get_request")


def count_calls() -> dict[str, Counter[str]]:
    """Run create → scan-in → next step → get once and count the AWS operations of each."""
    calls: Counter[str] = Counter()

    def count(model: Any, **_: Any) -> None:
        calls[model.name] += 1

    on_every_call(count)
    figures: dict[str, Counter[str]] = {}
    with aws_stack():
        catalogue()
        calls.clear()
        rid = create_request(idempotency_key="bench-1")["id"]
        figures["create (with Idempotency-Key)"] = Counter(calls)
        for name, function, event in (
            ("scan-in", "scan_in", "scan_in/at_digi_main"),
            ("next step", "next_step", "next_step/at_digi_main"),
            ("get", "get_request", "get_request/one"),
        ):
            calls.clear()
            call(function, event, path_params={"id": rid})
            figures[name] = Counter(calls)
    return figures


def import_seconds(code: str, runs: int) -> float:
    """Median wall time of ``code`` in fresh interpreters (the measurement is inside the child).

    The children get this process's environment: the functions' one, set by :func:`count_calls`.
    """
    probe = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(LAYER), str(ROOT)])}
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
    parser.add_argument("--smoke", action="store_true", help="check the benchmark runs: --runs 1")
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1

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
