"""template.yaml is the only description of the infrastructure."""

from __future__ import annotations

import re
from pathlib import Path

from digitization.config import Settings
from local_stack.resources import Stack
from local_stack.template import Template

ROOT = Path(__file__).resolve().parents[2]
RESOURCE_VARIABLES = {"REQUESTS_TABLE", "CONFIG_TABLE", "IDEMPOTENCY_TABLE", "FILES_BUCKET"}


def test_every_resource_the_code_reads_comes_from_the_template(aws: Stack, template: Template) -> None:
    created = set(aws.tables.values()) | set(aws.buckets.values())
    for spec in template.resolve_functions(aws.physical_ids).values():
        for variable in RESOURCE_VARIABLES:
            assert spec.environment[variable] in created, (
                f"{spec.logical_id}: {variable} names no template resource"
            )


def test_settings_read_exactly_the_template_variables() -> None:
    settings_fields = {name.upper() for name in Settings.model_fields}
    assert settings_fields >= RESOURCE_VARIABLES


def test_no_resource_names_in_code_and_no_scan() -> None:
    code = [p for folder in ("layers/shared", "functions") for p in (ROOT / folder).rglob("*.py")]
    for path in code:
        text = path.read_text()
        assert not re.search(r"\.scan\(|['\"]Scan['\"]", text), f"{path}: a DynamoDB Scan on a request path"
        assert "create_table" not in text, f"{path}: infrastructure is described only by template.yaml"


def test_every_table_the_models_use_is_created_with_their_indexes(aws: Stack) -> None:
    import boto3

    from digitization.data.models import RequestRecord

    described = boto3.client("dynamodb").describe_table(TableName=aws.tables["RequestsTable"])["Table"]
    declared = {index.Meta.index_name for index in RequestRecord._indexes.values()}
    assert declared <= {gsi["IndexName"] for gsi in described["GlobalSecondaryIndexes"]}
