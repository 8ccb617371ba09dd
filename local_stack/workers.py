"""Run Lambda handlers like Lambda does: one invocation at a time per execution environment.

A worker process is an execution environment. It imports a function's module
by file path once (a unique module name per function, the code directory on
``sys.path`` during the import, the layers on ``sys.path`` like ``/opt/python``),
caches it, and calls its handler with a Lambda-like context. Processes come
from a ``forkserver`` that has boto3, pydantic, PynamoDB and Powertools
imported already, so a new worker starts in milliseconds.

What a worker prints goes through :class:`Console`: Powertools' JSON log lines
become one readable line each (``HH:MM:SS LEVEL Function: message key=value``),
and metric records (CloudWatch EMF, one JSON blob per invocation) are appended
to a file instead of the console.

Environments: functions whose resolved environment variables and layers are
identical share a pool of workers; a function whose environment differs gets
a pool of its own. So a worker never holds two different values of a variable,
and whatever the shared layer caches from the environment stays right.
"""

from __future__ import annotations

import concurrent.futures
import importlib.util
import io
import json
import logging
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from local_stack.template import FunctionSpec

__all__ = [
    "FORKSERVER_PRELOAD",
    "LOCAL_DEFAULTS",
    "Console",
    "InvokeResult",
    "LambdaContext",
    "WorkerPool",
    "runtime_environment",
]

log = logging.getLogger(__name__)

FORKSERVER_PRELOAD = [
    "boto3",
    "botocore",
    "botocore.session",
    "pydantic",
    "pynamodb",
    "pynamodb.models",
    "aws_lambda_powertools",
    "aws_lambda_powertools.event_handler",
    "aws_lambda_powertools.utilities.typing",
]


@dataclass(frozen=True)
class InvokeResult:
    """What an invocation produced: the handler's JSON result, or an error."""

    ok: bool
    payload: Any = None
    error_type: str | None = None
    error_message: str | None = None
    duration_ms: float = 0.0


@dataclass(frozen=True)
class _Function:
    """The picklable part of a FunctionSpec a worker needs."""

    logical_id: str
    name: str
    code_dir: str
    handler: str
    memory_mb: int
    timeout_s: int
    arn: str


class LambdaContext:
    """The ``context`` argument of a Lambda handler."""

    def __init__(self, function: _Function, request_id: str) -> None:
        self.function_name = function.name
        self.function_version = "$LATEST"
        self.invoked_function_arn = function.arn
        self.memory_limit_in_mb = function.memory_mb
        self.aws_request_id = request_id
        self.log_group_name = f"/aws/lambda/{function.name}"
        self.log_stream_name = f"{time.strftime('%Y/%m/%d')}/[$LATEST]{uuid.uuid4().hex}"
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + function.timeout_s

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before the function's timeout."""
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def runtime_environment(endpoint_url: str, region: str) -> dict[str, str]:
    """Variables every local execution environment gets, over the function's own.

    Fake credentials and the emulator's endpoint, so that boto3, PynamoDB and
    Powertools reach moto and never a real account; tracing off.
    """
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        "AWS_ENDPOINT_URL": endpoint_url,
        "AWS_SAM_LOCAL": "true",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }


#: Defaults a function's own environment may override.
LOCAL_DEFAULTS = {"POWERTOOLS_METRICS_NAMESPACE": "LocalStack"}


# ---------------------------------------------------------------------------
# inside a worker process
# ---------------------------------------------------------------------------

_MODULES: dict[str, Callable[..., Any]] = {}
_running: list[str] = []  # the logical id of the function being invoked, for the console

#: Keys of a Powertools log line that the console leaves out: the Lambda context, which is the same
#: for every line of an invocation, and what the line itself shows.
_QUIET_KEYS = frozenset(
    {
        "level",
        "location",
        "message",
        "timestamp",
        "service",
        "cold_start",
        "function_name",
        "function_memory_size",
        "function_arn",
        "function_request_id",
        "correlation_id",
        "xray_trace_id",
        "sampling_rate",
        "exception",
        "exception_name",
        "stack_trace",
    }
)


class Console(io.TextIOBase):
    """A worker's standard output, line by line: metric records (CloudWatch EMF) to ``metrics`` (or
    nowhere), Powertools' JSON log lines as one readable line each, anything else as it came."""

    def __init__(self, out: TextIO, metrics: Path | None) -> None:
        super().__init__()
        self._out = out
        self._metrics = metrics
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            self._line(line)
        return len(text)

    def flush(self) -> None:
        self._out.flush()

    def _line(self, line: str) -> None:
        record = _json_object(line)
        if record is None:
            self._out.write(line + "\n")
        elif "_aws" in record:
            if self._metrics is not None:
                with self._metrics.open("a", encoding="utf-8") as metrics:
                    metrics.write(line + "\n")
        elif "level" in record and "message" in record:
            self._out.write(readable(record, _running[-1] if _running else "worker") + "\n")
        else:
            self._out.write(line + "\n")


