"""Cold start of every handler: CPU time and peak RSS of a fresh interpreter importing it, as Lambda does.

    .venv/bin/python bench/cold_start.py [--rounds 11]
    .venv/bin/python bench/cold_start.py --smoke          # one round: checks that every handler imports

Each round starts, in a shuffled order, one fresh interpreter per line of the table: ``import boto3``
alone, the dependency floor (boto3, ``pynamodb.models``, pydantic, the Powertools event handler),
the floor with the X-Ray SDK, and every function of template.yaml importing its handler module the
way Lambda's bootstrap does (the function's folder first on ``sys.path``, the shared layer as
``/opt/python``). Each interpreter runs with the function's environment as deployed: the template's
variables, and what Lambda sets (``LAMBDA_TASK_ROOT``, ``AWS_LAMBDA_FUNCTION_NAME``, the region), so
tracing is on where a handler asked for the X-Ray SDK. Nothing is called: no AWS is needed.

The figures are the child's own CPU time (user + system, from ``wait4``) and its peak RSS. Ratios are
taken within a round (so load that comes and goes on a shared machine hits both sides) and the
median over the rounds is printed. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import ACCOUNT, LAYER, ROOT

BOTO3 = "import boto3"
FLOOR = "import boto3, pynamodb.models, pydantic, aws_lambda_powertools.event_handler"
FLOOR_XRAY = FLOOR + ", aws_xray_sdk.core"
#: What Lambda's bootstrap does with ``Handler: app.lambda_handler``.
HANDLER = "import importlib; importlib.import_module({module!r}).{attribute}"
#: The child's own peak RSS (``wait4``'s counts the parent's image from before ``exec``).
PEAK = "; print(next(line for line in open('/proc/self/status') if line.startswith('VmHWM')))"
GOALS = {"DownloadsFunction": 1.8, "ScanInFunction": 2.5}


@dataclass(frozen=True)
class Probe:
    """One line of the table: what a fresh interpreter runs, where, with which environment."""

    name: str
    code: str
    environment: dict[str, str]
    path: tuple[str, ...] = ()


@dataclass
class Sample:
    cpu: float
    rss_kib: int


def lambda_environment(function_name: str, task_root: str, variables: dict[str, str]) -> dict[str, str]:
    """What a deployed function's interpreter sees: the template's variables and Lambda's own."""
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return {
        **keep,
        **ACCOUNT,
        **variables,
        "AWS_LAMBDA_FUNCTION_NAME": function_name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12",
        "LAMBDA_TASK_ROOT": task_root,
        "_HANDLER": "app.lambda_handler",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def probes() -> list[Probe]:
    from local_stack.template import load_template

    functions = load_template(ROOT / "template.yaml").resolve_functions()
    found = []
    for logical_id, spec in sorted(functions.items()):
        module, _, attribute = spec.handler.rpartition(".")
        env = lambda_environment(spec.name, str(spec.code_dir), dict(spec.environment))
        env.pop("POWERTOOLS_TRACE_DISABLED", None)
        found.append(
            Probe(
                logical_id,
                HANDLER.format(module=module, attribute=attribute),
                env,
                (str(spec.code_dir), *(str(layer) for layer in spec.layers)),
            )
        )
    plain = lambda_environment("baseline", str(ROOT), {})
    return [
        Probe("import boto3", BOTO3, plain),
        Probe("floor", FLOOR, plain),
        Probe("floor + aws_xray_sdk.core", FLOOR_XRAY, plain),
        *found,
    ]


def measure(probe: Probe) -> Sample:
    """Run ``probe`` in a fresh interpreter; its CPU seconds and peak RSS (KiB)."""
    prelude = "import sys; sys.path[:0] = " + repr(list(probe.path)) + "; " if probe.path else ""
    env = {**probe.environment, "PYTHONPATH": str(LAYER)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            [sys.executable, "-c", prelude + probe.code + PEAK],
            env=env,
            cwd=probe.path[0] if probe.path else ROOT,
            stdout=out,
            stderr=errors,
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            errors.seek(0)
            raise RuntimeError(f"{probe.name} failed to import:\n{errors.read().decode(errors='replace')}")
        out.seek(0)
        peak = int(out.read().split()[-2])
    return Sample(cpu=usage.ru_utime + usage.ru_stime, rss_kib=peak)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=11, help="fresh interpreters per line (median)")
    parser.add_argument("--smoke", action="store_true", help="one round: every handler imports")
    parser.add_argument("--only", default="", help="comma-separated functions (logical ids) to measure")
    args = parser.parse_args()
    rounds = 1 if args.smoke else max(args.rounds, 1)

    only = {name for name in args.only.split(",") if name}
    lines = [probe for probe in probes() if not only or probe.name in only or probe.path == ()]
    samples: dict[str, list[Sample]] = {probe.name: [] for probe in lines}
    to_boto3: dict[str, list[float]] = {probe.name: [] for probe in lines}
    to_floor: dict[str, list[float]] = {probe.name: [] for probe in lines}
    shuffle = random.Random(15)
    for _ in range(rounds):
        order = list(lines)
        shuffle.shuffle(order)
        taken = {probe.name: measure(probe) for probe in order}
        for name, sample in taken.items():
            samples[name].append(sample)
            to_boto3[name].append(sample.cpu / taken["import boto3"].cpu)
            to_floor[name].append(sample.cpu / taken["floor"].cpu)

    print(f"Cold start: a fresh interpreter importing the handler, median of {rounds} paired round(s)")
    print(f"  {'':38s} {'CPU ms':>7s} {'x boto3':>8s} {'x floor':>8s} {'peak RSS':>9s}")
    for probe in lines:
        cpu = statistics.median(s.cpu for s in samples[probe.name]) * 1000
        rss = statistics.median(s.rss_kib for s in samples[probe.name]) / 1024
        ratio = statistics.median(to_boto3[probe.name])
        goal = f"   goal <= {GOALS[probe.name]}x boto3" if probe.name in GOALS else ""
        print(
            f"  {probe.name:38s} {cpu:7.0f} {ratio:7.2f}x {statistics.median(to_floor[probe.name]):7.2f}x "
            f"{rss:6.0f} MB{goal}"
        )
    print("  (floor: boto3, pynamodb.models, pydantic, aws_lambda_powertools.event_handler; figures vary")
    print("   with the machine and its load: compare runs made on one machine)")
    if args.smoke:
        print("  (smoke: one round checks that every handler imports; its ratios are not a measurement,")
        print("   run without --smoke for the median of paired rounds)")


if __name__ == "__main__":
    main()
