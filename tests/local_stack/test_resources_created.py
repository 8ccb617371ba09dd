"""create_resources builds every resource of template.yaml in moto, read back with boto3."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from local_stack.resources import SKIPPED_TYPES, Stack, create_resources, lifecycle_rule, site_buckets
from local_stack.template import Template


@pytest.fixture(scope="module")
def stack(real_template: Template) -> Iterator[Stack]:
    """The real template created in a fresh in-process moto (read-only for the tests)."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
            patch.delenv(name, raising=False)
        for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
            patch.setenv(name, value)
        with mock_aws():
            yield create_resources(real_template, boto3.Session(region_name="us-east-1"))


def declared(template: Template, resource_type: str) -> dict[str, dict[str, Any]]:
    return {r.logical_id: r.properties for r in template.of_type(resource_type)}


def test_every_table_with_its_indexes_and_ttl(stack: Stack, real_template: Template) -> None:
    dynamodb = boto3.client("dynamodb", region_name="us-east-1")
    tables = declared(real_template, "AWS::DynamoDB::Table")
    assert set(stack.tables) == set(tables)
    assert {"RequestsTable", "ConfigTable", "IdempotencyTable"} <= set(tables)
    for logical_id, props in tables.items():
        table = dynamodb.describe_table(TableName=stack.tables[logical_id])["Table"]
        assert table["TableName"] == logical_id
        assert table["KeySchema"] == props["KeySchema"]
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        assert table["SSEDescription"]["Status"] == "ENABLED"
        indexes = {i["IndexName"]: i["KeySchema"] for i in table.get("GlobalSecondaryIndexes", [])}
        assert indexes == {i["IndexName"]: i["KeySchema"] for i in props.get("GlobalSecondaryIndexes", [])}
        ttl = dynamodb.describe_time_to_live(TableName=logical_id)["TimeToLiveDescription"]
        if "TimeToLiveSpecification" in props:
            assert ttl["TimeToLiveStatus"] == "ENABLED"
            assert ttl["AttributeName"] == props["TimeToLiveSpecification"]["AttributeName"]
        else:
            assert ttl["TimeToLiveStatus"] == "DISABLED"
    assert "by_requester" in {
        i["IndexName"]
        for i in dynamodb.describe_table(TableName="RequestsTable")["Table"]["GlobalSecondaryIndexes"]
    }