def _json_object(line: str) -> dict[str, Any] | None:
    if not line.startswith("{"):
        return None
    try:
        found = json.loads(line)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def readable(record: Mapping[str, Any], function: str) -> str:
    """``12:00:21 INFO    CreateRequestFunction: letter sent  request_id=... letter=...``."""
    extras = " ".join(f"{key}={value}" for key, value in record.items() if key not in _QUIET_KEYS)
    line = f"{time.strftime('%H:%M:%S')} {record['level']!s:7} {function}: {record['message']}"
    line += f"  {extras}" if extras else ""
    trace = record.get("exception")
    return f"{line}\n{trace}" if trace else line


def _exit_with(pid: int) -> None:
    """Exit this process when process ``pid`` has gone (without polling where Linux can tell)."""
    try:
        handle = os.pidfd_open(pid)
    except (AttributeError, OSError):  # not Linux, or gone already
        while _alive(pid):
            time.sleep(1.0)
    else:
        select.select([handle], [], [])
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _init_worker(
    environment: Mapping[str, str], paths: list[str], metrics: str | None = None, owner: int | None = None
) -> None:
    """Set up an execution environment: variables, layers on sys.path, Ctrl-C left to the parent, the
    console (before any handler builds its logger on ``sys.stdout``).

    A worker is the forkserver's child, not the pool owner's, and holds both ends of its call queue,
    so nothing would end it if the owner were killed: it exits when process ``owner`` has gone.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if owner is not None:
        threading.Thread(target=_exit_with, args=(owner,), name="owner-watch", daemon=True).start()
    os.environ.update(environment)
    for path in reversed(paths):
        if path not in sys.path:
            sys.path.insert(0, path)
    sys.stdout = Console(sys.__stdout__ or sys.stdout, Path(metrics) if metrics else None)


def _load_handler(function: _Function) -> Callable[..., Any]:
    """Import the function's module by path (once) and return its handler."""
    if function.logical_id in _MODULES:
        return _MODULES[function.logical_id]
    module_path, _, attribute = function.handler.rpartition(".")
    if not module_path or not attribute:
        raise ImportError(f"handler {function.handler!r} is not 'module.function'")
    code_dir = Path(function.code_dir)
    file = code_dir / (module_path.replace(".", "/") + ".py")
    unique = f"local_stack_fn_{function.logical_id}"
    spec = importlib.util.spec_from_file_location(unique, file)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {file}")
    module = importlib.util.module_from_spec(spec)
    before = set(sys.modules)
    sys.path.insert(0, str(code_dir))
    sys.modules[unique] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[unique]
        raise
    finally:
        sys.path.remove(str(code_dir))
        _isolate_siblings(before, code_dir, unique)
    handler: Callable[..., Any] | None = getattr(module, attribute, None)
    if not callable(handler):
        raise ImportError(f"{file} has no callable {attribute!r}")
    _MODULES[function.logical_id] = handler
    return handler


def _isolate_siblings(before: set[str], code_dir: Path, unique: str) -> None:
    """Rename modules imported from the code directory so another function's same-named ones load afresh."""
    for name in set(sys.modules) - before:
        module: ModuleType | None = sys.modules.get(name)
        origin = getattr(module, "__file__", None) or ""
        if name != unique and origin and Path(origin).resolve().is_relative_to(code_dir):
            sys.modules[f"{unique}__{name}"] = sys.modules.pop(name)


def _invoke(function: _Function, event: Any, request_id: str) -> InvokeResult:
    """Run one invocation in this worker (the executor calls this)."""
    started = time.perf_counter()
    os.environ.update(
        {
            "AWS_LAMBDA_FUNCTION_NAME": function.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(function.memory_mb),
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{function.name}",
            "LAMBDA_TASK_ROOT": function.code_dir,
            "_HANDLER": function.handler,
        }
    )

    def failed(kind: str, error: BaseException) -> InvokeResult:
        print(f"[{function.logical_id}] {kind} (request {request_id}):", file=sys.stderr)
        traceback.print_exception(error, file=sys.stderr)
        sys.stderr.flush()
        elapsed = (time.perf_counter() - started) * 1000
        return InvokeResult(False, None, kind, f"{type(error).__name__}: {error}", elapsed)

    _running[:] = [function.logical_id]
    try:
        handler = _load_handler(function)
    except BaseException as error:  # an import-time failure is the function's init error
        return failed("Runtime.ImportModuleError", error)
    try:
        result = handler(event, LambdaContext(function, request_id))
    except BaseException as error:  # Lambda reports every exception, SystemExit included
        return failed("Runtime.HandlerError", error)
    finally:
        sys.stdout.flush()
    try:
        payload = json.loads(json.dumps(result))  # Lambda serialises the result as JSON
    except (TypeError, ValueError) as error:
        return failed("Runtime.MarshalError", error)
    return InvokeResult(True, payload, duration_ms=(time.perf_counter() - started) * 1000)


# ---------------------------------------------------------------------------
# in the parent
# ---------------------------------------------------------------------------


