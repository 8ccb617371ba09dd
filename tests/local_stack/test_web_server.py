"""local_stack.web: the web app served as CloudFront serves it (site folder, page addresses, config.json)."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from local_stack.template import Template
from local_stack.web import CONFIG_PATH, WebServer, site_folder

ROOT = Path(__file__).resolve().parents[2]
CONFIG = {
    "api_url": "http://127.0.0.1:3000",
    "region": "us-east-1",
    "user_pool_client_id": "client",
    "cognito_endpoint": "http://127.0.0.1:4566",
}


def site(tmp_path: Path) -> WebServer:
    (tmp_path / "app").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>app</title>")
    (tmp_path / "app" / "main.js").write_text("export {};")
    (tmp_path.parent / "secret.txt").write_text("outside the site")
    server = WebServer(port=0)
    server.folder = tmp_path.resolve()
    server.config = CONFIG
    server.connect_sources = ("http://127.0.0.1:3000", "http://127.0.0.1:4566")
    return server


def test_the_templates_web_bucket_names_the_site_folder(
    real_template: Template, tiny_template: Template
) -> None:
    assert site_folder(real_template) == ROOT / "web"
    assert site_folder(tiny_template) is None, "a template without a site: no web app"


def test_page_addresses_get_the_app_files_get_themselves(tmp_path: Path) -> None:
    server = site(tmp_path)
    for page in ("/", "/requests", "/d/some-token", "/staff/rules?x=1"):
        status, headers, body = server.answer(page)
        assert (status, body) == (200, b"<!doctype html><title>app</title>"), page
        assert headers["Content-Type"].startswith("text/html")
    status, headers, body = server.answer("/app/main.js")
    assert (status, body) == (200, b"export {};")
    assert headers["Content-Type"].startswith("text/javascript")
    assert headers["Cache-Control"] == "no-cache"


def test_nothing_outside_the_folder_and_no_made_up_files(tmp_path: Path) -> None:
    server = site(tmp_path)
    assert server.answer("/../secret.txt")[0] == 404
    assert server.answer("/%2e%2e/secret.txt")[0] == 404
    assert server.answer("/app/missing.js")[0] == 404


def test_config_and_security_headers(tmp_path: Path) -> None:
    server = site(tmp_path)
    status, headers, body = server.answer(CONFIG_PATH)
    assert status == 200
    assert json.loads(body) == CONFIG
    assert headers["Cache-Control"] == "no-store"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self' http://127.0.0.1:3000 http://127.0.0.1:4566" in policy
    assert headers["X-Frame-Options"] == "DENY"


def test_served_on_its_own_port_and_stopped(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>app</title>")
    server = WebServer(port=0)
    url = server.bind()
    server.start(tmp_path, CONFIG)
    try:
        assert requests.get(url + "/d/abc", timeout=10).status_code == 200
        assert requests.get(url + CONFIG_PATH, timeout=10).json()["api_url"] == CONFIG["api_url"]
    finally:
        server.stop()
    try:
        requests.get(url, timeout=2)
    except requests.ConnectionError:
        pass
    else:
        raise AssertionError("the port is closed after stop()")
