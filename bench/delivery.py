"""Benchmark of delivery: AWS calls and latency per download, peak memory of zipping 10 x 10 MB.

    .venv/bin/python bench/delivery.py [--downloads 50]
    .venv/bin/python bench/delivery.py --smoke          # 3 downloads, zip of 3 x 4 MB (two parts)

Against moto with the resources and the functions' environment built from template.yaml. AWS
calls are counted with a botocore ``before-call`` event hook on every client. The zip figure is
the peak RSS of a fresh process that zips objects from S3 into one S3 object (streamed).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import ACCOUNT, LAYER, QUIET, ROOT, aws_stack, on_every_call

ZIP_CHILD = """
import sys
sys.path[:0] = [{root!r}, {layer!r}]
import boto3
from digitization.archive import Member, zip_objects
s3 = boto3.client("s3")
members = [Member(f"in/{{i}}.pdf", f"{{i}}.pdf") for i in range({objects})]
size = zip_objects(s3, "bench-zip", members, "out/all.zip")
# VmHWM: this process's own peak (ru_maxrss would carry the parent's peak across exec)
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(peak_kb / 1024, size / 1024 / 1024)
"""


def downloads(count: int) -> tuple[Counter[str], float]:
    """Make a link and hit it ``count`` times in-process: calls and median latency per hit."""
    import boto3

    calls: Counter[str] = Counter()

    def count_call(model: Any, **_: Any) -> None:
        calls[model.name] += 1

    on_every_call(count_call)
    with aws_stack() as stack:
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
    return calls, statistics.median(timings) * 1000


def zip_memory(objects: int, megabytes: int) -> tuple[float, float]:
    """Peak RSS of a Lambda-like process zipping ``objects`` x ``megabytes`` MB; S3 is a moto
    server in this process."""
    import socket

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per S3 request
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        os.environ.update({**ACCOUNT, **QUIET})
        env = {**os.environ, "AWS_ENDPOINT_URL": endpoint}
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        s3.create_bucket(Bucket="bench-zip")
        block = os.urandom(megabytes * 1024 * 1024)
        for index in range(objects):
            s3.put_object(Bucket="bench-zip", Key=f"in/{index}.pdf", Body=block)
        code = ZIP_CHILD.format(root=str(ROOT), layer=str(LAYER), objects=objects)
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
    parser.add_argument(
        "--smoke", action="store_true", help="check the benchmark runs: 3 downloads, zip 3 x 4 MB"
    )
    args = parser.parse_args()
    objects, megabytes = (3, 4) if args.smoke else (10, 10)  # 12 MB: two parts (8 MB and 4 MB)
    if args.smoke:
        args.downloads = 3
    calls, latency = downloads(args.downloads)
    per_hit = {op: n / args.downloads for op, n in sorted(calls.items())}
    print("Per GET /downloads/{token} (service in-process, moto, no reuse window: every hit counts)")
    print(
        f"  AWS calls per download: {sum(per_hit.values()):.2f}   "
        + ", ".join(f"{op} {n:.2f}" for op, n in per_hit.items())
    )
    print("  (presigning is local: no call)")
    print(f"  median latency: {latency:.2f} ms")
    peak, size = zip_memory(objects, megabytes)
    print(
        f"\nZipping {objects} x {megabytes} MB objects from S3 into one S3 object "
        "(streamed; S3 = moto server in another process)"
    )
    goal = " (goal: under 150 MB)" if (objects, megabytes) == (10, 10) else ""
    print(f"  peak RSS of the zipping process: {peak:.0f} MB{goal}; zip size {size:.1f} MB")


if __name__ == "__main__":
    main()
