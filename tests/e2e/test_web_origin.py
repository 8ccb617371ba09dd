"""The web app's origin over HTTP: the browser's preflights are answered by the API, the emulated Cognito
and the files bucket (unsigned, as browsers send them), and only that origin is let in."""

from __future__ import annotations

from typing import TYPE_CHECKING

import requests

if TYPE_CHECKING:
    from tests.e2e.conftest import RunningStack


def preflight(url: str, origin: str, headers: str = "content-type") -> requests.Response:
    return requests.options(
        url,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": headers,
        },
        timeout=30,
    )


def test_the_api_lets_the_web_app_in(stack: RunningStack) -> None:
    answer = preflight(f"{stack.api_url}/requests", stack.web_url, "authorization,content-type")
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == stack.web_url
    assert "Authorization" in answer.headers["Access-Control-Allow-Headers"]
    refused = stack.call("GET", "/requests", headers={"Origin": stack.web_url})
    assert refused.status_code == 401
    assert refused.headers["Access-Control-Allow-Origin"] == stack.web_url, "the browser can read the 401"


def test_cognito_sign_in_preflight_needs_no_signature(stack: RunningStack) -> None:
    answer = preflight(f"{stack.aws_endpoint_url}/", stack.web_url, "content-type,x-amz-target")
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] in {stack.web_url, "*"}


def test_the_files_bucket_lets_only_the_web_app_upload(stack: RunningStack) -> None:
    bucket = f"{stack.aws_endpoint_url}/{stack.state['bucket']}"
    allowed = preflight(bucket, stack.web_url)
    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == stack.web_url
    assert preflight(bucket, "https://elsewhere.example").status_code == 403
