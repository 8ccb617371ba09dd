"""Benchmark of delivery: AWS calls and latency per download, peak memory of zipping 10 x 10 MB.

    .venv/bin/python bench/delivery.py [--downloads 50]

Against moto with the resources built from template.yaml. AWS calls are counted with a
botocore ``before-call`` event hook on every client. The zip figure is the peak RSS of a
fresh process that zips ten 10 MB objects from S3 into one S3 object (streamed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "shared")]

ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "Bench",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "ERROR",
}

ZIP_CHILD = """
import sys
sys.path[:0] = [{root!r}, {layer!r}]
import boto3
from digitization.archive import Member, zip_objects
s3 = boto3.client("s3")
size = zip_objects(s3, "bench-zip", [Member(f"in/{{i}}.pdf", f"{{i}}.pdf") for i in range(10)], "out/all.zip")
# VmHWM: this process's own peak (ru_maxrss would carry the parent's peak across exec)
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(peak_kb / 1024, size / 1024 / 1024)
"""


def downloads(count: int) -> tuple[Counter[str], float, float]:
    """Make a link and hit it ``count`` times in-process: calls per hit, median latency, counted views."""
    import boto3
    import botocore.session
    from moto import mock_aws

    from local_stack import fidelity
    from local_stack.resources import create_resources
    from local_stack.template import load_template

    calls: Counter[str] = Counter()
    original = botocore.session.Session.create_client

    def create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = original(self, *args, **kwargs)
        client.meta.events.register(
            "before-call",
            lambda model, **_: calls.update(
                [model.operation_name if hasattr(model, "operation_name") else model.name]
            ),
        )
        return client

    botocore.session.Session.create_client = create_client  # type: ignore[method-assign]
    os.environ.update(ENV)
    template = load_template(ROOT / "template.yaml")
    fidelity.apply()
    with mock_aws():
        stack = create_resources(template)
        for spec in template.resolve_functions(stack.physical_ids).values():
            os.environ.update(spec.environment)
        from digitization.auth import Caller, Role
        from digitization.clock import iso, utcnow
        from digitization.data.repositories import repositories
        from digitization.domain.links import Link, new_token
        from digitization.service import downloads as service

        boto3.client("s3").put_object(Bucket=stack.bucket, Key="delivery/r1/files/a/a.pdf", Body=b"%PDF")
        token = new_token()
        now = int(time.time())
        repositories().links.create(
            Link(
                token=token,
                request_id="r1",
                requester="patron1",
                key="delivery/r1/files/a/a.pdf",
                file_name="a.pdf",
                max_views=count + 10,
                expires_at=now + 86400,
                reuse_seconds=0,
                created_at=iso(utcnow()),
            ),
            ttl=now + 2 * 86400,
        )
        patron = Caller(username="patron1", email=None, roles=frozenset({Role.PATRON}))
        service.download(patron, token)  # warm the clients
        calls.clear()
        timings = []
        for _ in range(count):
            start = time.perf_counter()
            service.download(patron, token)
            timings.append(time.perf_counter() - start)
    return calls, statistics.median(timings) * 1000, float(count)


def zip_memory() -> tuple[float, float]:
    """Peak RSS of a Lambda-like process zipping 10 x 10 MB; S3 is a moto server in this process."""
    import socket

    import boto3
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        env = {**os.environ, **ENV, "AWS_ENDPOINT_URL": endpoint}
        os.environ.update(ENV)
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        s3.create_bucket(Bucket="bench-zip")
        block = os.urandom(10 * 1024 * 1024)
        for index in range(10):
            s3.put_object(Bucket="bench-zip", Key=f"in/{index}.pdf", Body=block)
        code = ZIP_CHILD.format(root=str(ROOT), layer=str(ROOT / "layers" / "shared"))
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
    finally:
        server.stop()
    peak, size = (float(x) for x in out.stdout.split())
    return peak, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--downloads", type=int, default=50)
    args = parser.parse_args()
    calls, latency, hits = downloads(args.downloads)
    per_hit = {op: n / hits for op, n in sorted(calls.items())}
    print("Per GET /downloads/{token} (service in-process, moto, no reuse window: every hit counts)")
    print(
        f"  AWS calls per download: {sum(per_hit.values()):.2f}   "
        + ", ".join(f"{op} {n:.2f}" for op, n in per_hit.items())
    )
    print("  (presigning is local: no call)")
    print(f"  median latency: {latency:.2f} ms")
    peak, size = zip_memory()
    print(
        "\nZipping 10 x 10 MB objects from S3 into one S3 object (streamed; S3 = moto server in another process)"
    )
    print(f"  peak RSS of the zipping process: {peak:.0f} MB (goal: under 150 MB); zip size {size:.1f} MB")


if __name__ == "__main__":
    main()
