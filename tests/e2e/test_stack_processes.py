"""The local stack's processes: the emulator, the forkserver and the workers go with it, even killed."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tests.e2e.conftest import running_stack


def descendants(root: int) -> set[int]:
    """Every process below ``root`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rfind(")") + 2 :].split()[1])
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def running(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (zombies have finished)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def test_a_killed_stack_leaves_no_process_behind(tmp_path: Path) -> None:
    with running_stack(tmp_path) as stack:
        assert stack.pid is not None
        below = descendants(stack.pid)
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in below]
        assert any(b"emulator_server" in command for command in commands), "the emulator is a child"
        assert sum(b"forkserver" in command for command in commands) >= 2, "the demo data ran workers"
        os.kill(stack.pid, signal.SIGKILL)  # no chance to stop anything itself
        deadline = time.monotonic() + 15
        while running(below) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert running(below) == set()
