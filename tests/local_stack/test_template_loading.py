"""template.yaml is read, SAM-transformed and resolved the way CloudFormation would."""

from __future__ import annotations

from pathlib import Path

import pytest

from local_stack.template import Template, TemplateError, effective_parameters, load_template

ROOT = Path(__file__).resolve().parents[2]


def test_globals_are_merged_into_every_function(real_template: Template) -> None:
    functions = real_template.functions
    assert "CreateRequestFunction" in functions
    create = functions["CreateRequestFunction"]
    assert (create.handler, create.timeout_s, create.memory_mb) == ("app.lambda_handler", 29, 512)
    assert create.code_dir == ROOT / "functions" / "create_request"
    for spec in functions.values():
        assert spec.runtime == "python3.12"
        assert spec.code_dir.is_relative_to(ROOT / "functions")
        assert spec.layers == (ROOT / "layers" / "shared",)
        assert spec.environment["STAGE"] == "dev"
        assert spec.environment["LOG_LEVEL"] == "DEBUG"  # Fn::FindInMap on the Stage
        assert spec.environment["CLEANUP_DAYS"] == "30"


def test_api_routes_come_from_the_events(real_template: Template) -> None:
    routes = {(r.method, r.path): r for r in real_template.routes}
    create = routes[("POST", "/requests")]
    assert create.function == "CreateRequestFunction"
    assert create.authorizer == "CognitoAuthorizer"
    assert create.auth_type == "cognito_user_pools"
    assert routes[("PATCH", "/requests/{id}/notes/{note_id}")].function == "NotesFunction"
    docs = routes[("GET", "/docs")]
    assert docs.function == "DocsFunction"
    assert not docs.authorized  # Auth: {Authorizer: NONE}
    for spec in real_template.functions.values():
        assert spec.routes or spec.schedules, f"{spec.logical_id} is neither routed nor scheduled"
        assert all(route.function == spec.logical_id for route in spec.routes)


def test_api_carries_stage_and_gateway_responses(real_template: Template) -> None:
    (api,) = real_template.apis()
    assert api.stage == "dev"
    unauthorized = api.gateway_responses["UNAUTHORIZED"]
    assert unauthorized["statusCode"] == "401"
    assert '"code": "unauthorized"' in unauthorized["responseTemplates"]["application/json"]


def test_parameters_can_be_overridden() -> None:
    template = load_template(ROOT / "template.yaml", {"Stage": "prod", "CleanupDays": "7"})
    spec = template.functions["CreateRequestFunction"]
    assert spec.environment["STAGE"] == "prod"
    assert spec.environment["LOG_LEVEL"] == "INFO"
    assert spec.environment["CLEANUP_DAYS"] == "7"
    assert template.resolver().condition("IsProd") is True


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"Stage": "qa"}, "not one of"),
        ({"CleanupDays": "0"}, "below"),
        ({"CleanupDays": "many"}, "not a number"),
        ({"Nope": "1"}, "unknown"),
    ],
)
def test_bad_parameters_are_refused(overrides: dict[str, str], message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        load_template(ROOT / "template.yaml", overrides)


def test_parameter_types() -> None:
    declared = {
        "Names": {"Type": "CommaDelimitedList", "Default": "a, b"},
        "Flag": {"Type": "String", "Default": True},
        "Required": {"Type": "String"},
    }
    assert effective_parameters(declared, {"Required": "x"}) == {
        "Names": ["a", "b"],
        "Flag": "true",
        "Required": "x",
    }
    with pytest.raises(TemplateError, match="no default"):
        effective_parameters(declared, {})


def test_physical_names(real_template: Template) -> None:
    assert real_template.planned_physical_id("RequestsTable") == "RequestsTable"
    assert real_template.planned_physical_id("FilesBucket") == "digitization-local-filesbucket"
    assert real_template.planned_physical_id("PatronGroup") == "patron"


def test_schedules_of_the_tiny_template(tiny_template: Template) -> None:
    (schedule,) = tiny_template.schedules
    assert schedule.expression == "rate(1 day)"
    assert schedule.function == "TickFunction"
    assert tiny_template.functions["TickFunction"].schedules == (schedule,)
    assert tiny_template.functions["TickFunction"].environment["GREETING"] == "tick"
