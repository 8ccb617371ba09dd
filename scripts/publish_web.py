"""Publish the web app to a deployed stack: ``make deploy`` runs this after ``sam deploy``.

    python scripts/publish_web.py [--stack-name NAME] [--region REGION]

CloudFormation creates the private bucket and the CloudFront distribution in front of it, but does not
upload files. This reads the stack's outputs, uploads the template's site folder (the web bucket's
``Metadata: Content``) with the right content types, writes ``config.json`` (where the app finds the
API, Cognito and the app client at run time), removes files that are no longer in the folder, and asks
CloudFront to serve the new files at once. The stack name and region default to the ones
``sam deploy --guided`` saved in samconfig.toml.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import sys
import time
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import boto3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from local_stack.template import load_template  # noqa: E402
from local_stack.web import CONFIG_PATH, CONTENT_TYPES, site_folder  # noqa: E402

CACHE_CONTROL = "no-cache"  # CloudFront and browsers revalidate (ETag): a new deploy shows at once


def web_config(outputs: Mapping[str, str], region: str) -> dict[str, Any]:
    """config.json for a deployed stack: the same keys the local stack serves."""
    return {
        "api_url": outputs["ApiUrl"],
        "region": region,
        "user_pool_client_id": outputs["UserPoolClientId"],
        "cognito_endpoint": f"https://cognito-idp.{region}.amazonaws.com/",
    }


def content_type(path: Path) -> str:
    return (
        CONTENT_TYPES.get(path.suffix.lower())
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream"
    )


def publish(
    s3: Any,
    bucket: str,
    folder: Path,
    config: Mapping[str, Any],
    invalidate: Callable[[], None] | None = None,
) -> list[str]:
    """Upload ``folder`` and ``config`` to ``bucket``, remove what is no longer there; returns the keys."""
    keys: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        key = path.relative_to(folder).as_posix()
        s3.put_object(
            Bucket=bucket,
            Key=key,
            Body=path.read_bytes(),
            ContentType=content_type(path),
            CacheControl=CACHE_CONTROL,
        )
        keys.append(key)
    config_key = CONFIG_PATH.lstrip("/")
    s3.put_object(
        Bucket=bucket,
        Key=config_key,
        Body=json.dumps(dict(config), indent=2).encode(),
        ContentType="application/json",
        CacheControl="no-store",
    )
    keys.append(config_key)
    stale = [
        item["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for item in page.get("Contents", [])
        if item["Key"] not in keys
    ]
    for start in range(0, len(stale), 1000):
        s3.delete_objects(
            Bucket=bucket,
            Delete={"Objects": [{"Key": key} for key in stale[start : start + 1000]], "Quiet": True},
        )
    if invalidate is not None:
        invalidate()
    return keys


def saved_deploy_settings(path: Path = ROOT / "samconfig.toml") -> dict[str, str]:
    """stack_name and region from samconfig.toml (written by ``sam deploy --guided``), if it is there."""
    if not path.exists():
        return {}
    parameters = tomllib.loads(path.read_text()).get("default", {}).get("deploy", {}).get("parameters", {})
    return {key: str(parameters[key]) for key in ("stack_name", "region") if key in parameters}


def main(argv: list[str] | None = None) -> int:
    saved = saved_deploy_settings()
    parser = argparse.ArgumentParser(description="Upload the web app to a deployed stack's web bucket.")
    parser.add_argument("--stack-name", default=saved.get("stack_name"))
    parser.add_argument("--region", default=saved.get("region"))
    args = parser.parse_args(argv)
    if not args.stack_name:
        parser.error("no --stack-name, and samconfig.toml has none (run sam deploy --guided first)")
    session = boto3.Session(region_name=args.region)
    region = session.region_name or "us-east-1"
    stack = session.client("cloudformation").describe_stacks(StackName=args.stack_name)["Stacks"][0]
    outputs = {item["OutputKey"]: item["OutputValue"] for item in stack.get("Outputs", [])}
    folder = site_folder(load_template(ROOT / "template.yaml", region=region))
    if folder is None:
        parser.error("template.yaml declares no site folder (Metadata: Content on the web bucket)")
    cloudfront = session.client("cloudfront")

    def invalidate() -> None:
        cloudfront.create_invalidation(
            DistributionId=outputs["WebDistributionId"],
            InvalidationBatch={
                "Paths": {"Quantity": 1, "Items": ["/*"]},
                "CallerReference": str(time.time()),
            },
        )

    keys = publish(
        session.client("s3"), outputs["WebBucketName"], folder, web_config(outputs, region), invalidate
    )
    print(f"published {len(keys)} files; the web app is at {outputs['WebUrl']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