class WorkerPool:
    """Invokes functions in worker processes; ``workers`` processes per distinct environment."""

    def __init__(
        self,
        functions: Mapping[str, FunctionSpec],
        *,
        workers: int = 8,
        base_environment: Mapping[str, str] | None = None,
        reload: bool = True,
        metrics: Path | None = None,
    ) -> None:
        """``base_environment`` (see :func:`runtime_environment`) wins over each function's variables.

        Metric records (CloudWatch EMF) are appended to ``metrics``, or dropped without it.

        With ``reload``, a change to any ``.py`` file of the functions or layers
        retires the current workers (after their invocation in progress), so the
        next invocation imports the new code, like a new Lambda deployment.
        """
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(FORKSERVER_PRELOAD)
        self._functions: dict[str, _Function] = {}
        self._group_of: dict[str, tuple[Any, ...]] = {}
        self._groups: dict[tuple[Any, ...], tuple[dict[str, str], list[str]]] = {}
        self._executors: dict[tuple[Any, ...], concurrent.futures.ProcessPoolExecutor] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._reload = reload
        self._metrics = str(metrics) if metrics else None
        self._code_dirs: set[Path] = set()
        self._code_stamp = 0.0
        self._checked_at = 0.0
        base = dict(base_environment or {})
        for logical_id, spec in functions.items():
            environment = LOCAL_DEFAULTS | dict(spec.environment) | base
            paths = [str(path) for path in spec.layers]
            key = (tuple(sorted(environment.items())), tuple(paths))
            self._groups[key] = (environment, paths)
            self._group_of[logical_id] = key
            self._code_dirs |= {Path(spec.code_dir), *spec.layers}
            self._functions[logical_id] = _Function(
                logical_id=logical_id,
                name=spec.name,
                code_dir=str(spec.code_dir),
                handler=spec.handler,
                memory_mb=spec.memory_mb,
                timeout_s=spec.timeout_s,
                arn=spec.arn,
            )
        if len(self._groups) > 1:
            log.info("%d distinct function environments: one worker pool each", len(self._groups))
        self._code_stamp = self._newest_code()

    def _newest_code(self) -> float:
        """Modification time of the newest Python file of the functions and layers."""
        times = [p.stat().st_mtime for d in self._code_dirs if d.is_dir() for p in d.rglob("*.py")]
        return max(times, default=0.0)

    def _retire_if_code_changed(self) -> None:
        """At most once a second: if code changed, new invocations go to fresh workers."""
        now = time.monotonic()
        if not self._reload or now - self._checked_at < 1.0:
            return
        self._checked_at = now
        stamp = self._newest_code()
        if stamp <= self._code_stamp:
            return
        with self._lock:
            self._code_stamp = stamp
            retired = list(self._executors.values())
            self._executors.clear()
        if retired:
            log.info("code changed: new invocations start fresh workers")
        for executor in retired:
            executor.shutdown(wait=False, cancel_futures=False)

    @property
    def functions(self) -> list[str]:
        """Logical ids of the functions this pool can run."""
        return list(self._functions)

    def _executor(self, key: tuple[Any, ...]) -> concurrent.futures.ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise RuntimeError("the worker pool is shut down")
            executor = self._executors.get(key)
            if executor is None:
                environment, paths = self._groups[key]
                executor = concurrent.futures.ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=self._context,
                    initializer=_init_worker,
                    initargs=(environment, paths, self._metrics, os.getpid()),
                )
                self._executors[key] = executor
            return executor

    def _discard(self, key: tuple[Any, ...], executor: concurrent.futures.ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executors.get(key) is executor:
                del self._executors[key]
        executor.shutdown(wait=False, cancel_futures=True)

    def invoke(self, logical_id: str, event: Any, *, request_id: str | None = None) -> InvokeResult:
        """Run one invocation and wait for it (at most the function's timeout)."""
        function = self._functions[logical_id]
        key = self._group_of[logical_id]
        request_id = request_id or str(uuid.uuid4())
        self._retire_if_code_changed()
        executor = self._executor(key)
        try:
            try:
                future = executor.submit(_invoke, function, event, request_id)
            except RuntimeError:  # retired by a code change since we looked it up
                executor = self._executor(key)
                future = executor.submit(_invoke, function, event, request_id)
            return future.result(timeout=function.timeout_s + 1)
        except concurrent.futures.TimeoutError:
            log.error("%s timed out after %d s (request %s)", logical_id, function.timeout_s, request_id)
            return InvokeResult(False, None, "Sandbox.Timedout", f"timed out after {function.timeout_s} s")
        except BrokenProcessPool as error:
            log.error("%s: the worker process died (request %s); starting fresh ones", logical_id, request_id)
            self._discard(key, executor)
            return InvokeResult(False, None, "Runtime.ExitError", str(error))

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop every worker; processes still busy after ``timeout`` seconds are killed."""
        with self._lock:
            self._closed = True
            executors = list(self._executors.values())
            self._executors.clear()
        processes: list[multiprocessing.process.BaseProcess] = []
        for executor in executors:
            processes.extend(getattr(executor, "_processes", {}).values())
            executor.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + timeout
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(1)
