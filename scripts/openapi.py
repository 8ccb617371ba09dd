"""Build the API's OpenAPI document from every handler's routes (Powertools OpenAPI merge).

python scripts/openapi.py --write   # regenerate layers/shared/digitization/openapi.json
python scripts/openapi.py --check   # exit 1 if the committed document is stale
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "layers" / "shared" / "digitization" / "openapi.json"

DESCRIPTION = (
    "Digitization requests, digitization and copyright rules, approvals, delivery and access rights "
    "for a library. Log in with Cognito (USER_PASSWORD_AUTH) and send the ID token as "
    '`Authorization: Bearer <token>`. Errors are `{"error": {"code", "message", "field"}}`.'
)


TAGS = {
    "Requests": "Digitization requests: create, list, read, edit (SPEC §3)",
    "Workflow": "Moving a request on: scan-in (by id or by barcode at a department), locate, next step, cancel, "
    "change of digitization",
    "Notes": "Staff notes on a request",
    "Departments": "Departments: where items are scanned in and worked on (digitization or other)",
    "Catalogue": "Titles' bibliographic facts and the items held for them: the facts the rules decide on",
    "Approvals": "Approval and copyright clearance: the list, work on, approve, reject, attachments",
    "Delivery": "Delivery files, delivering, and the patron's view-limited download link",
    "Rules": "The ordered digitization and copyright rules, presets, the dry run, copyright publishers",
    "Access rights": "Access-rights policies for digital objects (SPEC §6)",
    "Digital objects": "The viewer: access answer, copyright declaration, file links",
    "Copyright declarations": "The five declaration forms and the resource sharing declaration",
    "Code tables": "Citation default copyright statuses and resource sharing copyright statuses",
    "Letter templates": "The wording of the notification letters: placeholders, languages, history",
    "Settings": "Service settings and their history",
    "Reports": "Compliance reports: CONTU rule of five, CLA course limit (JSON or CSV)",
}


def build() -> str:
    """The merged document as stable, indented JSON."""
    sys.path.insert(0, str(ROOT / "layers" / "shared"))
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "LibraryDigitization")
    from aws_lambda_powertools.event_handler import APIGatewayRestResolver
    from aws_lambda_powertools.event_handler.openapi.models import Contact, HTTPBearer, License, Tag

    from digitization.http import document_routes

    combined = APIGatewayRestResolver(enable_validation=True)
    for path in sorted((ROOT / "functions").glob("*/app.py")):
        spec = importlib.util.spec_from_file_location(f"functions_{path.parent.name}", path)
        assert spec
        assert spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        router = getattr(module, "router", None)
        if router is not None:  # scheduled functions have no routes
            combined.include_router(router)
    document_routes(combined)
    schema = combined.get_openapi_json_schema(
        title="Library Digitization & Copyright Service",
        version="1.0.0",
        description=DESCRIPTION,
        contact=Contact(name="Library digitization service", email="library@example.edu"),
        license_info=License(name="Proprietary", url="https://example.edu/library/terms"),
        tags=[Tag(name=name, description=text) for name, text in TAGS.items()],
        security_schemes={"cognito": HTTPBearer(bearerFormat="JWT", description="Cognito ID token")},
        security=[{"cognito": []}],
    )
    return json.dumps(tidy(json.loads(schema)), indent=1, sort_keys=True) + "\n"


def tidy(document: dict[str, Any]) -> dict[str, Any]:
    """What the generator cannot say: 204 and 3xx answers have no body; unused schemas go."""
    for operations in document["paths"].values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if status == "204" or status.startswith("3"):
                    response.pop("content", None)
    schemas = document.get("components", {}).get("schemas", {})
    text = json.dumps(document["paths"])
    used: set[str] = set()
    pending = [name for name in schemas if f'"#/components/schemas/{name}"' in text]
    while pending:
        name = pending.pop()
        if name in used:
            continue
        used.add(name)
        inner = json.dumps(schemas[name])
        pending += [other for other in schemas if f'"#/components/schemas/{other}"' in inner]
    for name in set(schemas) - used:
        del schemas[name]
    return document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    document = build()
    if args.write:
        TARGET.write_text(document)
        print(f"wrote {TARGET.relative_to(ROOT)}")
        return 0
    if args.check:
        stale = not TARGET.exists() or TARGET.read_text() != document
        if stale:
            print("openapi.json is stale: run `make openapi`", file=sys.stderr)
        return 1 if stale else 0
    sys.stdout.write(document)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
