"""``python -m local_stack``: the whole service on this machine (``make run``).

Ctrl-C (SIGINT) or SIGTERM stops everything and exits with 0.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from local_stack.emulator import PortInUse
from local_stack.intrinsics import IntrinsicError
from local_stack.runner import DEFAULT_TEMPLATE, LocalStack, Options, default_region
from local_stack.template import TemplateError

log = logging.getLogger("local_stack")


def _parameter(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected Key=Value, got {text!r}")
    return key, value


def parse_args(argv: list[str] | None = None) -> Options:
    """Options from the command line and the environment (PORT, AWS_PORT, LOCAL_SCHEDULE_SECONDS)."""
    parser = argparse.ArgumentParser(
        prog="python -m local_stack",
        description="Run the service locally: moto as AWS, resources from template.yaml, "
        "the API and the web app on HTTP, schedules, demo users and data.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT", "3000")), help="API port; 0 = any free"
    )
    parser.add_argument(
        "--aws-port",
        type=int,
        default=int(os.environ.get("AWS_PORT", "4566")),
        help="moto port; 0 = any free",
    )
    parser.add_argument(
        "--web-port",
        type=int,
        default=int(os.environ.get("WEB_PORT", "3001")),
        help="web app port; 0 = any free",
    )
    parser.add_argument("--state-dir", type=Path, default=Path(".local"), help="where stack.json goes")
    parser.add_argument("--workers", type=int, default=8, help="worker processes per function environment")
    schedule_default = os.environ.get("LOCAL_SCHEDULE_SECONDS")
    parser.add_argument(
        "--schedule-seconds",
        type=float,
        default=float(schedule_default) if schedule_default else None,
        help="fire every schedule this often instead of its own rate/cron",
    )
    parser.add_argument(
        "--no-demo", action="store_true", help="do not seed demo data (users are still created)"
    )
    parser.add_argument(
        "--no-iam",
        action="store_true",
        help="do not enforce each function's IAM policy (by default the embedded AWS does, as AWS would)",
    )
    parser.add_argument(
        "--param",
        action="append",
        type=_parameter,
        default=[],
        metavar="KEY=VALUE",
        help="template parameter",
    )
    parser.add_argument("--template", type=Path, default=DEFAULT_TEMPLATE, help=argparse.SUPPRESS)
    parser.add_argument("--quiet", action="store_true", help="print warnings and errors only")
    args = parser.parse_args(argv)
    return Options(
        template=args.template,
        host=args.host,
        port=args.port,
        aws_port=args.aws_port,
        web_port=args.web_port,
        state_dir=args.state_dir,
        workers=args.workers,
        schedule_seconds=args.schedule_seconds,
        demo=not args.no_demo,
        iam=not args.no_iam,
        parameters=dict(args.param),
        quiet=args.quiet,
        region=default_region(),
    )


def main(argv: list[str] | None = None) -> int:
    """Run until SIGINT/SIGTERM; 0 on a clean stop, 1 if the stack cannot start."""
    options = parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if options.quiet else logging.INFO,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )
    logging.getLogger("botocore").setLevel(logging.WARNING)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            return
        stop.set()
        raise KeyboardInterrupt  # interrupts a start in progress as well

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    running = LocalStack(options)
    code = 0
    try:
        running.start()
        if not options.quiet:
            print(running.banner(), flush=True)
        while not stop.wait(3600):
            pass
    except KeyboardInterrupt:
        pass
    except (PortInUse, TemplateError, IntrinsicError, FileNotFoundError) as error:
        log.error("%s", error)
        code = 1
    finally:
        stop.set()  # a second Ctrl-C during shutdown is ignored
        if not options.quiet:
            print("stopping...", file=sys.stderr, flush=True)
        running.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
