"""Every function has sample events, and every sample event is a route of the template."""

from __future__ import annotations

import json
from pathlib import Path

from local_stack.template import Template

ROOT = Path(__file__).resolve().parents[2]


def test_every_function_has_an_event_and_every_event_a_route(template: Template) -> None:
    functions = template.resolve_functions()
    folders = {spec.code_dir.name: spec for spec in functions.values()}
    assert {p.name for p in (ROOT / "functions").iterdir() if p.is_dir()} == set(folders)
    for folder, spec in folders.items():
        samples = sorted((ROOT / "events" / folder).glob("*.json"))
        assert samples, f"no sample event for {folder}"
        routes = {(route.method, route.path) for route in spec.routes}
        for sample in samples:
            event = json.loads(sample.read_text())
            if "httpMethod" in event:
                assert (event["httpMethod"], event["resource"]) in routes, (
                    f"{sample}: not a route of {spec.logical_id}"
                )
            else:
                assert spec.schedules, (
                    f"{sample}: a scheduled event for {spec.logical_id}, which has no schedule"
                )
                assert event["detail-type"] == "Scheduled Event"
