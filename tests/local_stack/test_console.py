"""What a worker prints: readable log lines on the console, metric records in a file."""

from __future__ import annotations

import io
import json
from pathlib import Path

from local_stack.workers import Console

EMF = {
    "_aws": {"Timestamp": 1, "CloudWatchMetrics": [{"Namespace": "N", "Metrics": [{"Name": "X"}]}]},
    "X": [1.0],
}
LOG = {
    "level": "INFO",
    "location": "dispatch:35",
    "message": "letter sent",
    "timestamp": "2026-11-30 11:26:57,739+0000",
    "service": "digitization",
    "cold_start": False,
    "function_name": "test-function",
    "function_request_id": "abc",
    "request_id": "r1",
    "letter": "cancelled",
}


def test_metric_records_go_to_the_file_and_log_lines_become_one_readable_line(tmp_path: Path) -> None:
    # Given a console writing metrics to a file
    out = io.StringIO()
    metrics = tmp_path / "metrics.jsonl"
    console = Console(out, metrics)
    # When a handler prints a metric record, a log line (in two writes) and plain text
    console.write(json.dumps(EMF) + "\n")
    text = json.dumps(LOG)
    console.write(text[:20])
    console.write(text[20:] + "\nplain words\n")
    # Then the record is in the file, and the console shows a person's lines
    assert [json.loads(line) for line in metrics.read_text().splitlines()] == [EMF]
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("INFO    worker: letter sent  request_id=r1 letter=cancelled")
    assert lines[1] == "plain words"
    assert "_aws" not in out.getvalue()


def test_without_a_file_metric_records_are_dropped() -> None:
    out = io.StringIO()
    Console(out, None).write(json.dumps(EMF) + "\n")
    assert out.getvalue() == ""