def test_bucket_with_lifecycle_block_encryption_and_policy(stack: Stack) -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    bucket = stack.bucket
    assert bucket == "digitization-local-filesbucket"
    rules = {r["ID"]: r for r in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]}
    assert rules["delivery-cleanup"]["Filter"] == {"Prefix": "delivery/"}
    assert rules["delivery-cleanup"]["Expiration"] == {"Days": 30}
    assert rules["delivery-cleanup"]["Status"] == "Enabled"
    assert rules["abort-incomplete-uploads"]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(
        block[key]
        for key in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
    )
    encryption = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert encryption["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    ownership = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"]
    assert ownership == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    (statement,) = policy["Statement"]
    assert statement["Effect"] == "Deny"
    assert sorted(statement["Resource"]) == [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_user_pool_with_groups_and_client(stack: Stack) -> None:
    cognito = boto3.client("cognito-idp", region_name="us-east-1")
    pool = cognito.describe_user_pool(UserPoolId=stack.user_pool_id)["UserPool"]
    assert pool["Name"] == "digitization-local-users"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert pool["AutoVerifiedAttributes"] == ["email"]
    groups = {g["GroupName"] for g in cognito.list_groups(UserPoolId=stack.user_pool_id)["Groups"]}
    assert groups == {
        "patron",
        "work-order-operator",
        "fulfillment-services-manager",
        "digitization-manager",
        "fulfillment-admin",
    }
    client = cognito.describe_user_pool_client(
        UserPoolId=stack.user_pool_id, ClientId=stack.user_pool_client_id
    )["UserPoolClient"]
    assert client["ClientName"] == "digitization-local-client"
    assert "ALLOW_USER_PASSWORD_AUTH" in client["ExplicitAuthFlows"]
    assert "ClientSecret" not in client
    assert stack.clients_of_pool(stack.user_pool_id) == [stack.user_pool_client_id]


def test_sender_identity(stack: Stack) -> None:
    ses = boto3.client("ses", region_name="us-east-1")
    assert "library@example.edu" in ses.list_identities()["Identities"]


def test_every_table_or_bucket_a_function_names_exists(stack: Stack) -> None:
    created = set(stack.tables.values()) | set(stack.buckets.values())
    naming = {
        name
        for spec in stack.functions.values()
        for name, value in spec.environment.items()
        if name.endswith(("_TABLE", "_BUCKET"))
    }
    assert {"REQUESTS_TABLE", "CONFIG_TABLE", "IDEMPOTENCY_TABLE", "FILES_BUCKET"} <= naming
    for spec in stack.functions.values():
        for name in naming & set(spec.environment):
            assert spec.environment[name] in created, f"{spec.logical_id}: {name}={spec.environment[name]}"


def test_every_ref_to_a_table_or_bucket_resolves_to_a_created_resource(
    stack: Stack, real_template: Template
) -> None:
    sites = site_buckets(real_template)  # the web app's bucket: served by local_stack.web, not created
    wanted = {
        r.logical_id
        for r in real_template.resources.values()
        if r.type in {"AWS::DynamoDB::Table", "AWS::S3::Bucket"} and r.logical_id not in sites
    }
    created = set(stack.tables.values()) | set(stack.buckets.values())

    def refs(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            if isinstance(value.get("Ref"), str) and value["Ref"] in wanted:
                yield value["Ref"]
            for item in value.values():
                yield from refs(item)
        elif isinstance(value, list):
            for item in value:
                yield from refs(item)

    found = {
        ref
        for r in real_template.resources.values()
        if r.logical_id not in sites
        for ref in refs(r.properties)
    } - sites
    assert found == wanted
    for ref in found:
        assert stack.resolve({"Ref": ref}) in created


def test_outputs_resolve(stack: Stack) -> None:
    outputs = stack.outputs
    assert outputs["UserPoolId"] == stack.user_pool_id
    assert outputs["FilesBucketName"] == stack.bucket


def test_nothing_unexpected_is_skipped(stack: Stack, real_template: Template) -> None:
    sites = site_buckets(real_template)
    assert sites == {"WebBucket"}
    uncreated = {
        r.type
        for r in real_template.resources.values()
        if r.logical_id not in stack.physical_ids and r.logical_id not in {*sites, "WebBucketPolicy"}
    }
    assert uncreated <= set(SKIPPED_TYPES)
    assert "WebBucket" not in stack.physical_ids, "the web app's bucket is local_stack.web's folder"


def test_lifecycle_rule_translation() -> None:
    rule = {
        "Id": "r",
        "Status": "Enabled",
        "Prefix": "tmp/",
        "TagFilters": [{"Key": "k", "Value": "v"}],
        "ExpirationInDays": "3",
        "NoncurrentVersionExpirationInDays": 4,
        "Transitions": [{"StorageClass": "GLACIER", "TransitionInDays": 10}],
        "NoncurrentVersionTransitions": [{"StorageClass": "GLACIER", "TransitionInDays": 5}],
    }
    assert lifecycle_rule(rule) == {
        "ID": "r",
        "Status": "Enabled",
        "Filter": {"And": {"Prefix": "tmp/", "Tags": [{"Key": "k", "Value": "v"}]}},
        "Expiration": {"Days": 3},
        "NoncurrentVersionExpiration": {"NoncurrentDays": 4},
        "Transitions": [{"StorageClass": "GLACIER", "Days": 10}],
        "NoncurrentVersionTransitions": [{"StorageClass": "GLACIER", "NoncurrentDays": 5}],
    }
    assert lifecycle_rule({"Status": "Enabled", "ExpirationInDays": 1})["Filter"] == {}
    assert lifecycle_rule({"Status": "Enabled", "TagFilters": [{"Key": "a", "Value": "b"}]})["Filter"] == {
        "Tag": {"Key": "a", "Value": "b"}
    }


def test_environment_is_not_changed_by_creation(stack: Stack) -> None:
    assert "AWS_ENDPOINT_URL" not in os.environ
