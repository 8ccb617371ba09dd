"""scripts/publish_web.py: what `make deploy` uploads to the web bucket behind CloudFront (moto)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import boto3
import pytest
from moto import mock_aws

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = {
    "ApiUrl": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod",
    "UserPoolClientId": "client-1",
    "WebBucketName": "site-bucket",
    "WebDistributionId": "E123",
    "WebUrl": "https://d111.cloudfront.net",
}


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("publish_web", ROOT / "scripts" / "publish_web.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "t",
        "AWS_SECRET_ACCESS_KEY": "t",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(
            Bucket="site-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        yield client


def test_the_site_folder_and_its_config_are_uploaded_and_stale_files_removed(
    script: ModuleType, s3: object
) -> None:
    client = boto3.client("s3", region_name="eu-west-1")
    client.put_object(Bucket="site-bucket", Key="app/removed.js", Body=b"old")
    invalidated: list[bool] = []
    config = script.web_config(OUTPUTS, "eu-west-1")
    keys = script.publish(client, "site-bucket", ROOT / "web", config, lambda: invalidated.append(True))
    # Every file of web/, then config.json; the file no longer in web/ is gone; CloudFront was told
    assert "index.html" in keys
    assert "app/main.js" in keys
    stored = {item["Key"] for item in client.list_objects_v2(Bucket="site-bucket")["Contents"]}
    assert stored == set(keys)
    assert "app/removed.js" not in stored
    assert invalidated == [True]
    page = client.get_object(Bucket="site-bucket", Key="index.html")
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "no-cache"
    assert (
        client.get_object(Bucket="site-bucket", Key="app/main.js")["ContentType"]
        == "text/javascript; charset=utf-8"
    )
    served = json.loads(client.get_object(Bucket="site-bucket", Key="config.json")["Body"].read())
    assert served == {
        "api_url": OUTPUTS["ApiUrl"],
        "region": "eu-west-1",
        "user_pool_client_id": "client-1",
        "cognito_endpoint": "https://cognito-idp.eu-west-1.amazonaws.com/",
    }


def test_the_stack_name_comes_from_samconfig(script: ModuleType, tmp_path: Path) -> None:
    saved = tmp_path / "samconfig.toml"
    saved.write_text(
        'version = 0.1\n[default.deploy.parameters]\nstack_name = "library"\nregion = "eu-west-1"\n'
    )
    assert script.saved_deploy_settings(saved) == {"stack_name": "library", "region": "eu-west-1"}
    assert script.saved_deploy_settings(tmp_path / "missing.toml") == {}
